"""Collecting hand-ins: tokens, the mail-merge CSV, the stored files as ``grader grade`` reads
them, hostile ids, limits and two hand-ins at once."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import GraderError, HandInRefused, OutputError
from grader.export.roster import Person
from grader.messages import render
from grader.reading.submission import read_submission
from grader.serve.collect import (
    KEPT_FOLDER,
    MAX_ANSWER_CHARS,
    MAX_ANSWERS,
    MAX_HAND_IN_BYTES,
    SECRET_NAME,
    TOKEN_LENGTH,
    Collector,
    course_secret,
    token_for,
)

SECRET = bytes(range(32))
ROSTER = "id,name,email\ns01,Anouk de Vries,a@example.org\ns02,\"Bram, B.\",\ns03,=HYPERLINK(\"x\"),\n"
NOON = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)
ANSWERS = {"p1.dx": "4x^3 + 3x^2y^2", "p1.dy": "2x^3y + 5y^4", "p1.dxdy": "6x^2y"}
NOTES = """# Les 3

$Z(x, y) = x^4 + x^3 y^2 + y^5 + 8$

- ∂Z/∂x: $4x^3 + 3x^2y^2$
- ∂Z/∂y: $2x^3y + 5y^4$
"""


def people(*ids: str) -> tuple[Person, ...]:
    return tuple(Person(student) for student in ids)


def collector(folder: Path, roster: tuple[Person, ...] | None = None, **options) -> Collector:
    return Collector.open(folder, roster or people("s01", "s02", "s03"), SECRET, clock=lambda: NOON,
                          **options)


def written(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and p.name != SECRET_NAME}


# -- tokens -------------------------------------------------------------------------------------

def test_a_token_is_the_same_for_the_same_secret_and_student():
    assert token_for(SECRET, "s01") == token_for(bytes(range(32)), "s01") == "rluax16_VYwprbFNDjyPOy"
    assert len(token_for(SECRET, "s01")) == TOKEN_LENGTH and TOKEN_LENGTH * 6 >= 128
    assert token_for(SECRET, "s02") != token_for(SECRET, "s01") != token_for(b"another secret!!", "s01")


def test_a_token_names_its_own_student_and_no_other(tmp_path):
    collect = collector(tmp_path)
    for student in ("s01", "s02", "s03"):
        assert collect.student_of(collect.token_of(student)).id == student


@pytest.mark.parametrize("token", [
    "", "x" * TOKEN_LENGTH, token_for(SECRET, "s01")[:-1], token_for(SECRET, "s01") + "A",
    token_for(SECRET, "s01").upper(), token_for(SECRET, "s99"),  # a student not on the roster
    token_for(b"another course's secret", "s01"), "é" * TOKEN_LENGTH, None, 12345,
], ids=["empty", "made-up", "truncated", "longer", "case", "not-on-roster", "other-course", "non-ascii",
        "none", "number"])
def test_a_token_of_no_student_is_refused_and_stores_nothing(tmp_path, token):
    collect = collector(tmp_path)
    assert collect.student_of(token) is None
    with pytest.raises(HandInRefused) as refused:
        collect.hand_in(token, "partial-derivatives", ANSWERS)
    assert refused.value.code == "hand-in-token-refused"
    assert written(tmp_path) == set()


def test_the_course_secret_is_made_once_readable_by_its_owner_only(tmp_path):
    first = course_secret(tmp_path / "class")
    path = tmp_path / "class" / SECRET_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 32 and course_secret(tmp_path / "class") == first
    assert [p.name for p in path.parent.iterdir()] == [SECRET_NAME]  # no temporary left


def test_processes_making_the_secret_at_once_all_read_one_whole_secret(tmp_path):
    count = 6
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        start = manager.Barrier(count)
        with context.Pool(count) as pool:
            made = pool.starmap(_secret_from_a_process, [(str(tmp_path), start)] * count)
    assert len(set(made)) == 1 and len(made[0]) == 32
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_NAME]


def _secret_from_a_process(folder: str, start) -> bytes:
    start.wait()
    return course_secret(Path(folder))


def test_a_secret_too_short_to_be_secret_is_refused(tmp_path):
    short = tmp_path / "secret"
    short.write_bytes(b"1234")
    with pytest.raises(GraderError, match="too short"):
        course_secret(tmp_path, short)


# -- grader tokens ---------------------------------------------------------------------------

def test_tokens_writes_the_mail_merge_csv_in_roster_order(run, tmp_path, golden):
    roster, secret = tmp_path / "roster.csv", tmp_path / "secret"
    roster.write_text(ROSTER, encoding="utf-8")
    secret.write_bytes(SECRET)
    result = run("tokens", "--roster", str(roster), "--collect", str(tmp_path / "in"), "--secret", str(secret),
                 "--base-url", "https://grader.example.org/wiskunde/")
    assert result.exit_code == 0, result.stderr
    golden("serve/tokens.csv", result.stdout)
    out = tmp_path / "links.csv"
    result = run("tokens", "--roster", str(roster), "--collect", str(tmp_path / "in"), "--secret", str(secret),
                 "--base-url", "https://grader.example.org/wiskunde/", "-o", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8") == golden_text("serve/tokens.csv")
    assert "3 link(s) written" in result.stderr


def golden_text(name: str) -> str:
    return (Path(__file__).resolve().parent.parent / "golden" / name).read_text(encoding="utf-8")


def test_tokens_makes_the_folders_secret_and_uses_it_again(run, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    first = run("tokens", "--roster", str(roster), "--collect", str(tmp_path / "in"))
    again = run("tokens", "--roster", str(roster), "--collect", str(tmp_path / "in"))
    assert first.exit_code == 0 and first.stdout == again.stdout
    assert "http://127.0.0.1:8000/?token=" in first.stdout
    assert stat.S_IMODE((tmp_path / "in" / SECRET_NAME).stat().st_mode) == 0o600


@pytest.mark.parametrize("roster, says", [
    ("id,name\ns01,A\ns01,B\n", "roster.csv:3: student id 's01' is on rows 2 and 3"),
    ("name\nA\n", "roster.csv:1: the roster needs an 'id' column"),
    ("id\n\"s01\x00\"\n", "cannot be handed in (control characters"),
    ("id\n" + "x" * 201 + "\n", "cannot be handed in (control characters, over 200 characters"),
])
def test_a_roster_that_cannot_be_used_is_one_line_naming_the_file(run, tmp_path, roster, says):
    path = tmp_path / "roster.csv"
    path.write_text(roster, encoding="utf-8")
    result = run("tokens", "--roster", str(path), "--collect", str(tmp_path / "in"))
    assert result.exit_code == 2 and result.stdout == ""
    assert says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_help_names_serves_own_address_as_the_default(run):
    from grader.serve.collect import DEFAULT_BASE_URL

    assert DEFAULT_BASE_URL in " ".join(run("tokens", "--help").stdout.split())


# -- handing in ------------------------------------------------------------------------------

def test_a_hand_in_is_a_submission_file_and_its_receipt_says_what_was_stored(tmp_path):
    collect = collector(tmp_path)
    receipt = collect.hand_in(collect.token_of("s01"), "partial-derivatives", ANSWERS)
    stored = collect.current("s01", "partial-derivatives")
    assert stored == tmp_path / "s01" / "partial-derivatives.yaml"
    assert (receipt.student, receipt.exercise, receipt.time) == ("s01", "partial-derivatives", "2026-12-05T12:00:00Z")
    assert receipt.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    submission = read_submission(stored)
    assert (submission.student, submission.exercise, dict(submission.answers)) == ("s01", "partial-derivatives",
                                                                                   ANSWERS)
    [kept] = collect.kept("s01", "partial-derivatives")
    assert kept.read_bytes() == stored.read_bytes() and receipt.sha256 in kept.name


def test_the_receipt_time_is_utc_whatever_the_clocks_zone(tmp_path):
    from datetime import timedelta, timezone

    amsterdam = datetime(2026, 12, 5, 13, 0, 0, tzinfo=timezone(timedelta(hours=1)))
    collect = Collector.open(tmp_path, people("s01"), SECRET, clock=lambda: amsterdam)
    assert collect.hand_in(collect.token_of("s01"), "e", {"t": "1"}).time == "2026-12-05T12:00:00Z"


def test_the_same_hand_in_is_the_same_bytes(tmp_path):
    one, two = collector(tmp_path / "a"), collector(tmp_path / "b")
    first = one.hand_in(one.token_of("s02"), "chain-rule", {"a": "2x", "b": "0123"})
    second = two.hand_in(two.token_of("s02"), "chain-rule", {"a": "2x", "b": "0123"})
    assert first == second
    assert read_submission(one.current("s02", "chain-rule")).answers["b"] == "0123"  # text, not 83


def test_notes_name_the_tokens_student_whatever_their_own_front_matter_says(tmp_path):
    collect = collector(tmp_path)
    notes = "---\nstudent: s02\nexercise: chain-rule\n---\n" + NOTES
    collect.hand_in(collect.token_of("s01"), "partial-derivatives", notes=notes, format="md")
    stored = collect.current("s01", "partial-derivatives")
    assert stored.suffix == ".md"
    submission = read_submission(stored)
    assert (submission.student, submission.exercise) == ("s01", "partial-derivatives")
    assert stored.read_text(encoding="utf-8").endswith(NOTES) and "s02" not in stored.read_text(encoding="utf-8")


def test_a_notebook_names_its_student_in_its_metadata(tmp_path):
    collect = collector(tmp_path)
    notebook = {"cells": [{"cell_type": "markdown", "source": NOTES}], "metadata": {"grader": {"student": "s02"}},
                "nbformat": 4, "nbformat_minor": 5}
    collect.hand_in(collect.token_of("s03"), "partial-derivatives", notes=json.dumps(notebook), format="ipynb")
    submission = read_submission(collect.current("s03", "partial-derivatives"))
    assert (submission.student, submission.exercise) == ("s03", "partial-derivatives")
    assert submission.notes is not None and len(submission.notes.pieces) == 3


def through_the_server(collect: Collector):
    """Hand in as a student's program does: ``POST /api/hand-in`` of grader serve in collect mode."""
    from starlette.testclient import TestClient

    from grader.api import load_exercises
    from grader.serve import ServeLimits, create_app
    from grader.serve.collect import Receipt
    from grader.serve.pool import CheckPool

    exercises = load_exercises(["partial-derivatives"])
    app = create_app(exercises, limits=ServeLimits(requests_per_minute=0, workers=1),
                     pool=CheckPool(exercises, 1, 1), collector=collect)  # never started: no check is made

    def hand_in(token, exercise, answers=None, *, notes=None, format="md"):
        body = {"answers": answers} if notes is None else {"notes": notes, "format": format}
        with TestClient(app) as client:
            response = client.post("/api/hand-in", json={"token": token, "exercise": exercise, **body})
        assert response.status_code == 200, response.text
        return Receipt(**response.json())

    return hand_in


@pytest.mark.parametrize("way", ["library", "server"])
def test_grade_reads_exactly_the_latest_hand_in_of_each_student(tmp_path, way):
    from grader.api import grade_class

    collect = collector(tmp_path / "in")
    hand_in = collect.hand_in if way == "library" else through_the_server(collect)
    wrong = {**ANSWERS, "p1.dx": "4x^3 - 3x^2y^2"}
    hand_in(collect.token_of("s01"), "partial-derivatives", wrong)
    hand_in(collect.token_of("s01"), "partial-derivatives", ANSWERS)
    hand_in(collect.token_of("s02"), "partial-derivatives", ANSWERS)
    hand_in(collect.token_of("s02"), "partial-derivatives", notes=NOTES)  # a later one as notes
    notebook = {"cells": [{"cell_type": "markdown", "source": NOTES}], "metadata": {}}
    hand_in(collect.token_of("s03"), "partial-derivatives", notes=json.dumps(notebook), format="ipynb")
    hand_in(collect.token_of("s03"), "partial-derivatives", wrong)
    run = grade_class(["partial-derivatives"], [tmp_path / "in"], tmp_path / "out", jobs=1)
    graded = {r.student: r for r in run.report.results}
    assert sorted(graded) == ["s01", "s02", "s03"] and len(run.report.results) == 3
    assert all(r.status == "graded" and not r.warnings for r in graded.values()) and not run.warnings
    assert {t.task: t.answer for t in graded["s01"].tasks}["p1.dx"] == ANSWERS["p1.dx"]
    assert graded["s02"].submission.endswith("partial-derivatives.md")
    assert {t.task: t.verdict for t in graded["s02"].tasks}["p1.dxdy"] == "missing"  # the notes leave it out
    assert {t.task: t.answer for t in graded["s03"].tasks}["p1.dx"] == wrong["p1.dx"]
    for student in ("s01", "s02", "s03"):
        assert len(collect.kept(student, "partial-derivatives")) == 2
    assert collect.current("s99", "partial-derivatives") is None and collect.kept("s99", "partial-derivatives") == []


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.dictionaries(st.text(min_size=1, max_size=30), st.text(max_size=60), min_size=1, max_size=5))
def test_any_answers_are_stored_as_given_or_refused(tmp_path_factory, answers):
    folder = tmp_path_factory.mktemp("in")
    collect = collector(folder)
    try:
        receipt = collect.hand_in(collect.token_of("s01"), "partial-derivatives", answers)
    except HandInRefused:
        assert written(folder) == set()
        return
    stored = collect.current("s01", "partial-derivatives")
    assert receipt.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert dict(read_submission(stored).answers) == answers


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=300))
def test_any_notes_are_stored_for_the_tokens_student_or_refused(tmp_path_factory, notes):
    folder = tmp_path_factory.mktemp("in")
    collect = collector(folder)
    try:
        collect.hand_in(collect.token_of("s02"), "chain-rule", notes=notes)
    except HandInRefused:
        assert written(folder) == set()
        return
    submission = read_submission(collect.current("s02", "chain-rule"))
    assert (submission.student, submission.exercise) == ("s02", "chain-rule")


def test_a_hand_in_that_cannot_be_written_is_an_output_error_and_the_last_one_stays(tmp_path):
    collect = collector(tmp_path)
    collect.hand_in(collect.token_of("s01"), "partial-derivatives", ANSWERS)
    before = collect.current("s01", "partial-derivatives").read_bytes()
    (tmp_path / KEPT_FOLDER / "s01" / "partial-derivatives").rename(tmp_path / "moved")
    (tmp_path / KEPT_FOLDER / "s01" / "partial-derivatives").write_text("a file where a folder goes")
    with pytest.raises(OutputError, match="cannot store a hand-in of s01"):
        collect.hand_in(collect.token_of("s01"), "partial-derivatives", {"p1.dx": "1"})
    assert collect.current("s01", "partial-derivatives").read_bytes() == before


# -- hostile ids -------------------------------------------------------------------------------

HOSTILE_IDS = ["../../etc/x", "a/b", "a_b", "A_B", "..", ".", "/etc/passwd", "con", "NUL.txt", "com1.yaml",
               "x" * 200, "Zoë", "Zoe", "\\\\server\\share", "~root", "-rf", "#1 & 2"]


def test_no_id_names_a_file_outside_the_folder_and_each_has_its_own(tmp_path):
    folder = tmp_path / "deep" / "in"
    collect = collector(folder, people(*HOSTILE_IDS))
    for student in HOSTILE_IDS:
        collect.hand_in(collect.token_of(student), "../../exercise/x", {"t": student})
    inside = folder.resolve()
    files = written(folder)
    assert all(path.resolve().is_relative_to(inside) for path in files)
    assert {p.name for p in tmp_path.iterdir()} == {"deep"} and {p.name for p in (tmp_path / "deep").iterdir()} == {"in"}
    assert all(len(part) <= 100 for path in files for part in path.relative_to(folder).parts)
    read = {read_submission(collect.current(s, "../../exercise/x")).student for s in HOSTILE_IDS}
    assert read == set(HOSTILE_IDS)  # one file each, naming its own student


@pytest.mark.parametrize("student", ["s01\x00", "s\x1b[2J", "x" * 201, "bad\ud800", " s01", "Zoe\u0308", ""],
                         ids=["nul", "escape", "too-long", "surrogate", "space", "not-nfc", "empty"])
def test_an_id_no_submission_file_can_carry_is_refused_when_opening(tmp_path, student):
    with pytest.raises(GraderError, match="cannot be handed in"):
        Collector.open(tmp_path, people("s01", student), SECRET)


@pytest.mark.parametrize("exercise, code", [
    ("", "submission-field-missing"), ("e\x00", "submission-field-implausible"),
    ("e" * 201, "submission-field-implausible"), ("chain-rule", "submission-unknown-exercise"),
])
def test_an_exercise_that_cannot_be_handed_in_is_refused(tmp_path, exercise, code):
    collect = collector(tmp_path, exercises={"partial-derivatives"})
    with pytest.raises(HandInRefused) as refused:
        collect.hand_in(collect.token_of("s01"), exercise, ANSWERS)
    assert refused.value.code == code
    assert written(tmp_path) == set()


# -- limits --------------------------------------------------------------------------------------

def notebook_of(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "source": text}], "metadata": {}})


@pytest.mark.parametrize("answers, notes, format, code", [
    ({}, None, "md", "hand-in-empty"),
    ({f"t{k}": "1" for k in range(MAX_ANSWERS + 1)}, None, "md", "hand-in-too-many-answers"),
    ({"t": "1" * (MAX_ANSWER_CHARS + 1)}, None, "md", "hand-in-answer-too-long"),
    ({"t\n": "1"}, None, "md", "hand-in-task-implausible"),
    ({"": "1"}, None, "md", "hand-in-task-implausible"),
    ({"t": 1}, None, "md", "submission-answers-not-mapping"),
    ({"t": "x\ud800"}, None, "md", "hand-in-not-text"),
    ({f"t{k}": "1" * MAX_ANSWER_CHARS for k in range(MAX_ANSWERS)}, None, "md", "hand-in-too-large"),
    (None, "x" * (MAX_HAND_IN_BYTES + 1), "md", "hand-in-too-large"),
    (None, "é" * (MAX_HAND_IN_BYTES // 2 + 1), "md", "hand-in-too-large"),  # bytes, not characters
    (None, NOTES, "pdf", "hand-in-format-unknown"),
    (["p1.dx", "4x"], None, "md", "submission-answers-not-mapping"),
    (None, NOTES.encode(), "md", "hand-in-not-text"),
    (None, "{not json", "ipynb", "hand-in-not-notebook"),
    (None, "[1, 2]", "ipynb", "hand-in-not-notebook"),
    (None, "[" * 100_000 + "]" * 100_000, "ipynb", "hand-in-not-notebook"),
], ids=["empty", "too-many", "too-long", "task-newline", "task-empty", "not-text", "surrogate", "file-size",
        "notes-size", "notes-bytes", "format", "answers-list", "notes-bytes-object", "not-json", "not-notebook", "deep-json"])
def test_a_hand_in_over_a_limit_or_unreadable_is_refused_and_nothing_is_stored(tmp_path, answers, notes, format,
                                                                                code):
    collect = collector(tmp_path)
    with pytest.raises(HandInRefused) as refused:
        collect.hand_in(collect.token_of("s01"), "partial-derivatives", answers, notes=notes, format=format)
    assert refused.value.code == code and refused.value.student == "s01"
    assert render(code, refused.value.params, "nl") != render(code, refused.value.params, "en")
    assert written(tmp_path) == set()


# -- two hand-ins at once ------------------------------------------------------------------------

def test_hand_ins_at_the_same_moment_in_threads_are_all_kept_and_one_is_graded(tmp_path):
    collect = collector(tmp_path)
    token, count = collect.token_of("s01"), 12
    start = threading.Barrier(count)
    receipts = []

    def hand_in(k: int) -> None:
        start.wait()
        receipts.append(collect.hand_in(token, "partial-derivatives", {"p1.dx": f"{k}x"}))

    threads = [threading.Thread(target=hand_in, args=(k,)) for k in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert_all_kept_and_one_current(collect, {r.sha256 for r in receipts}, count)


def _hand_in_from_a_process(folder: str, k: int, start) -> str:
    collect = collector(Path(folder))
    start.wait()
    return collect.hand_in(collect.token_of("s01"), "partial-derivatives", notes=f"{NOTES}\n$x = {k}$\n").sha256


def test_hand_ins_at_the_same_moment_in_processes_are_all_kept_and_one_is_graded(tmp_path):
    count = 6
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        start = manager.Barrier(count)
        with context.Pool(count) as pool:
            digests = pool.starmap(_hand_in_from_a_process, [(str(tmp_path), k, start) for k in range(count)])
    assert_all_kept_and_one_current(collector(tmp_path), set(digests), count)


def assert_all_kept_and_one_current(collect: Collector, digests: set[str], count: int) -> None:
    assert len(digests) == count
    kept = collect.kept("s01", "partial-derivatives")
    assert {hashlib.sha256(p.read_bytes()).hexdigest() for p in kept} == digests
    current = collect.current("s01", "partial-derivatives")
    assert hashlib.sha256(current.read_bytes()).hexdigest() in digests
    assert read_submission(current).student == "s01"
    leftovers = [p.name for p in collect.folder.rglob("*") if p.is_file() and ".tmp" in p.name]
    assert leftovers == []
    assert len([p for p in (collect.folder / "s01").iterdir()]) == 1
    assert (collect.folder / KEPT_FOLDER).is_dir() and os.listdir(collect.folder / KEPT_FOLDER) == ["s01"]
