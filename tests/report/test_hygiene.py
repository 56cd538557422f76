"""Student ids and names going into file names and CSV cells."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from grader.report.hygiene import (
    FORMULA_STARTS,
    csv_cell,
    file_stem,
    inert,
    markdown_code,
    markdown_text,
    unique_file_stems,
)


@pytest.mark.parametrize("student,stem", [
    ("s001", "s001"),
    ("../../etc/passwd", "etc_passwd"),
    ("/absolute/path", "absolute_path"),
    ("..", "student"),
    ("", "student"),
    ("Chloë Bakker", "Chloe_Bakker"),
    ("a\\b", "a_b"),
    ("con", "student_con"),
    # Windows reserves a device name whatever its extension
    ("con.txt", "student_con.txt"),
    ("aux.1", "student_aux.1"),
    ("nul.tar.gz", "student_nul.tar.gz"),
    ("COM1.json", "student_COM1.json"),
    ("lpt\u00b9.md", "student_lpt1.md"),
    ("console", "console"),
    ("con_txt", "con_txt"),
    (".hidden", "hidden"),
    ("x" * 300, "x" * 60),
    ("名前", "student"),
])
def test_file_stem_is_safe(student, stem):
    assert file_stem(student) == stem


def test_colliding_ids_get_distinct_stable_stems():
    ids = ["a/b", "a_b", "A_B", "s1", "名前", "名字"]
    stems = unique_file_stems(ids)
    assert len(set(stems.values())) == len(ids)
    assert stems["s1"] == "s1"
    assert unique_file_stems(list(reversed(ids))) == stems
    assert all("/" not in s and not s.startswith(".") for s in stems.values())


def test_ids_with_lone_surrogates_get_distinct_stems():
    """A file name that is not UTF-8 (``r\\xe9.yaml`` read as ``r\\udce9``) or a JSON
    ``"\\ud800"`` is an id as any other: two of them cleaning to one stem get two hashes."""
    stems = unique_file_stems(["r\udce9", "r\udce8", "r"])
    assert len(set(stems.values())) == 3
    assert all(s.isascii() for s in stems.values())


@pytest.mark.parametrize("value,cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTAB", "'\tTAB"),
    ("7.25", "7.25"),
    ("Anouk", "Anouk"),
    (None, ""),
    ("-inf", "'-inf"),
    # text that one spreadsheet reads as a number and another may not: text is always prefixed
    ("-1.5", "'-1.5"),
    ("+3", "'+3"),
    ("-nan", "'-nan"),
    ("+Infinity", "'+Infinity"),
    ("-1_000", "'-1_000"),
    ("+1_0", "'+1_0"),
    ("\n=1+1", "'\n=1+1"),
    ("\uff1d1+1", "'\uff1d1+1"),
    # grader's own numbers (scores, counts) stay numbers
    (9.0, "9"),
    (7.25, "7.25"),
    (-1.5, "-1.5"),
    (3, "3"),
])
def test_csv_cells_cannot_become_formulas(value, cell):
    assert csv_cell(value) == cell


def test_csv_cell_round_trips_through_the_csv_module():
    out = io.StringIO()
    csv.writer(out).writerow([csv_cell("=1+1"), csv_cell("van Dijk, Julia"), csv_cell(-0.5)])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "van Dijk, Julia", "-0.5"]


# Markdown: what a CommonMark renderer (markdown-it-py, GFM tables on) makes of a value
_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_LINE_END = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile("[ \t]+")  # a browser shows a run of them as one
_PIECES = st.lists(st.sampled_from([*"ab1 \t\n\r*_[]()!<>&|~$@:/.#+-=`\\{}^%'\";,?\u2028é",
                                    "www.", "http://", "&amp;", "&#60;", "1. ", "- ", "![x](", "**"]),
                   max_size=12).map("".join)


def _shown(token) -> str:
    """The text of an inline token as a reader sees it; markup as <tags>."""
    return "".join(c.content if c.type in ("text", "text_special", "code_inline") else f"<{c.type}>"
                   for c in token.children or [])


@settings(max_examples=400, deadline=None)
@given(_PIECES)
def test_markdown_text_renders_as_the_text_in_a_line_and_at_its_start(text):
    expected = _SPACES.sub(" ", _LINE_END.sub(" ", text))
    for before in ("x ", "> "):  # within a line; where a line starts (a quote's text)
        tokens = _MARKDOWN.parse(before + markdown_text(text) + " x")
        inline = [t for t in tokens if t.type == "inline"]
        assert [t.type for t in tokens if not t.type.startswith("blockquote")] == \
            ["paragraph_open", "inline", "paragraph_close"], text
        shown = _SPACES.sub(" ", _shown(inline[0]))
        assert shown.strip() == _SPACES.sub(" ", f"{before.strip('> ')} {expected} x").strip(), text


@settings(max_examples=400, deadline=None)
@given(_PIECES)
def test_markdown_code_shows_every_character_also_in_a_table(text):
    expected = _LINE_END.sub(" ", text)
    if not expected.strip(" "):
        return
    tokens = _MARKDOWN.parse(f"x {markdown_code(text)} x")
    assert [c.content for c in tokens[1].children if c.type == "code_inline"] == [expected]
    table = _MARKDOWN.parse(f"| a | b |\n|---|---|\n| {markdown_text(text) or '-'} | {markdown_code(text, True)} |\n")
    assert len([t for t in table if t.type == "tr_open"]) == 2, text  # one row, however hostile
    cells = [t for t in table if t.type == "inline"][2:]
    assert [c.content for c in cells[1].children if c.type == "code_inline"] == [expected]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_no_text_becomes_a_cell_a_spreadsheet_reads_as_a_formula(text):
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (inert(text), "'" + inert(text))  # control characters shown as their escapes


@pytest.mark.parametrize("text,markdown", [
    ("Anouk de Vries", "Anouk de Vries"),
    ("![x](http://host/t.png)", "\\!\\[x\\](http\\://host/t.png)"),
    ("[a](javascript:alert(1))", "\\[a\\](javascript:alert(1))"),
    ("Eve\n\n**Score: 9 / 9**", "Eve  \\*\\*Score: 9 / 9\\*\\*"),
    ("a | b", "a \\| b"),
    ("<b> &amp;", "\\<b\\> \\&amp;"),
    ("www.host.com, WWW.host.com, Www.host.com", "www\\.host.com, WWW\\.host.com, Www\\.host.com"),
    ("mail@host.com", "mail\\@host.com"),
    ("# Title", "\\# Title"),
    ("- item", "\\- item"),
    ("1. one", "1\\. one"),
    ("> quote", "\\> quote"),
    ("    code", " code"),
    # readable where nothing could start: a score, a negative number, an index, a product
    ("5.5 / 8", "5.5 / 8"),
    ("-4^3", "-4^3"),
    ("mse.d_theta0", "mse.d_theta0"),
    ("2*x", "2\\*x"),
])
def test_markdown_text(text, markdown):
    assert markdown_text(text) == markdown


@pytest.mark.parametrize("latex,markdown", [
    ("\\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\end{pmatrix}", "$\\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\end{pmatrix}$"),
    ("a &amp; b", "$a \\&amp; b$"),  # an & that could start an entity is escaped
    ("&#60;", "$\\&#60;$"),
    ("x < 1", "$x \\lt  1$"),
])
def test_markdown_math_keeps_a_matrix_and_starts_no_entity(latex, markdown):
    from grader.report.hygiene import markdown_math
    assert markdown_math(latex) == markdown
    rendered = MarkdownIt().render(markdown)  # no entity is decoded: every & shows as an &
    assert "&lt;" not in rendered and rendered.count("&amp;") == latex.count("&")
