"""A roster joins grader's student ids to LMS identities: a CSV with the columns ``id, name,
email, sis_user_id, sis_login_id, section`` (matched by header, any order; only ``id`` needed)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from grader.csvio import Table
from grader.errors import GraderError

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
    headers = {(h or "").strip().lower(): h for h in table.headers}
    if "id" not in headers:
        raise GraderError(f"the roster needs an 'id' column (columns: {', '.join(COLUMNS)})", str(path), 1)
    people = []
    for row in table:
        values = {c: (row.get(headers[c]) or "").strip() for c in COLUMNS if c in headers}
        if values.get("id"):
            values["id"] = unicodedata.normalize("NFC", values["id"])
            people.append(Person(**values))
    return tuple(people)
