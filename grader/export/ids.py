"""Which identifier goes under which id column: a column holds the kind of id its header says.

grader's student id is whatever the submissions (or a quiz export's id column) named: a student
number, or an email address after a Moodle import by ``Email address``. An email is never put
under Canvas's "SIS User ID" or Moodle's ``idnumber``; the roster's own columns come first.
"""

from __future__ import annotations

import re

from grader.export.roster import Person

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def is_email(text: str) -> bool:
    return _EMAIL.fullmatch(text) is not None


def canvas_ids(person: Person) -> tuple[str, str]:
    """(SIS User ID, SIS Login ID): the roster's, else grader's id under the column of its
    kind: an email address as the login (Canvas logins are often emails), anything else as
    the SIS user id."""
    email = is_email(person.id)
    return (person.sis_user_id or ("" if email else person.id),
            person.sis_login_id or (person.id if email else ""))


def moodle_id(person: Person, identifier: str) -> str:
    """The value of Moodle's identifier column ``identifier`` (idnumber, username, email);
    empty when neither the roster nor grader's id is of that kind (``id_warnings`` says so)."""
    if identifier == "email":
        return person.email or (person.id if is_email(person.id) else "")
    if identifier == "username":
        return person.sis_login_id or person.id
    return "" if is_email(person.id) else person.id


def id_warnings(people: list[Person], fmt: str, identifier: str) -> tuple[str, ...]:
    """What a teacher must know before uploading: rows without an identifier of the kind the
    platform matches on, and emails moved to the column of their kind."""
    if fmt == "moodle":
        empty = [p.id for p in people if not moodle_id(p, identifier)]
        if not empty:
            return ()
        other = "email" if identifier != "email" else "idnumber"
        return (f"moodle: {len(empty)} student(s) have no {identifier} ({_listed(empty)}): their rows cannot "
                f"be matched; export with --moodle-id {other}, or give a --roster with that column",)
    if fmt == "canvas":
        moved = [p.id for p in people if not p.sis_user_id and is_email(p.id)]
        if not moved:
            return ()
        return (f"canvas: {len(moved)} student id(s) are email addresses ({_listed(moved)}): exported under "
                "SIS Login ID, not SIS User ID; give a --roster with sis_user_id if your Canvas logins are "
                "not emails",)
    return ()


def _listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:5])
    return shown + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
