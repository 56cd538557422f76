"""Student ids and names on their way out: safe file names, CSV cells that a spreadsheet will
not run as formulas, Markdown that shows text as text, and text for a terminal that cannot
forge lines or send escape sequences. (HTML is escaped by the report templates' autoescape.)

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
    text = inert(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Characters that do something in a terminal or a viewer rather than show (ESC starts a terminal
# sequence: `cat report.md` would set the title or clear the screen): every control character
# but tab and the line ends.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escaped(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with each character ``pattern`` matches as its visible escape (``\\x1b``,
    ``\\udce9``), as Python and the terminal show it."""
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def inert(text: object) -> str:
    """``text`` for a file a person opens: each control character but tab and line ends as its
    visible escape (``\\x1b``), as the terminal shows it."""
    return escaped(_CONTROLS, str(text))


# What gives text a meaning in CommonMark, GitHub's tables and bare links, and the usual math
# extensions, anywhere in a line (``*``, ``[``, ``!``, ``<``, ``&``, ``|``, ``$``, an ``_`` that
# is not inside a word, the ``@`` of an e-mail link, the ``:`` of ``http://``, the ``.`` of
# ``www.``) and at its start (a heading's ``#``, a list's ``-``, ``+`` or ``1.``, a quote's ``>``,
# an underline of ``=``); each is backslash-escaped, which CommonMark allows before any ASCII
# punctuation. Other punctuation stays as it is, readable: ``5.5``, ``-4^3``, ``d_theta0``.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*\[\]<>&!|~$@]|(?<![^\W_])_|_(?![^\W_])|:(?=/)|(?<=[wW]{3})\.")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(?:(>)|([#+\-=])(?=[#+\-=\s]|$)|(\d{1,9})([.)])(?=\s|$))")
# A line end starts a new block (a heading, a forged **Score** line, a table row): in a value,
# every kind of line end is a space.
_LINE_ENDS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LEADING_SPACE = re.compile("^[ \t]+")


def markdown_text(text: object) -> str:
    """``text`` as Markdown that renders as exactly this text, on one line, wherever it is
    put: ``![x](http://host/t.png)`` is no image, ``<b>`` no HTML, ``**Score**`` no bold."""
    # a run of spaces or tabs in front is one space: four at a line's start are a code block
    one_line = _LEADING_SPACE.sub(" ", inert(_LINE_ENDS.sub(" ", str(text))), count=1)
    escaped = _MARKDOWN_SYNTAX.sub(lambda m: "\\" + m.group(), one_line)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, escaped, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    space, quote, mark, number, dot = match.groups()
    return f"{space}\\{quote or mark}" if quote or mark else f"{space}{number}\\{dot}"


def markdown_code(text: object, in_table: bool = False) -> str:
    """``text`` as a Markdown code span, shown character for character (``<`` and ``&``
    too): fenced by more backticks than it holds in a row, padded with a space where its own
    backticks or spaces would merge with the fence. In a table a ``|`` is escaped, which GFM
    tables read as ``|`` inside code as well."""
    code = inert(_LINE_ENDS.sub(" ", str(text)))
    if in_table:
        code = code.replace("|", "\\|")
    if not code.strip(" "):
        return markdown_text(code) if code else ""
    fence = "`" * (max((len(run) for run in re.findall("`+", code)), default=0) + 1)
    pad = " " if code[0] == "`" or code[-1] == "`" or (code[0] == " " and code[-1] == " ") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


_ENTITY_START = re.compile(r"&(?! )")


def markdown_math(latex: object) -> str:
    """LaTeX that grader wrote (from a parsed answer) between ``$``: on one line, with nothing
    a Markdown renderer without math support would read as HTML, an entity or a link."""
    text = _LINE_ENDS.sub(" ", str(latex))
    # A matrix's column separator " & " stays: an & with a space after it starts no entity.
    text = _ENTITY_START.sub(r"\\&", text)
    for raw, command in (("<", r"\lt "), (">", r"\gt "), ("$", r"\$"), ("`", "'"),
                         ("[", r"\lbrack "), ("]", r"\rbrack ")):
        text = text.replace(raw, command)
    return f"${text}$"


# Control characters (a newline in a file name forges a summary line; ESC and OSC sequences
# reach the terminal), bidirectional overrides, and lone surrogates (a file name that is not
# UTF-8, a JSON "\\ud800") cannot be shown as they are.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: object) -> str:
    """``text`` for a terminal or a log line: every unprintable character as an escape
    (``\\n``, ``\\x1b``, ``\\udce9``), so one value is one line and shows what it is."""
    return escaped(_UNPRINTABLE, str(text))
