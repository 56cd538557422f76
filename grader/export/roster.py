"""A roster joins grader's student ids to LMS identities: a CSV with the columns ``id, name,
email, sis_user_id, sis_login_id, section`` (matched by header, any order; only ``id`` needed)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from grader.errors import GraderError
from grader.reading.csvio import Table

COLUMNS = ("id", "name", "email", "sis_user_id", "sis_login_id", "section")


@dataclass(frozen=True)
class Person:
    id: str
    name: str = ""
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""


def read_roster(path: Path) -> tuple[Person, ...]:
    """The roster's people in file order; a one-line error naming the file and what to fix."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise GraderError(f"cannot read the roster: {reason}", str(path)) from None
    table = Table(text, str(path))
    columns = _columns(table.headers, str(path))
    if "id" not in columns:
        raise GraderError(f"the roster needs an 'id' column (columns: {', '.join(COLUMNS)})", str(path), 1)
    people = []
    rows_of: dict[str, int] = {}
    for number, cells in enumerate(table.rows(), 2):
        values = {c: cells[k].strip() if k < len(cells) else "" for c, k in columns.items()}
        if not values["id"]:
            if any(cell.strip() for cell in cells):  # a person without an id would get nothing
                raise GraderError(f"row {number} has no student id; give one, or remove the row",
                                  str(path), number)
            continue
        values["id"] = unicodedata.normalize("NFC", values["id"])
        if values["id"] in rows_of:  # two gradebook rows, two LTI scores for one student
            raise GraderError(f"student id '{values['id']}' is on rows {rows_of[values['id']]} and {number}; "
                              "one row per student", str(path), number)
        rows_of[values["id"]] = number
        people.append(Person(**values))
    return tuple(people)


def _columns(headers: list[str], where: str) -> dict[str, int]:
    """Each known column's index, matched by header (any case, any order); a header that
    appears twice is an error: which of them is meant cannot be told."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = header.strip().lower()
        if name not in COLUMNS:
            continue
        if name in found:
            raise GraderError(f"two '{name}' columns (columns {found[name] + 1} and {index + 1}); keep the "
                              "one that is meant", where, 1)
        found[name] = index
    return found
