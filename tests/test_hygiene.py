"""Student ids and names going into file names and CSV cells."""

from __future__ import annotations

import csv
import io

import pytest

from grader.hygiene import csv_cell, file_stem, unique_file_stems


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
