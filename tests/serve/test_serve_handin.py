"""Collect mode in grader serve: a hand-in through the JSON API and from a student's own page
(without JavaScript: a form post), every status it answers, and tokens that leak nowhere: not
in an error, not in another student's page, not in the server's log."""

from __future__ import annotations

import errno
import hashlib
import json
import threading
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from grader.export.roster import Person
from grader.reading.submission import read_submission
from grader.serve import Collector, ServeLimits, create_app
from grader.serve.collect import SECRET_NAME, token_for
from tests.conftest import ROOT

LIMITS = ServeLimits(requests_per_minute=0, workers=1)
SECRET = bytes(range(32))
NOON = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)
ROSTER = (Person("s01", "Anouk de Vries"), Person("s02", "Bram"), Person("s21", "Sanne de Vries"))
ANSWERS = {"p1.dx": "4x^3 + 3x^2y^2", "p1.dy": "2x^3y + 5y^4"}
NOTES = "# Les 3\n\n- ∂Z/∂x: $4x^3 + 3x^2y^2$\n- ∂Z/∂y: $2x^3y + 5y^4$\n"


def collecting_app(exercises, pool, folder: Path, limits: ServeLimits = LIMITS):
    collect = Collector.open(folder, ROSTER, SECRET, exercises=exercises, clock=lambda: NOON)
    return create_app(exercises, limits=limits, pool=pool, collector=collect), collect


@pytest.fixture
def collecting(exercises, pool, tmp_path):
    """A collecting server's client, its collector and its folder (a new one per test)."""
    app, collect = collecting_app(exercises, pool, tmp_path / "in")
    with TestClient(app) as client:
        yield client, collect, tmp_path / "in"


@pytest.fixture(scope="module")
def plain(exercises, pool):
    with TestClient(create_app(exercises, limits=LIMITS, pool=pool)) as client:
        yield client


def token(student: str) -> str:
    return token_for(SECRET, student)


def stored(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and p.name not in (SECRET_NAME, ".lock")}


def hand_in(client, **body):
    return client.post("/api/hand-in", json=body)


def assert_refused(response, status: int, code: str) -> None:
    """An error as JSON with its status and code, and no token of anyone in it."""
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code, response.text
    assert not any(token(p.id) in response.text for p in ROSTER)
    assert "Traceback" not in response.text and "/tmp/" not in response.text


# -- the API -------------------------------------------------------------------------------------
def test_a_hand_in_stores_the_file_grade_reads_and_answers_the_receipt(collecting):
    client, collect, _folder = collecting
    response = hand_in(client, token=token("s01"), exercise="partial-derivatives", answers=ANSWERS)
    assert response.status_code == 200, response.text
    receipt = response.json()
    assert receipt == {"student": "s01", "exercise": "partial-derivatives", "time": "2026-12-05T12:00:00Z",
                       "sha256": receipt["sha256"]}
    path = collect.current("s01", "partial-derivatives")
    assert receipt["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    submission = read_submission(path)
    assert (submission.student, submission.name, dict(submission.answers)) == ("s01", "Anouk de Vries", ANSWERS)


def test_two_students_tokens_give_each_their_own_file(collecting):
    client, collect, _folder = collecting
    for student in ("s01", "s02"):
        response = hand_in(client, token=token(student), exercise="partial-derivatives",
                           answers={"p1.dx": f"answer of {student}"})
        assert response.json()["student"] == student
    for student in ("s01", "s02"):
        submission = read_submission(collect.current(student, "partial-derivatives"))
        assert (submission.student, submission.answers["p1.dx"]) == (student, f"answer of {student}")


def test_notes_are_handed_in_for_the_tokens_student(collecting):
    client, collect, _folder = collecting
    notes = "---\nstudent: s02\n---\n" + NOTES  # the notes say another student: the token decides
    response = hand_in(client, token=token("s01"), exercise="partial-derivatives", notes=notes, format="md")
    assert response.status_code == 200, response.text
    path = collect.current("s01", "partial-derivatives")
    assert path.suffix == ".md" and read_submission(path).student == "s01"


def test_a_later_hand_in_replaces_what_is_graded_and_keeps_the_earlier(collecting):
    client, collect, _folder = collecting
    first = hand_in(client, token=token("s01"), exercise="partial-derivatives", answers={"p1.dx": "1"}).json()
    second = hand_in(client, token=token("s01"), exercise="partial-derivatives", answers={"p1.dx": "2"}).json()
    assert first["sha256"] != second["sha256"]
    assert read_submission(collect.current("s01", "partial-derivatives")).answers["p1.dx"] == "2"
    assert len(collect.kept("s01", "partial-derivatives")) == 2


OTHER_COURSE = token_for(b"the secret of another course!!!", "s01")


@pytest.mark.parametrize("sent", [
    token("s99"),  # a student not on the roster
    OTHER_COURSE,
    token("s01")[:-1], token("s01").upper(), "", "x" * 22, None, 12345, ["a"],
], ids=["not-on-roster", "other-course", "truncated", "case", "empty", "made-up", "null", "number", "list"])
def test_a_token_of_no_student_is_403_and_stores_nothing(collecting, sent):
    client, _collect, folder = collecting
    for body in ({"answers": ANSWERS}, {"notes": NOTES, "format": "md"}):
        response = hand_in(client, token=sent, exercise="partial-derivatives", **body)
        assert_refused(response, 403, "hand-in-token-refused")
        assert sent is None or not isinstance(sent, str) or sent == "" or sent not in response.text
    assert stored(folder) == set()


def test_a_refused_token_says_the_same_whether_or_not_its_exercise_exists(collecting):
    """No hint: the token is judged before the exercise, and in the same words for everyone."""
    client, _collect, _folder = collecting
    said = {hand_in(client, token=sent, exercise=exercise, answers=ANSWERS).text
            for sent in (token("s99"), OTHER_COURSE, "x" * 22) for exercise in ("partial-derivatives", "nope")}
    assert len(said) == 1


@pytest.mark.parametrize("body,status,code", [
    ({"exercise": "nope", "answers": ANSWERS}, 404, "request-unknown-exercise"),
    ({"exercise": "partial-derivatives", "answers": {"p9.x": "1"}}, 404, "request-unknown-task"),
    ({"exercise": "partial-derivatives", "answers": {}}, 422, "hand-in-empty"),
    ({"exercise": "partial-derivatives", "notes": "{not json", "format": "ipynb"}, 422, "hand-in-not-notebook"),
    ({"exercise": "partial-derivatives", "answers": {"p1.dx": "x" * 2001}}, 413, "request-answer-too-long"),
    ({"exercise": "partial-derivatives", "notes": "x" * (LIMITS.max_notes_bytes + 1), "format": "md"}, 413,
     "request-notes-too-large"),
    ({"exercise": "partial-derivatives", "notes": "x", "format": "pdf"}, 400, "request-notes-format"),
    ({"exercise": "partial-derivatives", "answers": ["1"]}, 400, "request-field-type"),
    ({"exercise": "partial-derivatives", "answers": ANSWERS, "notes": NOTES}, 400, "request-answers-or-notes"),
    ({"exercise": "partial-derivatives", "answers": ANSWERS, "student": "s02"}, 400, "request-field-unknown"),
    ({"exercise": "partial-derivatives"}, 400, "request-field-missing"),
])
def test_what_cannot_be_handed_in_is_said_with_its_status_and_nothing_is_stored(collecting, body, status, code):
    client, _collect, folder = collecting
    assert_refused(hand_in(client, token=token("s01"), **body), status, code)
    assert stored(folder) == set()


def test_a_body_over_the_limit_is_413(collecting):
    client, _collect, folder = collecting
    huge = {"token": token("s01"), "exercise": "partial-derivatives",
            "answers": {f"p1.d{k}": "1" * 1000 for k in range(LIMITS.max_body_bytes // 1000 + 1)}}
    assert_refused(client.post("/api/hand-in", json=huge), 413, "request-too-large")
    assert stored(folder) == set()


def test_a_hand_in_that_cannot_be_written_is_503_and_logged_for_the_teacher(collecting, monkeypatch, caplog):
    from grader.serve import collect as module

    client, _collect, folder = collecting

    def full(_path, _text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(module, "write_atomic", full)
    response = hand_in(client, token=token("s01"), exercise="partial-derivatives", answers=ANSWERS)
    assert_refused(response, 503, "hand-in-not-stored")
    assert str(folder) not in response.text
    assert "No space left on device" in caplog.text and token("s01") not in caplog.text


def test_the_rate_limit_counts_hand_ins(exercises, pool, tmp_path):
    app, _collect = collecting_app(exercises, pool, tmp_path, ServeLimits(requests_per_minute=1, burst=2, workers=1))
    with TestClient(app) as client:
        statuses = [hand_in(client, token=token("s01"), exercise="partial-derivatives", answers=ANSWERS).status_code
                    for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_without_collect_mode_there_is_no_hand_in(plain):
    assert_refused(hand_in(plain, token=token("s01"), exercise="partial-derivatives", answers=ANSWERS), 404,
                   "request-unknown-route")
    response = plain.post("/exercises/partial-derivatives/hand-in", data={"token": token("s01"), "answer:p1.dx": "1"})
    assert response.status_code == 404
    html = plain.get("/exercises/partial-derivatives", params={"token": token("s01")}).text
    assert 'id="hand-in"' not in html and token("s01") not in html  # a token means nothing here


@pytest.fixture(scope="module")
def hostile(exercises, pool, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    app, _collect = collecting_app(exercises, pool, folder)
    with TestClient(app) as client:
        yield client, folder


TEXTS = st.text(max_size=40)
TOKENS = st.sampled_from([token("s01")] * 6 + [token("s99"), OTHER_COURSE, "x" * 22])
TASK_ANSWERS = st.dictionaries(st.sampled_from(["p1.dx", "p1.dy", "p1.dxdy"]), st.text(max_size=60), max_size=3)
HOSTILE_BODIES = (  # well formed with hostile text, mostly with a valid token; or any object at all
    st.fixed_dictionaries({"token": TOKENS, "exercise": st.just("partial-derivatives"), "answers": TASK_ANSWERS})
    | st.fixed_dictionaries({"token": TOKENS, "exercise": st.just("partial-derivatives"),
                             "notes": st.text(max_size=200), "format": st.sampled_from(["md", "ipynb"])})
    | st.dictionaries(st.sampled_from(["token", "exercise", "answers", "notes", "format", "student"]) | TEXTS,
                      TOKENS | TEXTS | st.dictionaries(TEXTS, TEXTS | st.integers(), max_size=2)
                      | st.lists(TEXTS, max_size=2), max_size=5))


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=HOSTILE_BODIES)
def test_any_hand_in_is_stored_for_its_token_or_refused_with_a_documented_status(hostile, body):
    client, folder = hostile
    before = {p: p.read_bytes() for p in stored(folder)}
    response = client.post("/api/hand-in", json=body)
    assert response.status_code in {200, 400, 403, 404, 413, 422}, response.text
    assert "Traceback" not in response.text and token("s01") not in response.text
    after = {p: p.read_bytes() for p in stored(folder)}
    if response.status_code != 200:
        assert set(response.json()) == {"error"} and after == before  # refused: nothing stored
        return
    assert body["token"] == token("s01") and response.json()["student"] == "s01"
    path = folder / "s01" / f"partial-derivatives{'.yaml' if 'answers' in body else '.' + body['format']}"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == response.json()["sha256"]
    assert read_submission(path).student == "s01"


# -- the pages -----------------------------------------------------------------------------------
def test_the_personal_link_greets_the_student_and_carries_the_token_on(collecting):
    client, _collect, _folder = collecting
    response = client.get("/", params={"token": token("s01")})
    assert response.status_code == 200
    assert "Anouk de Vries (s01)" in response.text
    assert f'href="/exercises/partial-derivatives?token={token("s01")}"' in response.text
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"
    anonymous = client.get("/")
    assert "Anouk" not in anonymous.text and "token" not in anonymous.text
    assert "Cache-Control" not in anonymous.headers


def test_a_students_page_uses_their_own_numbers_and_no_id_field(collecting):
    client, _collect, _folder = collecting
    html = client.get("/exercises/gradient-descent-variants", params={"token": token("s21"), "student": "s22"}).text
    assert "Jouw getallen: a = 9, s = -3, lr = 0.1, b = 8, t = 2, u = 4" in html  # s21's, not s22's
    assert 'name="student"' not in html and 'id="student-id"' not in html
    assert html.count(f'<input type="hidden" name="token" value="{token("s21")}">') == 2  # answers and notes
    assert 'id="hand-in"' in html and 'id="hand-in-notes"' in html
    assert token("s01") not in html and token("s02") not in html


def test_check_with_a_token_checks_the_tokens_students_numbers(collecting):
    client, _collect, folder = collecting
    html = client.post("/exercises/gradient-descent-variants", data={
        "token": token("s21"), "student": "s22", "answer:gd1.derivative": "18θ"}).text
    assert '<section class="task correct" id="gd1.derivative">' in html
    assert stored(folder) == set()  # Check stores nothing


def test_hand_in_without_javascript_shows_the_receipt_in_the_exercises_language(collecting):
    client, collect, _folder = collecting
    response = client.post("/exercises/partial-derivatives/hand-in", data={
        "token": token("s02"), "answer:p1.dx": ANSWERS["p1.dx"], "answer:p1.dy": "", "answer:p1.dxdy": "6x^2y"})
    assert response.status_code == 200, response.text
    path = collect.current("s02", "partial-derivatives")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    receipt = response.text.split('<section id="receipt"', 1)[1].split("</section>", 1)[0]
    assert "<h2>Ingeleverd</h2>" in receipt and "Tijd (UTC)" in receipt  # the exercise is Dutch
    assert '<time datetime="2026-12-05T12:00:00Z">' in receipt and f'<code class="sha256">{digest}</code>' in receipt
    assert dict(read_submission(path).answers) == {"p1.dx": ANSWERS["p1.dx"], "p1.dxdy": "6x^2y"}  # no empty one
    assert f'value="{ANSWERS["p1.dx"]}"' in response.text  # the answers stay in their inputs
    assert response.headers["Cache-Control"] == "no-store"


def test_notes_are_handed_in_from_the_page(collecting):
    client, collect, _folder = collecting
    response = client.post("/exercises/partial-derivatives/notes/hand-in", data={"token": token("s01")},
                           files={"notes": ("les3.md", NOTES.encode("utf-8"), "text/markdown")})
    assert response.status_code == 200, response.text
    assert 'id="receipt"' in response.text
    assert collect.current("s01", "partial-derivatives").suffix == ".md"


@pytest.mark.parametrize("route,data", [
    ("/exercises/partial-derivatives/hand-in", {"token": token("s99"), "answer:p1.dx": "1"}),
    ("/exercises/partial-derivatives/hand-in", {"answer:p1.dx": "1"}),
    ("/exercises/partial-derivatives/hand-in", {"token": OTHER_COURSE, "answer:p1.dx": "1"}),
    ("/exercises/partial-derivatives/notes/hand-in", {"token": "x" * 22}),
    ("/exercises/partial-derivatives/notes/hand-in", {}),
    ("/exercises/partial-derivatives", {"token": "x" * 22, "answer:p1.dx": "1"}),
], ids=["not-on-roster", "no-token", "other-course", "notes-made-up", "notes-no-token", "check-made-up"])
def test_a_page_post_with_a_token_of_no_one_is_403_and_stores_nothing(collecting, route, data):
    client, _collect, folder = collecting
    files = {"notes": ("les3.md", NOTES.encode("utf-8"), "text/markdown")} if "notes" in route else None
    response = client.post(route, data=data, files=files)
    assert response.status_code == 403 and 'role="alert"' in response.text
    assert "persoonlijke link" in response.text or "personal link" in response.text
    assert not any(token(p.id) in response.text for p in ROSTER) and "x" * 22 not in response.text
    assert stored(folder) == set()


def test_a_personal_link_with_a_token_of_no_one_is_403(collecting):
    client, _collect, _folder = collecting
    for url in ("/", "/exercises/partial-derivatives"):
        response = client.get(url, params={"token": OTHER_COURSE})
        assert response.status_code == 403 and OTHER_COURSE not in response.text


def test_a_hand_in_refused_on_the_page_says_why_and_keeps_the_answers(collecting):
    client, _collect, folder = collecting
    response = client.post("/exercises/partial-derivatives/hand-in", data={"token": token("s01"), "answer:p1.dx": " "})
    assert response.status_code == 422
    assert "niets in te leveren" in response.text and 'id="receipt"' not in response.text
    assert stored(folder) == set()


# -- the log ---------------------------------------------------------------------------------------
def test_no_token_reaches_the_servers_log_whatever_its_level(exercises, pool, tmp_path, capfd):
    """uvicorn's access log prints every request's query string: it is off, at every level."""
    import uvicorn

    from grader.serve.run import listen, server_config

    app, _collect = collecting_app(exercises, pool, tmp_path)
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(server_config(app, log_level="info"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        while not server.started:
            thread.join(0.05)
            assert thread.is_alive()
        with urllib.request.urlopen(f"{base}/?token={token('s01')}") as response:
            assert response.status == 200 and "Anouk" in response.read().decode("utf-8")
        request = urllib.request.Request(f"{base}/api/hand-in", method="POST", headers={
            "Content-Type": "application/json"}, data=json.dumps({"token": token("s02"),
                                                                  "exercise": "partial-derivatives",
                                                                  "answers": ANSWERS}).encode("utf-8"))
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
    finally:
        server.should_exit = True
        thread.join()
        sock.close()
    out, err = capfd.readouterr()
    assert "Uvicorn running" in err or "Application startup complete" in err  # the log is on, at info
    assert token("s01") not in out + err and token("s02") not in out + err


def test_the_docs_say_how_to_collect(collecting):
    """docs/collect.md's hand-in example is what the server answers (the same clock, roster and secret)."""
    client, _collect, _folder = collecting
    page = (ROOT / "docs" / "collect.md").read_text(encoding="utf-8")
    section = page.split("### `POST /api/hand-in`", 1)[1]
    request, answer = (json.loads(block.split("```", 1)[0]) for block in section.split("```json\n")[1:3])
    assert request["token"] == token("s01")  # the docs' token is s01's under this test's secret
    assert hand_in(client, **request).json() == answer
