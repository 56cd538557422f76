"""Student ids and names on their way out: safe file names, CSV cells that a spreadsheet will
not run as formulas, and text for a terminal that cannot forge lines or send escape sequences.
(HTML is escaped by the report templates' autoescape.)

Every exporter and report that writes a student's id or name uses these.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# what a spreadsheet may take as the start of a formula, with the full-width forms some read
# as the same, and a line end (a cell that starts on its own line)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_STEM = 60


def file_stem(text: str) -> str:
    """A file name stem made of ``text``: ASCII letters, digits, ``.``, ``_``, ``-`` only, no
    leading dot, never empty, never a path (``../../etc/passwd`` -> ``etc_passwd``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("_", ascii_text).strip("._-")[:MAX_STEM].strip("._-")
    # Windows reserves a device name whatever follows its first dot: con.txt, nul.tar.gz
    if not stem or stem.split(".")[0].lower() in _RESERVED:
        stem = f"student_{stem}" if stem else "student"
    return stem


def unique_file_stems(ids: list[str]) -> dict[str, str]:
    """A distinct, stable file stem for every id: ids that clean to the same stem (``a/b`` and
    ``a_b``, or ``Ä`` and ``A``) get a short hash of the id appended, whatever their order."""
    stems: dict[str, list[str]] = {}
    for student in sorted(set(ids)):
        stems.setdefault(file_stem(student).lower(), []).append(student)
    result = {}
    for group in stems.values():
        for student in group:
            stem = file_stem(student)
            if len(group) > 1:
                # surrogatepass: an id with a lone surrogate (a file name that is not UTF-8) has
                # bytes too, and two such ids keep two hashes
                digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()
                stem = f"{stem}-{digest[:8]}"
            result[student] = stem
    return result


def csv_cell(value: object) -> str:
    """Text for a CSV cell. A number (``int``, ``float``) is grader's own, a score or a count,
    and written as it is; text comes from people (ids, names, titles, feedback), and when it
    starts as a spreadsheet could read a formula it is prefixed with ``'``, whatever follows:
    ``=HYPERLINK(...)``, but also ``-1.5``, ``-nan``, ``+Infinity`` and ``-1_000``, which one
    spreadsheet takes as a number and another as a formula or a date."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Control characters (a newline in a file name forges a summary line; ESC and OSC sequences
# reach the terminal), bidirectional overrides, and lone surrogates (a file name that is not
# UTF-8, a JSON "\\ud800") cannot be shown as they are.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: object) -> str:
    """``text`` for a terminal or a log line: every unprintable character as an escape
    (``\\n``, ``\\x1b``, ``\\udce9``), so one value is one line and shows what it is."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
