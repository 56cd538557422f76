"""Issue 24's hostile corpus for what grader writes: a class whose ids, names, answers and file
names are built to break reports and exports (lone surrogates, control characters, Markdown and
HTML syntax, formula cells) is graded, reported and exported; every file is written and reads
as what it claims to be."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from grader.report.hygiene import FORMULA_STARTS, inert
from grader.report.labels import DUTCH
from tests.conftest import ROOT
from tests.hostile_corpus import HOSTILE_FILE_NAMES, HOSTILE_PEOPLE, write_hostile_class

CSV_FORMATS = ("canvas", "moodle", "csv")
EXPORTS = (*CSV_FORMATS, "lti", "junit")
# XML 1.0 allows these below U+0020 only
# every line end a value may hold: in a report it is a space
LINE_ENDS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
XML_CONTROLS = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory) -> Path:
    """Two ordinary students, the hostile people of the corpus, and the hostile file names."""
    folder = tmp_path_factory.mktemp("hostile") / "subs"
    write_hostile_class(folder)
    return folder


@pytest.fixture(scope="module")
def graded(hostile_class, tmp_path_factory) -> Path:
    """``grade`` with every report and export (gradescope's folder too) of the hostile class."""
    from click.testing import CliRunner

    from grader.cli import cli

    out = tmp_path_factory.mktemp("graded") / "out"
    result = CliRunner().invoke(cli, ["grade", str(ROOT / "exercises"), "-s", str(hostile_class), "-o", str(out),
                                      "-q", "-j", "2", "--report", "html,md",
                                      "--export", ",".join((*EXPORTS, "gradescope"))],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output  # the broken files: some submissions not graded
    return out


def _results(out: Path) -> list[dict]:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))["results"]


def test_every_report_and_export_is_written_for_a_hostile_class(graded):
    results = _results(graded)
    assert len(results) == 2 + len(HOSTILE_PEOPLE) + len(HOSTILE_FILE_NAMES)
    report = graded / "report"
    students = sorted(p.name for p in (report / "students").iterdir())
    assert len(students) == 2 * len([r for r in results if r["status"] == "graded"])
    assert all(name.isascii() and name.isprintable() for name in students)
    for name in ("index.html", "index.md", "items.csv"):
        assert (report / name).stat().st_size > 0
    exports = graded / "exports"
    for fmt, ext in (("canvas", "csv"), ("moodle", "csv"), ("csv", "csv"), ("lti", "jsonl"), ("junit", "xml")):
        assert (exports / f"{fmt}.{ext}").stat().st_size > 0
    assert len(list((exports / "gradescope").glob("*.json"))) == len(results)


def test_what_utf8_cannot_encode_is_written_as_its_visible_escape(graded):
    """A lone surrogate (a JSON "\\ud800", a file name that is not UTF-8) is shown as the
    terminal shows it: ``\\ud800``, ``\\udce9``; two such ids stay two ids."""
    overview = (graded / "report" / "index.md").read_text(encoding="utf-8")
    assert "Sur\\ud800rogate" in overview and "Sur\\udfffrogate" in overview
    ids = {row[0] for row in csv.reader(io.StringIO((graded / "exports" / "csv.csv").read_text(encoding="utf-8")))}
    assert {"s\\ud800x", "s\\ud801x"} <= ids
    canvas = (graded / "exports" / "canvas.csv").read_text(encoding="utf-8")
    assert "Sur\\ud800rogate" in canvas and "Sur\\udfffrogate" in canvas
    junit = (graded / "exports" / "junit.xml").read_text(encoding="utf-8")
    assert "r\\udce9.yaml" in junit
    for line in (graded / "exports" / "lti.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)  # JSON Lines still, the surrogate as JSON's own escape


def test_junit_with_hostile_file_names_is_well_formed_xml(graded):
    text = (graded / "exports" / "junit.xml").read_text(encoding="utf-8")
    assert not XML_CONTROLS & set(text)
    root = ElementTree.fromstring(text.encode("utf-8"))
    names = [suite.get("name") for suite in root]
    assert len(names) == len(_results(graded))
    assert any("esc\\x1b[31m.yaml" in (n or "") for n in names)  # shown, as an escape
    assert any("bel\\x07.yaml" in (n or "") for n in names)


@pytest.mark.parametrize("fmt", CSV_FORMATS)
def test_no_csv_cell_of_a_hostile_class_can_start_a_formula(graded, fmt):
    rows = list(csv.reader(io.StringIO((graded / "exports" / f"{fmt}.csv").read_text(encoding="utf-8"),
                                       newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=HYPERLINK(\"http://x\")" in cells or "'-nan" in cells
    if fmt == "csv":  # the scores of the ordinary students are numbers a spreadsheet sums
        anouk = next(row for row in rows if row[0] == "s01")
        assert float(anouk[rows[0].index("partial-derivatives score")]) == 9


def test_reports_and_exports_of_a_saved_hostile_run_are_written_again(graded, tmp_path, run):
    results = graded / "results.json"
    again = run("report", str(results), "--out", str(tmp_path / "report"))
    assert again.exit_code == 0, again.stderr
    for name in ("index.md", "index.html", "items.csv"):
        assert (tmp_path / "report" / name).read_bytes() == (graded / "report" / name).read_bytes()
    for fmt in (*EXPORTS, "gradescope"):
        target = tmp_path / f"export-{fmt}"
        done = run("export", str(results), "--format", fmt, "--out", str(target))
        assert done.exit_code == 0, (fmt, done.stderr)
        assert target.exists()


def test_check_html_of_notes_with_a_lone_surrogate_writes_the_report(tmp_path, run):
    notebook = json.loads((ROOT / "tests" / "data" / "notes" / "notebook.ipynb").read_text(encoding="utf-8"))
    notebook["metadata"]["grader"]["name"] = "Noa\ud800"
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"no\xe9.ipynb")))
    path.write_text(json.dumps(notebook), encoding="ascii")
    result = run("check", "partial-derivatives", str(path), "--html", str(tmp_path / "r.html"),
                 "--markdown", str(tmp_path / "r.md"))
    assert result.exit_code in (0, 1)
    assert "Noa\\ud800" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Noa\\ud800" in (tmp_path / "r.md").read_text(encoding="utf-8")


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _shown(text: str) -> str:
    """What a value looks like once written: line ends as spaces, control characters (ESC of a
    terminal sequence) and what UTF-8 cannot encode as their escapes."""
    return inert(LINE_ENDS.sub(" ", text)).encode("utf-8", "backslashreplace").decode("utf-8")


def _plain(token: Token) -> str:
    return "".join(child.content if child.type in ("text", "text_special", "code_inline") else
                   "\n" if child.type in ("softbreak", "hardbreak") else ""
                   for child in token.children or [])


def _bold(tokens: list[Token]) -> set[str]:
    """The text of every bold run: grader's score line and its findings' kinds, nothing else."""
    found, depth, run = set(), 0, ""
    for child in (c for t in tokens if t.type == "inline" for c in t.children or []):
        if child.type == "strong_open":
            depth, run = depth + 1, ""
        elif child.type == "strong_close":
            depth -= 1
            found.add(run)
        elif depth:
            run += child.content
    return found


def _students_report(graded: Path, student: str) -> str:
    result = next(r for r in _results(graded) if r["student"] == student)
    stem = next(p for p in (graded / "report" / "students").glob("*.md")
                if f"({_shown(student)})" in _plain_lines(p.read_text(encoding="utf-8")))
    assert result["status"] == "graded"
    return stem.read_text(encoding="utf-8")


def _plain_lines(markdown: str) -> str:
    return "\n".join(_plain(t) for t in _markdown().parse(markdown) if t.type == "inline")


@pytest.mark.parametrize("case,student,name,answer", HOSTILE_PEOPLE, ids=[c[0] for c in HOSTILE_PEOPLE])
def test_a_hostile_students_markdown_report_renders_as_their_text(graded, case, student, name, answer):
    """Rendered by a CommonMark renderer, the report shows the name and the answer character
    for character: no image, link, HTML, forged score line or new block comes of them."""
    text = _students_report(graded, student)
    html = _markdown().render(text)
    assert "<img" not in html and "<a " not in html and "<script" not in html.lower()
    tokens = _markdown().parse(text)
    lines = [_plain(t) for t in tokens if t.type == "inline"]
    assert f"Student: {_shown(name)} ({_shown(student)})" in lines
    score_lines = [t for t in tokens if t.type == "inline" and _plain(t).startswith("Score: ")]
    assert len(score_lines) == 1 and _plain(score_lines[0]) == "Score: 1 / 9"  # the real one, in bold
    assert next(c.type for c in score_lines[0].children or [] if c.content or c.type != "text") == "strong_open"
    assert _bold(tokens) <= {"Score: 1 / 9", *(f"{label}:" for label in (*DUTCH, *DUTCH.values()))}
    assert len([t for t in tokens if t.type == "heading_open" and t.tag == "h1"]) == 1
    codes = [child.content for t in tokens if t.type == "inline" for child in t.children or []
             if child.type == "code_inline"]
    assert _shown(answer) in codes  # < and & too, as the characters


def test_the_markdown_overview_of_a_hostile_class_keeps_its_table_and_its_own_links(graded):
    text = (graded / "report" / "index.md").read_text(encoding="utf-8")
    html = _markdown().render(text)
    assert "<img" not in html and "<script" not in html.lower()
    links = re.findall(r'<a href="([^"]*)"', html)
    assert links and all(re.fullmatch(r"students/[A-Za-z0-9._-]+\.md", link) for link in links)
    tokens = _markdown().parse(text)
    table_starts = [k for k, t in enumerate(tokens) if t.type == "table_open"]
    students = tokens[table_starts[-1]:]
    body_rows = [t for t in students if t.type == "tr_open"][1:]
    assert len(body_rows) == len(_results(graded))
    rendered = {_plain(t) for t in students if t.type == "inline"}
    for _case, _student, name, _answer in HOSTILE_PEOPLE:
        assert _shown(name).strip() in rendered  # a table cell drops the spaces at its ends
    assert not _bold(tokens)  # the overview has no bold of its own: none is forged


def test_feedback_in_markdown_exports_renders_as_text(graded):
    """Gradescope's and Moodle's feedback is Markdown: a file named like an image, and
    diagnosis words with a student's text in them, render as their text."""
    files = [json.loads(path.read_text(encoding="utf-8")) for path in (graded / "exports" / "gradescope").glob("*.json")]
    # the feedback of every task, and of a submission that could not be graded (its reason as
    # the failed "grader" test's output is the Gradescope format's own, not tested here)
    outputs = [text for data in files for text in (data.get("output", ""),
               *(test["output"] for test in data["tests"] if test["name"] != "grader"))]
    rows = list(csv.reader(io.StringIO((graded / "exports" / "moodle.csv").read_text(encoding="utf-8"))))
    feedback = [cell for row in rows[1:] for cell in row[2::2]]
    assert any("![x](http%3A%2F%2Fhost%2Ft.png).yaml" in _markdown().render(text) for text in outputs)
    for text in [*outputs, *feedback]:
        html = _markdown().render(text.removeprefix("'"))
        assert "<img" not in html and "<a " not in html and "<script" not in html.lower(), text


def test_no_file_written_holds_a_terminal_escape(graded):
    """`cat report.md` set the terminal's title and cleared the screen: a name's ESC and BEL
    reached the reports and the CSV gradebooks raw."""
    files = [p for p in graded.rglob("*") if p.is_file() and p.suffix in (".md", ".html", ".csv")]
    assert files
    for path in files:
        data = path.read_bytes()
        assert b"\x1b" not in data and b"\x07" not in data, path
