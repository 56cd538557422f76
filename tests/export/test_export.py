"""Exports an LMS imports: golden files per format, the exact headers platforms read, CSV that
round-trips through the csv module with hostile cells, and never a false zero."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import GraderError
from grader.exercise.find import load_exercises
from grader.export import formats
from grader.export.gradebook import short_feedback
from grader.export.ids import canvas_ids, moodle_id
from grader.export.roster import Person, read_roster
from grader.export.write import FORMAT_NAMES, Options, export
from grader.results.model import Message, failed
from grader.running.classrun import grade_class
from tests.conftest import ROOT

ROSTER = ROOT / "tests" / "data" / "roster.csv"
STAMP = "2026-11-28T12:00:00.000Z"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("graded")
    graded = grade_class(load_exercises([str(ROOT / "exercises")]), [ROOT / "examples" / "submissions"], out).report
    # one that needs review and one that could not be graded: neither may become a 0
    results = list(graded.results)
    index = next(k for k, r in enumerate(results) if r.student == "s02")
    task = replace(results[index].tasks[0], verdict="timeout", score=None, message=Message("timeout"))
    results[index] = replace(results[index], tasks=(task, *results[index].tasks[1:]), needs_review=True,
                             score=results[index].score - 1)
    results.append(replace(failed("broken.yaml", "broken.yaml: YAML error", "s97", "Sam"),
                           exercise="partial-derivatives"))
    return replace(graded, results=tuple(results))


def options() -> Options:
    return Options(read_roster(ROSTER), {"gradient-descent": "4711"}, "idnumber", STAMP)


@pytest.mark.parametrize("fmt", [f for f in FORMAT_NAMES if f != "gradescope"])
def test_exports_golden(golden, report, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    export(report, fmt, out, options())
    golden(f"export/{fmt}.txt", out.read_text(encoding="utf-8"))


def test_gradescope_one_file_per_submission(golden, report, tmp_path):
    written, _ = export(report, "gradescope", tmp_path / "gs", options())
    assert len(written) == len(report.results)
    by_name = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in written}
    golden("export/gradescope-s08.json", (tmp_path / "gs" / "s08--gradient-descent.json").read_text(encoding="utf-8"))
    # Gradescope's spec requires a score unless every test has one: needs review and not
    # graded carry one, and their output says first that it is no final grade
    review = by_name["s02--partial-derivatives.json"]
    assert review["extra_data"]["grader_status"] == "review" and review["output"].startswith("**Nog niet definitief.**")
    assert all(t["output_format"] == "md" and t["visibility"] == "visible" for t in review["tests"])
    broken = by_name["s97--partial-derivatives.json"]
    assert broken["score"] == 0 and broken["output"].startswith("**Niet nagekeken.**")
    assert broken["tests"][0]["status"] == "failed"


def test_canvas_headers_and_points_possible(report, tmp_path):
    export(report, "canvas", tmp_path / "c.csv", options())
    rows = list(csv.reader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8"), newline="")))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert "Gradiënt descent (4711)" in rows[0]
    assert rows[1][0] == "Points Possible"
    by_sis = {r[2]: r for r in rows[2:]}
    assert by_sis["1008"][rows[0].index("Gradiënt descent (4711)")] == "7"
    assert by_sis["1099"][0] == "'=HYPERLINK(\"http://x\",\"click\")"  # neutralised, still readable
    assert by_sis["1099"][4] == "B\nnewline"                           # a newline survives
    s02 = by_sis["s02"]
    assert s02[rows[0].index("Partieel differentiëren")] == ""        # needs review: empty, not 0


def test_moodle_always_has_the_grade_beside_its_feedback(report, tmp_path):
    export(report, "moodle", tmp_path / "m.csv", options())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8"), newline="")))
    head = list(rows[0])
    assert head[0] == "idnumber"
    for title in ("Gradiënt descent", "Partieel differentiëren"):
        assert head.index(f"{title} feedback") == head.index(title) + 1
    hanna = next(r for r in rows if r["idnumber"] == "s08")
    assert hanna["Gradiënt descent"] == "7" and "gradient-as-sum" not in hanna["Gradiënt descent feedback"]
    assert "som" in hanna["Gradiënt descent feedback"]  # in the exercise's language (Dutch)
    broken = next(r for r in rows if r["idnumber"] == "s97")
    assert broken["Partieel differentiëren"] == "" and "YAML error" in broken["Partieel differentiëren feedback"]


def test_moodle_feedback_is_html_text_without_markdown(report, tmp_path):
    """Moodle shows its feedback column as HTML: Markdown's escapes and bold would show as typed."""
    export(report, "moodle", tmp_path / "m.csv", options())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8"), newline="")))
    feedback = [v for r in rows for k, v in r.items() if k.endswith(" feedback") and v]
    assert any("-2*y^5" in f for f in feedback) and any("exp(3*x^2)" in f for f in feedback)
    assert not any("\\" in f or "**" in f for f in feedback)
    result = next(r for r in report.results if r.tasks and r.tasks[0].diagnoses)
    task = replace(result.tasks[0], task="a<b&c")
    shown = short_feedback(replace(result, tasks=(task,)), "en", html=True)
    assert "a&lt;b&amp;c" in shown and "<b" not in shown


def test_lti_scores_are_given_only_when_final(report, tmp_path):
    export(report, "lti", tmp_path / "s.jsonl", options())
    scores = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    by = {(s["userId"], s["grader:exercise"]): s for s in scores}
    assert by[("s08", "gradient-descent")]["scoreGiven"] == 7.0
    assert by[("s08", "gradient-descent")]["gradingProgress"] == "FullyGraded"
    assert "scoreGiven" not in by[("s02", "partial-derivatives")]
    assert by[("s02", "partial-derivatives")]["gradingProgress"] == "PendingManual"
    assert by[("s97", "partial-derivatives")]["gradingProgress"] == "Failed"
    assert by[("s99", "partial-derivatives")]["gradingProgress"] == "NotReady"  # roster, no submission
    assert all(s["timestamp"] == STAMP for s in scores)


def test_junit_counts(report, tmp_path):
    export(report, "junit", tmp_path / "j.xml", options())
    root = ElementTree.parse(tmp_path / "j.xml").getroot()
    suites = {s.get("name"): s for s in root}
    finn = suites["s06 / gradient-descent"]
    assert (finn.get("tests"), finn.get("failures"), finn.get("errors")) == ("8", "3", "0")
    assert suites["s02 / partial-derivatives"].get("errors") == "1"      # the timeout
    assert suites["s97 / partial-derivatives"].get("errors") == "1"      # could not be graded


def test_roster_warnings_and_missing(report):
    from grader.export.gradebook import gradebook

    book = gradebook(report, read_roster(ROSTER))
    assert "student 's02' has a submission but no roster row" in book.warnings
    assert "s99 (roster) has no submission at all: exported as missing, not 0" in book.warnings
    assert [r.person.id for r in book.rows][:4] == ["s08", "s01", "s99", "s98"]  # roster order first


def test_a_roster_the_csv_module_cannot_read_is_one_line_with_its_line(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("id,name\ns01,Anna\ns02," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(GraderError) as caught:
        read_roster(path)
    assert str(caught.value).startswith(f"{path}:3: cannot read this CSV line (field larger than")


@pytest.mark.parametrize("text, says", [
    ("id,name\ns01,Anouk\ns02,Bram\ns01,Anouk again\n",
     ":4: student id 's01' is on rows 2 and 4; one row per student"),
    ("id,name,ID\ns01,Bram,s02\n", ":1: two 'id' columns (columns 1 and 3); keep the one that is meant"),
    ("Email,name,email\na@x,Bram,b@x\nc,d,e\n".replace("Email", "id,Email").replace("a@x", "s1,a@x")
     .replace("c,d,e", "s2,c,d,e"), ":1: two 'email' columns (columns 2 and 4)"),
    # a person without an id was skipped without a word: no sheet, no gradebook row
    ("id,name\ns01,Anouk\n ,Nobody\n", ":3: row 3 has no student id; give one, or remove the row"),
])
def test_a_roster_with_an_id_twice_or_a_column_twice_is_refused(tmp_path, text, says):
    """An id twice gave two gradebook rows and two LTI scores; of two `id` columns the second
    was used silently (Bram exported under Anouk's id)."""
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GraderError) as caught:
        read_roster(path)
    assert str(caught.value).startswith(str(path)) and says in str(caught.value)


def test_export_command(run, tmp_path):
    out = tmp_path / "out"
    assert run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q").exit_code == 0
    result = run("export", str(out / "results.json"), "--format", "canvas", "--out", str(tmp_path / "c.csv"),
                 "--assignment-id", "gradient-descent=4711")
    assert result.exit_code == 0 and (tmp_path / "c.csv").exists()
    bad = run("export", str(out / "results.json"), "--format", "canvas", "--out", str(tmp_path / "x.csv"),
              "--assignment-id", "4711")
    assert bad.exit_code == 2 and "EXERCISE=ID" in bad.stderr


def test_grade_writes_every_export_and_check_fails_under(run, tmp_path):
    out = tmp_path / "out"
    result = run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q",
                 "--export", "canvas,moodle,csv,gradescope,lti,junit")
    assert result.exit_code == 0
    names = sorted(p.name for p in (out / "exports").iterdir())
    assert names == ["canvas.csv", "csv.csv", "gradescope", "junit.xml", "lti.jsonl", "moodle.csv"]
    assert len(list((out / "exports" / "gradescope").glob("*.json"))) == 14  # beside them: .grader-files
    assert run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "--export", "pdf").exit_code == 2
    hanna = "examples/submissions/hanna.yaml"
    assert run("check", "gradient-descent", hanna, "--fail-under", "7").exit_code == 0
    assert run("check", "gradient-descent", hanna, "--fail-under", "7.5").exit_code == 1


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(['"', '\n', '\r', ',', '\x00', '""', 'id'])),
                max_size=12),
       st.booleans())
def test_any_roster_text_reads_or_is_refused_in_one_line(tmp_path_factory, pieces, huge):
    """Whatever a roster holds (quotes, NULs, stray line ends, a cell over the csv module's
    limit), reading it gives people or one line naming the file, never a traceback."""
    text = "id,name\n" + "".join(pieces) + ("," + "x" * 140_000 if huge else "")
    path = tmp_path_factory.mktemp("roster") / "roster.csv"
    path.write_text(text, encoding="utf-8")
    try:
        people = read_roster(path)
    except GraderError as exc:
        assert str(exc).startswith(f"{path}") and "\n" not in str(exc)
    else:
        assert all(person.id for person in people)


@pytest.mark.parametrize("person, identifier, value", [
    (Person("s08"), "idnumber", "s08"),
    (Person("hanna@example.org"), "idnumber", ""),                     # an email is no idnumber
    (Person("hanna@example.org"), "email", "hanna@example.org"),
    (Person("s08"), "email", ""),                                      # nor is a student number an email
    (Person("s08", email="hanna@example.org"), "email", "hanna@example.org"),
    (Person("s08", sis_login_id="hpeters"), "username", "hpeters"),
    (Person("hpeters"), "username", "hpeters"),
])
def test_moodle_identifier_is_of_the_kind_its_header_says(person, identifier, value):
    assert moodle_id(person, identifier) == value


@pytest.mark.parametrize("person, ids", [
    (Person("s08"), ("s08", "")),
    (Person("hanna@example.org"), ("", "hanna@example.org")),         # an email is a login, not a SIS id
    (Person("hanna@example.org", sis_user_id="1008"), ("1008", "hanna@example.org")),
    (Person("s08", sis_user_id="1008", sis_login_id="hpeters"), ("1008", "hpeters")),
])
def test_canvas_sis_columns_hold_their_kind_of_id(person, ids):
    assert canvas_ids(person) == ids


def test_grade_export_takes_the_export_options_and_puts_ids_under_their_kind(run, tmp_path):
    """After a Moodle quiz import (ids are emails) the emails went under Canvas's SIS User ID and
    Moodle's idnumber; and grade --export had no --moodle-id, --assignment-id or --timestamp."""
    quiz = ROOT / "tests" / "data" / "quiz"
    out = tmp_path / "out"
    result = run("grade", "gradient-descent", "--responses", str(quiz / "moodle-responses.csv"), "--map",
                 str(quiz / "moodle-map.yaml"), "-o", str(out), "-q", "--export", "canvas,moodle,lti",
                 "--assignment-id", "gradient-descent=4711", "--timestamp", STAMP)
    assert result.exit_code == 1, result.stderr  # one row names no student
    canvas = list(csv.DictReader(io.StringIO((out / "exports" / "canvas.csv").read_text(encoding="utf-8"))))
    hanna = next(r for r in canvas if r["SIS Login ID"] == "hanna@example.org")
    assert hanna["SIS User ID"] == "" and hanna["Gradiënt descent (4711)"] == "7"
    assert "canvas: 3 student id(s) are email addresses" in result.stderr
    assert "moodle: 3 student(s) have no idnumber" in result.stderr and "--moodle-id email" in result.stderr
    moodle = list(csv.DictReader(io.StringIO((out / "exports" / "moodle.csv").read_text(encoding="utf-8"))))
    assert {r["idnumber"] for r in moodle} == {""}
    assert all(json.loads(line)["timestamp"] == STAMP
               for line in (out / "exports" / "lti.jsonl").read_text(encoding="utf-8").splitlines())
    again = run("grade", "gradient-descent", "--responses", str(quiz / "moodle-responses.csv"), "--map",
                str(quiz / "moodle-map.yaml"), "-o", str(out), "-q", "--export", "moodle", "--moodle-id", "email")
    moodle = list(csv.DictReader(io.StringIO((out / "exports" / "moodle.csv").read_text(encoding="utf-8"))))
    assert sorted(r["email"] for r in moodle) == ["anouk@example.org", "ayse@example.org", "hanna@example.org"]
    assert "have no" not in again.stderr


def test_a_bad_export_option_stops_grade_before_grading(run, tmp_path):
    result = run("grade", "exercises", "-s", "examples/submissions", "-o", str(tmp_path / "out"), "-q",
                 "--export", "canvas", "--assignment-id", "4711")
    assert result.exit_code == 2 and "EXERCISE=ID" in result.stderr
    assert not (tmp_path / "out" / "results.json").exists()


def test_gradescope_folder_holds_no_file_of_a_student_no_longer_in_the_results(report, tmp_path):
    """15 files for 14 results after an id was corrected: the old id's file is removed."""
    folder = tmp_path / "gs"
    export(report, "gradescope", folder, options())
    (folder / "upload-notes.txt").write_text("the teacher's", encoding="utf-8")
    index = next(k for k, r in enumerate(report.results) if r.student == "s08")
    corrected = list(report.results)
    corrected[index] = replace(corrected[index], student="s08b")
    written, _ = export(replace(report, results=tuple(corrected)), "gradescope", folder, options())
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert names == sorted([*(p.name for p in written), "upload-notes.txt"])
    assert "s08--gradient-descent.json" not in names and "s08b--gradient-descent.json" in names


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_junit_is_well_formed_xml_whatever_a_file_or_student_is_called(report, name, student):
    """Control characters, lone surrogates, U+FFFE: the file still parses as XML."""
    broken = replace(failed(f"{name}.yaml", f"{name}.yaml: YAML error", student or None, name),
                     exercise="partial-derivatives")
    text = formats.junit(replace(report, results=(*report.results, broken)), {})
    root = ElementTree.fromstring(text.encode("utf-8", "backslashreplace"))
    assert len(root) == len(report.results) + 1


def test_an_export_is_not_written_over_what_it_is_made_from(run, tmp_path):
    """`export results.json -o results.json` replaced the grades with LTI lines; `-o` an exercise
    file replaced the exercise."""
    results = tmp_path / "results.json"
    results.write_bytes((ROOT / "tests" / "data" / "example-results.json").read_bytes())
    exercise = tmp_path / "gradient-descent.yaml"
    exercise.write_bytes((ROOT / "exercises" / "gradient-descent.yaml").read_bytes())
    for out, says in ((results, "would write over the results it exports"), (exercise, "a YAML file")):
        before = out.read_bytes()
        result = run("export", str(results), "--format", "lti", "--out", str(out))
        assert result.exit_code == 2 and says in result.stderr and "\n" not in result.stderr.strip()
        assert out.read_bytes() == before


@pytest.mark.parametrize("bound", ["nan", "NaN", "inf", "-inf"])
def test_fail_under_is_a_number(run, bound):
    """--fail-under nan passed every score: a CI gate silently off."""
    result = run("check", "gradient-descent", str(ROOT / "examples" / "submissions" / "finn.yaml"),
                 "--fail-under", bound)
    assert result.exit_code == 2 and "not nan or inf" in result.stderr


def test_blank_rows_of_a_roster_are_no_people(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("id,name\ns01,Anouk\n,\n\ns02,Bram\n", encoding="utf-8")
    assert [p.id for p in read_roster(path)] == ["s01", "s02"]


def test_roster_ids_that_differ_only_in_case_are_a_warning(report, tmp_path):
    """An LMS that ignores case would take s01 and S01 for one student graded twice."""
    from grader.export.gradebook import gradebook

    path = tmp_path / "roster.csv"
    path.write_text("id,name\ns01,Anouk\nS01,Anouk B.\ns08,Hanna\n", encoding="utf-8")
    book = gradebook(report, read_roster(path))
    assert [w for w in book.warnings if "differ only in case" in w] == [
        "roster ids 's01', 'S01' differ only in case: one student or several? each is exported as its own row"]
    assert [r.person.id for r in book.rows][:3] == ["s01", "S01", "s08"]


def test_a_student_whose_submission_names_an_unknown_exercise_keeps_a_row(tmp_path):
    """`exercise: my-frist`: the student was said to name no student and vanished from Canvas."""
    from grader.export.gradebook import gradebook
    from grader.results.model import GradeReport, failed

    lost = failed("class/s04.yaml", "unknown exercise 'my-frist'", student="s04", name="Sam")
    book = gradebook(GradeReport(exercises=(), results=(lost,)))
    assert [(r.person.id, r.person.name) for r in book.rows] == [("s04", "Sam")]
    assert book.warnings == ("s04: class/s04.yaml could not be graded and names no exercise being exported; "
                             "it is in no gradebook column",)
