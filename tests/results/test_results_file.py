"""A results.json that is not as grader wrote it (edited by hand, made by another program):
reading it back ends with one line that names the result, the task and the field, and what
to do; never a traceback half-way through the reports or an export."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import GraderError
from grader.exercise.find import load_exercises
from grader.export.write import EXTENSIONS, Options, export
from grader.report.write import write_reports
from grader.running.classrun import read_results
from tests.conftest import ROOT

GOOD = json.loads((ROOT / "tests" / "data" / "example-results.json").read_text(encoding="utf-8"))
FIRST = f"result 1 of {len(GOOD['results'])} ({GOOD['results'][0]['submission']})"
TASK = f"{FIRST}, task {GOOD['results'][0]['tasks'][0]['task']}"


def _task(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda data: change(data["results"][0]["tasks"][0])


def _result(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda data: change(data["results"][0])


EDITS = [  # (what a teacher or a program did, the edit, what the error says)
    ("a score typed as text", _result(lambda r: r.update(score="7.5")), f"{FIRST}: its 'score' is not a number"),
    ("a task's score as text", _task(lambda t: t.update(score="1")), f"{TASK}: its 'score' is not a number"),
    ("a score of Infinity, which JSON's reader takes", _result(lambda r: r.update(score=float("inf"))),
     f"{FIRST}: its 'score' is not a number"),
    ("a verdict of one's own", _task(lambda t: t.update(verdict="great")), f"{TASK}: its verdict 'great' is none of"),
    ("a message code grader has no words for", _task(lambda t: t.update(
        message={"code": "well-done", "params": {}, "position": None})), f"{TASK}: its message 'well-done'"),
    ("a message missing a parameter its sentence needs", _task(lambda t: t.update(
        message={"code": "components-wrong", "params": {}, "position": None})),
     f"{TASK}: its message 'components-wrong' with {{}} is none"),
    ("a diagnosis code grader has no words for", _task(lambda t: t.update(
        diagnoses=[{"code": "bogus", "params": {}}])), f"{TASK}: its diagnosis 'bogus'"),
    ("a number where a text belongs", _result(lambda r: r.update(student=12345)),
     f"{FIRST}: its 'student' is not a text"),
    ("a status of one's own", _result(lambda r: r.update(status="done")),
     f"{FIRST}: its status 'done' is neither 'graded' nor 'error'"),
    ("a field removed", _task(lambda t: t.pop("expected")), f"{TASK}: 'expected' is missing"),
    ("a field added", _result(lambda r: r.update(grade="A")), f"{FIRST}: 'grade' is not a field grader writes"),
    ("tasks emptied to null", _result(lambda r: r.update(tasks=None)), f"{FIRST}: its 'tasks' are not a list"),
    ("another format", lambda d: d.update(format=1), "results format 1, not 2"),
    ("a score of 401 digits, which no float holds", _result(lambda r: r.update(score=10**400)),
     f"{FIRST}: its 'score' is not a number"),
    ("a score of 1.7e308, whose sum overflows", _result(lambda r: r.update(score=1.7e308)),
     f"{FIRST}: its 'score' is not a number"),
    ("a task's maximum of 1e300", _task(lambda t: t.update(max_score=1e300)), f"{TASK}: its 'max_score' is not"),
    ("a language grader has no words in", lambda d: d["exercises"][0].update(lang="xx"),
     "exercise 1: its 'lang' is not one of en, nl"),
    ("one student graded twice on one exercise", lambda d: d["results"][1].update(student="s01"),
     "student 's01' has two graded results for exercise 'partial-derivatives' "
     "(examples/submissions/anouk.yaml and examples/submissions/bram.yaml); keep one"),
    ("the results taken out", lambda d: d.pop("results"), "no list of 'exercises' and of 'results'"),
    ("a score above the maximum (900 of 9)", _result(lambda r: r.update(score=900)),
     f"{FIRST}: its 'score' is not from 0 to its 'max_score'"),
    ("a negative score, which LTI refuses", _result(lambda r: r.update(score=-5)),
     f"{FIRST}: its 'score' is not from 0 to its 'max_score'"),
    ("a maximum of 0 under a score", _result(lambda r: r.update(max_score=0)),
     f"{FIRST}: its 'score' is not from 0 to its 'max_score'"),
    ("a task's score above its maximum", _task(lambda t: t.update(score=5)),
     f"{TASK}: its 'score' is not from 0 to its 'max_score'"),
    ("an exercise taken out of the list: its grades would vanish from the gradebooks",
     lambda d: d.update(exercises=[e for e in d["exercises"] if e["id"] != "partial-derivatives"]),
     "its exercise 'partial-derivatives' is not among the file's 'exercises'"),
]


@pytest.mark.parametrize("what, edit, says", EDITS, ids=[e[0] for e in EDITS])
@pytest.mark.parametrize("command", [["report", "--out", "reports"], ["export", "--format", "csv", "--out", "x.csv"]])
def test_a_results_file_edited_wrongly_is_refused_with_one_line(run, tmp_path, what, edit, says, command):
    data = copy.deepcopy(GOOD)
    edit(data)
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    verb, *options = command
    result = run(verb, str(path), *[str(tmp_path / o) if o in ("reports", "x.csv") else o for o in options])
    assert result.exit_code == 2, (what, result.output)
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message, what
    assert message.startswith(f"error: {path}: "), message
    assert says in message, (what, message)
    assert "correct that, or grade again" in message


def test_a_file_of_another_shape_says_so(run, tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps([GOOD]), encoding="utf-8")
    result = run("export", str(path), "--format", "csv", "--out", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}: not a JSON object, as a results file is; correct that, " \
        "or grade again to write the file anew"


def test_a_file_that_is_no_json_names_the_line(run, tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(GOOD)[:2000], encoding="utf-8")
    result = run("report", str(path), "--out", str(tmp_path / "reports"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:1: not valid JSON")


def test_results_graded_with_another_version_of_the_exercise_get_no_reports(run, tmp_path):
    """The exercise file was edited after grading (a task renamed): the reports would stop
    half-way; they are refused with what to do, and the exports, which need no exercise, work."""
    data = copy.deepcopy(GOOD)
    renamed = data["results"][0]["tasks"][0]
    old_name = renamed["task"]
    renamed["task"] = old_name + "x"
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("report", str(path), "--out", str(tmp_path / "reports"))
    assert result.exit_code == 2
    assert f"hold tasks that exercise '{data['results'][0]['exercise']}' does not have ({old_name}x)" \
        in result.stderr
    assert "--exercises" in result.stderr and "\n" not in result.stderr.strip()
    assert not (tmp_path / "reports").exists()
    assert run("export", str(path), "--format", "csv", "--out", str(tmp_path / "x.csv")).exit_code == 0


# Any one field of a results file replaced by any JSON value: reading it either refuses the
# file with a GraderError or gives results that every report and export can write.
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.integers(-10**400, 10**400)
                     | st.floats(allow_nan=False) | st.text(max_size=8)
                     | st.sampled_from(["s01", "s02", "xx", "nl"]), lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
_SMALL = {**GOOD, "results": GOOD["results"][:2]}
_EXERCISES = load_exercises([str(ROOT / "exercises")])
_PLACES = [("results", 0, field) for field in GOOD["results"][0]] + \
    [("results", 0, "tasks", 0, field) for field in GOOD["results"][0]["tasks"][0]] + \
    [("results", 1, "tasks", 0, field) for field in GOOD["results"][1]["tasks"][0]] + \
    [("exercises", 0, field) for field in GOOD["exercises"][0]] + [("format",), ("results",), ("exercises",)]


@settings(max_examples=60, deadline=None)
@given(place=st.sampled_from(_PLACES), value=_JSON)
def test_any_field_replaced_is_refused_or_reported_and_exported(tmp_path_factory, place, value):
    data = copy.deepcopy(_SMALL)
    *path, last = place
    holder = data
    for step in path:
        holder = holder[step]
    holder[last] = value
    folder = tmp_path_factory.mktemp("edited")
    (folder / "results.json").write_text(json.dumps(data), encoding="utf-8")
    try:
        report = read_results(folder / "results.json")
    except GraderError as exc:
        assert "\n" not in str(exc)
        return
    try:
        write_reports(_EXERCISES, report.results, folder / "reports", ("html", "md"))
    except GraderError as exc:  # graded with other tasks than the exercise has
        assert "another version of the exercise" in str(exc)
    for fmt in EXTENSIONS:
        export(report, fmt, folder / f"export-{fmt}", Options())



def test_a_duplicate_submission_as_grading_writes_it_reads_back(tmp_path):
    """Two files of one student: grading keeps the first graded and marks the second as a
    duplicate (an error); that file is read back and exported, not refused."""
    from grader.running.classrun import grade_class

    folder = tmp_path / "class"
    folder.mkdir()
    source = (ROOT / "examples" / "submissions" / "anouk.yaml").read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(source, encoding="utf-8")
    (folder / "b.yaml").write_text(source, encoding="utf-8")
    grade_class(_EXERCISES, [folder], tmp_path / "out")
    report = read_results(tmp_path / "out" / "results.json")
    assert sorted(r.status for r in report.results) == ["error", "graded"]
    export(report, "canvas", tmp_path / "canvas.csv", Options())
