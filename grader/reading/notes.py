"""A student's own notes as a submission: Markdown with LaTeX (Obsidian, Typora, a course
repository) or a Jupyter notebook's Markdown cells, read into pieces of math, each with where
it stands and the words before it. Which piece answers which task is ``notemap``'s business.

What is read: ``$…$`` and ``$$…$$`` (also ``\\(…\\)`` and ``\\[…\\]``), over several lines too;
``\\begin{aligned}`` and ``align*`` blocks (rows that go on with ``&=`` make one chain
``a = b = c``; a row with a left side of its own is the next equation); remarks after
``\\leftarrow`` or ``\\quad \\text{…}`` are dropped. Code blocks, code cells and their outputs
are never read, let alone run; HTML is text (it is never rendered anywhere), so ``<script>``
in a note is only characters. Notes are data: bounded in size like any submission.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from grader.errors import GraderError
from grader.reading.answer_sheet import front_matter
from grader.results.model import Message

MAX_PIECES = 2_000      # math pieces read from one file; the rest is ignored, with a warning
MAX_PIECE_CHARS = 5_000  # longer math is no answer (the answer reader's own limit is smaller)
MAX_LABEL_CHARS = 80

DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.DOTALL)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)((?:\\\$|[^$])+?)(?<!\\)\$|\\\((.+?)\\\)", re.DOTALL)
ROW_SPACING = re.compile(r"\s*\[[^\]]*\]")  # \\[2pt] after a row's end
ALIGNED = re.compile(r"\\begin\{(aligned|align\*?|gathered|split)\}(.*?)\\end\{\1\}", re.DOTALL)
REMARK = re.compile(r"\\(?:leftarrow|Leftarrow|longleftarrow|quad|qquad)\s*\\text\{.*$", re.DOTALL)
ARROW = re.compile(r"\\(?:leftarrow|Leftarrow|gets)\b|←")
# what an arrow may assign to: θ, \theta_1, \mathbf{\theta}, \theta^{(1)}, (\theta_1, \theta_2)
ASSIGNED_NAME = (r"(?:\\(?:mathbf|vec|boldsymbol|bm)\s*\{?\s*)?\\?[^\W\d_]+\}?"
                 r"(?:_\{?\w+\}?)?(?:\^\{?\(?\w+\)?\}?)?")
ASSIGNED = re.compile(rf"\s*(?:{ASSIGNED_NAME}|\(\s*{ASSIGNED_NAME}(?:\s*,\s*{ASSIGNED_NAME})*\s*\))\s*")
FENCE = re.compile(r"^\s*(```|~~~)")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)]?)\s+")
MAX_SENTENCES = 5_000
LINE_MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$((?:\\\$|[^$])+?)(?<!\\)\$|\\\((.+?)\\\)")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Piece:
    """One piece of math in the notes: ``where`` (``notes.md:42``, in a notebook ``nb.ipynb:
    cell 3, line 2``), the math as written (remarks removed, aligned rows joined), and the words
    before it on its line or, when there are none, on the line before (``2 afgeleide``); and
    the Markdown heading of its section (``## Methode van Newton``; a ``#`` title above ``##``
    sections heads none)."""

    line: int
    where: str
    math: str
    label: str
    display: bool
    heading: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of the notes' words (``In $(0,0)$ een zadelpunt.``): where it stands, its
    words with the math left out, the math in it, and how many pieces of math come before its
    line ends (the problem it is in is that of those pieces)."""

    where: str
    words: str
    math: tuple[str, ...]
    after: int


@dataclass(frozen=True)
class Notes:
    front: dict[str, Any]
    pieces: tuple[Piece, ...]
    warnings: tuple[Message, ...] = ()
    sentences: tuple[Sentence, ...] = ()


def read_markdown(text: str, where: str) -> Notes:
    """Notes in Markdown; ``where`` names the file in every location. A first ``---`` that is
    never closed is a horizontal rule, not front matter."""
    found = front_matter(text, where) if _closed(text) else None
    front, start = found if found is not None else ({}, 0)
    lines = text.splitlines()
    pieces, warnings = _pieces(lines, start, lambda n: f"{where}:{n}")
    sentences = _sentences(_without_code(lines, start), lambda n: f"{where}:{n}", pieces, 0)
    return Notes(front, tuple(pieces), tuple(warnings), tuple(sentences))


def read_notebook(text: str, where: str) -> Notes:
    """A Jupyter notebook: its Markdown cells in order (code cells and outputs are skipped).
    A first Markdown cell with front matter names the student and the exercise, as in Markdown;
    so may the notebook's metadata under ``grader``."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise GraderError("not a Jupyter notebook (its JSON does not read)", where) from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise GraderError("not a Jupyter notebook (no list of cells)", where)
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    given = metadata.get("grader")
    front: dict[str, Any] = dict(given) if isinstance(given, dict) else {}
    pieces: list[Piece] = []
    warnings: list[Message] = []
    sentences: list[Sentence] = []
    heading = ""
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        body = "".join(str(s) for s in source) if isinstance(source, list) else str(source)
        start = 0
        if not pieces and not front and _closed(body):
            found = front_matter(body, f"{where}: cell {number}")
            if found is not None:
                front, start = found
        more, notes = _pieces(body.splitlines(), start, lambda n, c=number: f"{where}: cell {c}, line {n}",
                              heading)
        heading = (_headings(_without_code(body.splitlines(), start), heading) or [heading])[-1]
        before = len(pieces)
        pieces += more
        warnings += notes
        sentences += _sentences(_without_code(body.splitlines(), start),
                                lambda n, c=number: f"{where}: cell {c}, line {n}", more, before)
        if len(pieces) >= MAX_PIECES:
            break
    return Notes(front, tuple(pieces[:MAX_PIECES]), tuple(warnings), tuple(sentences[:MAX_SENTENCES]))


def _closed(text: str) -> bool:
    lines = text.splitlines()
    return bool(lines) and lines[0].strip() == "---" and any(line.strip() == "---" for line in lines[1:])


def _pieces(lines: list[str], start: int, place, heading: str = "") -> tuple[list[Piece], list[Message]]:
    """Math pieces of ``lines[start:]`` with their labels and headings (``heading``: the one
    before the first line); fenced code is skipped."""
    kept = _without_code(lines, start)
    headings = _headings(kept, heading)
    text = "\n".join(kept)
    offsets = [0]
    for line in kept:
        offsets.append(offsets[-1] + len(line) + 1)
    found: list[tuple[int, int, str, bool]] = []
    taken: list[tuple[int, int]] = []
    for match in DISPLAY.finditer(text):
        found.append((match.start(), match.end(), match.group(1) or match.group(2) or "", True))
        taken.append((match.start(), match.end()))
    for match in INLINE.finditer(text):
        if not any(a <= match.start() < b for a, b in taken):
            found.append((match.start(), match.end(), match.group(1) or match.group(2) or "", False))
    found.sort()
    pieces: list[Piece] = []
    warnings: list[Message] = []
    previous_end = -1
    for begin, end, math, display in found:
        if len(pieces) >= MAX_PIECES:
            warnings.append(Message("notes-too-many-pieces", (("where", place(_line_of(offsets, begin) + 1)),
                                                              ("count", str(MAX_PIECES)))))
            break
        row = _line_of(offsets, begin)
        after = previous_end - offsets[row] if previous_end > offsets[row] else None
        label = _label(kept, row, begin - offsets[row], after)
        previous_end = end
        for lines_in, equation in equations(math):
            cleaned = clean_math(equation)
            if not cleaned or len(cleaned) > MAX_PIECE_CHARS:
                continue
            number = row + 1 + lines_in
            pieces.append(Piece(number, place(number), cleaned, label if lines_in == 0 else "", display,
                                headings[row]))
    return pieces, warnings


def _sentences(lines: list[str], place, pieces: list[Piece], before: int) -> list[Sentence]:
    """The sentences of ``lines`` (headings are no sentences), split after ``.``, ``!``, ``?``
    and ``;`` outside math; ``pieces`` are those of the same lines, ``before`` the pieces
    before them."""
    found: list[Sentence] = []
    text = DISPLAY.sub(lambda m: "\n" * m.group(0).count("\n") or m.group(0), "\n".join(lines))
    for row, line in enumerate(text.split("\n")):
        if not line.strip() or HEADING.match(line):
            continue
        math: list[str] = []

        def hidden(match: re.Match[str], math: list[str] = math) -> str:
            math.append(next(g for g in match.groups() if g is not None))
            return f"\x00{len(math) - 1}\x00"

        words_only = LINE_MATH.sub(hidden, line)
        after = before + sum(piece.line <= row + 1 for piece in pieces)
        for part in SENTENCE_END.split(words_only):
            used = tuple(math[int(k)] for k in re.findall(r"\x00(\d+)\x00", part))
            words = " ".join(re.sub(r"\x00\d+\x00", " ", part).split())
            if words:
                found.append(Sentence(place(row + 1), words[:MAX_PIECE_CHARS], used, after))
        if len(found) >= MAX_SENTENCES:
            break
    return found


def _headings(lines: list[str], heading: str) -> list[str]:
    """The heading each line stands under (``heading`` before the first). A ``#`` heading is
    the title of notes that have ``##`` sections: it heads none of them (``# Hessiaan &
    Newton`` above a gradient step)."""
    found = [HEADING.match(line) for line in lines]
    sections = any(m is not None and len(m.group(1)) > 1 for m in found)
    result = []
    for match in found:
        if match is not None:
            heading = "" if sections and len(match.group(1)) == 1 else match.group(2)
        result.append(heading)
    return result


def _without_code(lines: list[str], start: int) -> list[str]:
    """The lines with everything before ``start`` and inside fenced code blocks blanked (kept as
    empty lines, so that line numbers stay those of the file)."""
    kept, fenced = [], False
    for index, line in enumerate(lines):
        if index < start:
            kept.append("")
            continue
        if FENCE.match(line):
            fenced = not fenced
            kept.append("")
            continue
        kept.append("" if fenced else line)
    return kept


def _line_of(offsets: list[int], position: int) -> int:
    low, high = 0, len(offsets) - 1
    while low < high - 1:
        middle = (low + high) // 2
        if offsets[middle] <= position:
            low = middle
        else:
            high = middle
    return low


def _label(lines: list[str], row: int, column: int, after: int | None) -> str:
    """The words before a piece: on its own line since the math before it (in ``start
    $\\theta = 4$, learning rate $0.1$`` the rate's label is ``learning rate``); else, first
    on its line, the nearest line above that has words and no math (``2 afgeleide``,
    ``update:``), unless a blank line or math comes first... within two lines."""
    before = _words(lines[row][after or 0:column])
    if before or after is not None:
        return before
    for above in range(row - 1, max(row - 3, -1), -1):
        line = lines[above]
        if "$" in line or "\\[" in line or "\\(" in line:
            return ""
        words = _words(line)
        if words:
            return words
    return ""


def _words(text: str) -> str:
    text = LIST_MARK.sub("", text.replace("**", "").replace("__", "")).strip()
    text = text.lstrip("#").strip().lstrip(",;:. ")
    return text[:MAX_LABEL_CHARS]


def equations(math: str) -> list[tuple[int, str]]:
    """An ``aligned``/``align*`` block holds one chain (rows go on with ``&= …``) or several
    equations (a row with a left side of its own starts the next): each with the number of
    lines into the math where it starts. Anything else is one equation."""
    found = ALIGNED.search(math)
    if found is None:
        return [(_lines_to(math, 0), math)]
    body_start = found.start(2)
    result: list[tuple[int, str]] = []
    for start, row in _rows(found.group(2)):
        text = row.replace("&", " ").strip()
        if not text:
            continue
        if result and text.startswith(("=", "≈", "\\approx")):
            offset, before = result[-1]
            result[-1] = (offset, f"{before} {text}")
        else:
            result.append((_lines_to(math, body_start + start), text))
    if not result:
        return [(_lines_to(math, 0), math)]
    before, after = math[:found.start()].strip(), math[found.end():].strip()
    if before:
        result[0] = (_lines_to(math, 0), f"{before} {result[0][1]}")
    if after:
        result[-1] = (result[-1][0], f"{result[-1][1]} {after}")
    return result


def _lines_to(math: str, at: int) -> int:
    """Lines into the math to its first character from ``at`` on: ``$$`` alone on a line
    puts the math on the next."""
    while at < len(math) and math[at].isspace():
        at += 1
    return math.count("\n", 0, at)


def _rows(body: str) -> list[tuple[int, str]]:
    """The rows of an alignment (split at ``\\\\``, and its spacing ``\\\\[2pt]``, outside
    nested environments such as a pmatrix), each with where it starts in ``body``."""
    rows, depth, start, k = [], 0, 0, 0
    while k < len(body):
        if body.startswith("\\begin{", k):
            depth += 1
        elif body.startswith("\\end{", k):
            depth -= 1
        elif body.startswith("\\\\", k) and depth == 0:
            rows.append((start, body[start:k]))
            spacing = ROW_SPACING.match(body, k + 2)
            k = spacing.end() if spacing else k + 2
            start = k
            continue
        k += 1
    rows.append((start, body[start:]))
    return rows


def clean_math(math: str) -> str:
    """The math as an answer: aligned rows joined into one chain, remarks dropped."""
    math = ALIGNED.sub(lambda m: _chain(m.group(2)), math)
    math = REMARK.sub("", math)
    return " ".join(_without_arrow_remark(math).split())


def _without_arrow_remark(math: str) -> str:
    """``6x^2y \\leftarrow eerst x`` points at a remark; ``\\theta \\leftarrow 4 - 0.1 \\cdot 24``
    is an assignment, kept (the answer reader takes ``θ ←`` as a label)."""
    arrow = ARROW.search(math)
    if arrow is None or ASSIGNED.fullmatch(math[:arrow.start()]):
        return math
    return math[:arrow.start()]


def _chain(body: str) -> str:
    """``a &= b \\\\ &= c`` -> ``a = b = c`` (rows of an aligned block, alignment marks out)."""
    rows = [row.replace("&", " ").strip() for _, row in _rows(body)]
    return " ".join(row for row in rows if row)
