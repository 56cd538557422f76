"""One language in everything a student reads: a submission's errors and warnings are codes with
parameters, worded in the language the terminal speaks (the exercise's, or --lang)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.exercise.find import load_exercises
from grader.report.terminal import check_view
from grader.results.read import ResultsFormatError, report_from_data

NOTES = "kostenfunctie: $3\\theta^2$\n\nstart $\\theta = {start}$\n\n$lr = {rate}$\n\nafgeleide $6\\theta$\n"

# (case, file name, its content (bytes, or None for /dev/null), a fragment of the Dutch
# wording, a fragment of the English wording that must not be in the Dutch output)
CASES = [
    ("student missing", "nostud.yaml", b"exercise: gradient-descent\nanswers: {gd1.step1: 1.6}\n",
     "'student' ontbreekt of is geen tekst", "is missing or not text"),
    ("not a mapping", "a.txt", b"hello\n",
     "een inzending moet een mapping zijn", "a submission must be a mapping"),
    ("not a regular file", "/dev/null", None, "geen gewoon bestand", "not a regular file"),
    ("YAML error", "bad.yaml", b"student: s1\nexercise: [x\n", "YAML-fout", "YAML error"),
    ("YAML problem in our words", "bad.yaml", b"student: s1\nexercise: [x\n",
     "(de YAML-lezer meldt, in het Engels: “", "YAML error"),
    ("JSON problem in our words", "bad.json", b"{\"student\": ", "kijk de haakjes, komma's en aanhalingstekens",
     "not valid JSON"),
    ("unknown exercise", "unk.yaml", b"student: s1\nexercise: nope\n",
     "onbekende opgave-id 'nope'", "unknown exercise id"),
    ("student yes", "yes.yaml", b"student: yes\nexercise: gradient-descent\n",
     "'student' moet tekst zijn", "must be text"),
    ("unknown field", "field.yaml", b"student: s1\nexercise: gradient-descent\nscore: 9\n",
     "onbekend veld 'score'", "unknown field"),
    ("answers a list", "list.yaml", b"student: s1\nexercise: gradient-descent\nanswers: [1]\n",
     "'answers' moet opdrachtnamen", "must map task ids"),
    ("name a list", "name.yaml", b"student: s1\nname: [a]\nexercise: gradient-descent\n",
     "'name' moet tekst zijn", "'name' must be text"),
    ("empty file", "empty.yaml", b"  \n", "het bestand is leeg", "file is empty"),
    ("not UTF-8", "latin.yaml", b"student: Zo\xeb\n", "geen UTF-8-tekst", "not UTF-8 text"),
    ("bad JSON", "bad.json", b"{\"student\": ", "geen geldige JSON", "not valid JSON"),
    ("id with control characters", "ctl.json",
     b'{"student": "s\\u0007", "exercise": "gradient-descent"}', "geen aannemelijke id", "plausible id"),
    ("sheet without front matter", "sheet.md", b"## gd1.step1\n1.6\n",
     "een antwoordblad begint met front matter", "an answer sheet starts with"),
    ("front matter not closed", "open.md", b"---\nstudent: s1\n## gd1.step1\n1.6\n",
     "niet afgesloten met ---", "not closed with"),
    ("answer for no task", "stray.yaml",
     b"student: s1\nexercise: gradient-descent\nanswers:\n  gd2.step3: 1\n",
     "waarschuwing: het antwoord onder 'gd2.step3' hoort bij geen opdracht van deze opgave; "
     "bedoel je 'gd2.step2'?", "is for no task of this exercise"),
    ("start in the notes", "start.md", NOTES.format(start=5, rate=0.1).encode(),
     "de aantekeningen gebruiken startpunt 5, de opgave 4: de antwoorden worden nagekeken met 4",
     "the notes use start"),
    ("learning rate in the notes", "rate.md", NOTES.format(start=4, rate=0.2).encode(),
     "de aantekeningen gebruiken learning rate 0.2, de opgave 0.1", "the notes use learning rate"),
]
IDS = [case[0] for case in CASES]


def _submission(tmp_path: Path, name: str, content: bytes | None) -> str:
    if content is None:
        return name
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize("case,name,content,dutch,english", CASES, ids=IDS)
def test_a_dutch_check_says_it_in_dutch(run, tmp_path, case, name, content, dutch, english):
    result = run("check", "gradient-descent", _submission(tmp_path, name, content), "--student", "s1")
    assert dutch in result.stdout, (case, result.stdout)
    assert english not in result.output, (case, result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case,name,content,dutch,english", CASES, ids=IDS)
def test_check_lang_en_says_it_in_english(run, tmp_path, case, name, content, dutch, english):
    result = run("check", "gradient-descent", _submission(tmp_path, name, content), "--student", "s1",
                 "--lang", "en")
    assert english in result.stdout, (case, result.stdout)
    assert dutch not in result.output


def test_results_json_keeps_the_english_text_beside_the_code(run, tmp_path):
    """Exports and teachers' scripts read the texts as before; renderers read the codes."""
    path = _submission(tmp_path, "stray.yaml", CASES[-3][2])
    data = json.loads(run("check", "gradient-descent", path, "--json").stdout)
    assert data["warnings"] == ["answer under 'gd2.step3' is for no task of this exercise; "
                                "did you mean 'gd2.step2'?"]
    assert data["warning_messages"] == [{"code": "answer-for-no-task-close",
                                         "params": {"key": "gd2.step3", "close": "gd2.step2"}}]
    path = _submission(tmp_path, "nostud.yaml", CASES[0][2])
    data = json.loads(run("check", "gradient-descent", path, "--json").stdout)
    assert data["error"] == f"{path}: 'student' is missing or not text"
    assert data["error_message"] == {"code": "submission-field-missing",
                                     "params": {"field": "student", "where": path}}


def _results(result: dict) -> dict:
    return {"format": 2, "grader": "0.1.0",
            "exercises": [{"id": "gradient-descent", "title": "GD", "max_score": 8.0, "lang": "nl"}],
            "results": [result]}


OLD_ERROR = {"submission": "a.yaml", "status": "error", "student": None, "name": None, "exercise": None,
             "score": None, "max_score": None, "error": "a.yaml: file is empty", "needs_review": False,
             "tasks": [], "warnings": []}


def test_results_written_before_codes_read_back_and_show_their_text():
    """A file of the previous format has texts only: it reads back, and shows them as written."""
    report = report_from_data(_results(OLD_ERROR))
    (result,) = report.results
    assert result.error_message is None and result.warning_messages == ()
    exercise = load_exercises(["gradient-descent"])["gradient-descent"]
    assert check_view(exercise, result, False) == "kon niet nakijken: a.yaml: file is empty"


def test_a_coded_error_read_back_is_worded_in_the_exercise_language():
    coded = {**OLD_ERROR, "error_message": {"code": "file-empty", "params": {"where": "a.yaml"}}}
    (result,) = report_from_data(_results(coded)).results
    exercise = load_exercises(["gradient-descent"])["gradient-descent"]
    assert check_view(exercise, result, False) == "kon niet nakijken: a.yaml: het bestand is leeg"


@pytest.mark.parametrize("edit", [
    {"error_message": {"code": "no-such-code", "params": {}}},
    {"error_message": {"code": "submission-field-missing", "params": {}}},  # its sentence needs 'field'
    {"error_message": "file is empty"},
    {"warnings": ["w"], "warning_messages": [{"code": "file-empty", "params": {}}, {"code": "file-empty",
                                                                                       "params": {}}]},
])
def test_a_coded_error_or_warning_edited_wrongly_is_refused(edit):
    refused = r"not a code with parameters|names an unknown code|not a list as long"
    with pytest.raises(ResultsFormatError, match=refused):
        report_from_data(_results({**OLD_ERROR, **edit}))


def test_the_template_of_a_dutch_exercise_instructs_in_dutch(run):
    sheet = run("template", "gradient-descent").stdout
    assert "Schrijf elk antwoord onder zijn kop" in sheet and "Write each answer" not in sheet


def test_no_submissions_names_every_kind_of_file_accepted(run, tmp_path):
    result = run("grade", "gradient-descent", "--submissions", str(tmp_path),
                 "--out", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert "*.ipynb" in result.stderr and "*.md" in result.stderr


def test_a_dutch_feedback_report_gives_the_error_in_dutch(run, tmp_path):
    path = _submission(tmp_path, "nostud.yaml", CASES[0][2])
    report = tmp_path / "feedback.md"
    run("check", "gradient-descent", path, "--markdown", str(report))
    text = report.read_text(encoding="utf-8")
    assert "'student' ontbreekt of is geen tekst" in text and "is missing" not in text


@pytest.mark.parametrize("failure,dutch", [
    ("exit", "het lezen van het bestand putte het nakijkproces uit"),
    ("bug", "het bestand is niet te lezen (ZeroDivisionError)"),
    ("deep", "bestand te ingewikkeld om te lezen (RecursionError)"),
])
def test_a_file_that_breaks_the_reader_is_worded_in_dutch(monkeypatch, tmp_path, failure, dutch):
    """Failures the reader does not foresee (the worker dies, a bug) are codes too."""
    import os

    import grader.running.worker as worker
    from grader.running.batch import Engine

    def read_submission(*args, **kwargs):
        if failure == "exit":
            os._exit(3)
        if failure == "deep":
            raise RecursionError
        raise ZeroDivisionError

    monkeypatch.setattr(worker, "read_submission", read_submission)  # the worker forks after this
    path = _submission(tmp_path, "s.yaml", b"student: s1\nexercise: gradient-descent\n")
    exercises = load_exercises(["gradient-descent"])
    (result,) = Engine(exercises, jobs=1).grade([Path(path)])
    assert result.status == "error" and result.error_message is not None
    assert dutch in check_view(exercises["gradient-descent"], result, False)


def test_a_duplicate_student_is_worded_in_dutch(tmp_path):
    from grader.messages import describe_failure
    from grader.running.batch import Engine, mark_duplicates

    answers = b"student: s1\nexercise: gradient-descent\nanswers: {gd1.step1: 1.6}\n"
    paths = [Path(_submission(tmp_path, name, answers)) for name in ("a.yaml", "b.yaml")]
    results = mark_duplicates(Engine(load_exercises(["gradient-descent"]), jobs=1).grade(paths))
    (twice,) = [r for r in results if r.status == "error"]
    assert twice.error is not None and "duplicate student id 's1'" in twice.error
    assert twice.error_message is not None
    assert describe_failure(twice.error_message, "nl") == (
        f"{paths[1]}: student-id 's1' komt dubbel voor bij opgave 'gradient-descent' (ook in {paths[0]}); "
        "houd één bestand")
