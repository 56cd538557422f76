"""grader serve's JSON API through Starlette's in-process client: every status it answers,
hostile bodies, and the check equal to `grader check --json` for the same submission."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from grader.cli import cli
from grader.serve import ServeLimits, create_app
from tests.conftest import ROOT

UNLIMITED = ServeLimits(requests_per_minute=0, workers=1)


def leaks(text: str) -> list[str]:
    """What no answer may hold: a traceback, a path of this machine."""
    return [bad for bad in ("Traceback", str(ROOT), "/tmp/", "site-packages", "File \"") if bad in text]


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    data = response.json()
    assert set(data) == {"error"} and set(data["error"]) == {"code", "message"}
    assert data["error"]["code"] == code, data
    assert leaks(response.text) == []


def validate(client, answer, task="gd1.derivative", exercise="gradient-descent", **more):
    return client.post("/api/validate", json={"exercise": exercise, "task": task, "answer": answer, **more})


# -- the sheet ---------------------------------------------------------------------------------
def test_a_fixed_exercise_has_no_numbers_of_a_student(client):
    assert client.get("/api/exercises/gradient-descent", params={"student": "s1"}).json()["your_numbers"] is None


def test_the_exercises_are_listed(client):
    response = client.get("/api/exercises")
    assert response.status_code == 200
    listed = {e["id"]: e for e in response.json()["exercises"]}
    assert listed["gradient-descent"]["tasks"] == 8
    assert listed["gradient-descent-variants"]["variants"] is True
    assert "path" not in json.dumps(listed)


def test_a_sheet_has_the_students_own_numbers_and_no_expected_answer(open_client, exercises):
    client = open_client  # names students: the server is started with --open-variants
    response = client.get("/api/exercises/gradient-descent-variants", params={"student": "s21"})
    assert response.status_code == 200
    sheet = response.json()
    assert sheet["your_numbers"] == "a = 9, s = -3, lr = 0.1, b = 8, t = 2, u = 4"  # Sanne's (examples/variants)
    assert sheet["problems"][0]["start"] == "θ = -3"
    own = exercises["gradient-descent-variants"].for_student("s21")
    assert "expected" not in response.text
    assert own.task("gd1.derivative").expected_text not in response.text  # 18*θ
    other = client.get("/api/exercises/gradient-descent-variants", params={"student": "s22"}).json()
    assert other["your_numbers"] != sheet["your_numbers"]
    nobody = client.get("/api/exercises/gradient-descent-variants").json()  # no student: no one's numbers
    assert nobody["your_numbers"] is None
    assert {(p["function"], p["start"], p["learning_rate"]) for p in nobody["problems"]} == {(None, None, None)}
    assert nobody["problems"][0]["tasks"][0]["key"] == "gd1.derivative"
    prompts = {t["key"]: t["prompt"] for p in nobody["problems"] for t in p["tasks"]}
    assert prompts["gd1.derivative"] == "de afgeleide J'(θ) van J(θ) = …θ²"  # its {a} nobody's
    assert prompts["gd1.slope1"] == "de helling in θ = …"


# -- the preview ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer,read_as,code,position", [
    ("6\\theta", "6*θ", None, None),
    ("6θ", "6*θ", None, None),
    ("6*(", None, "unexpected-end", 3),
    ("6*θ)", None, "unexpected-token", 3),
    ("9^9^9^9", "9^(9^(9^9))", None, None),  # read, not computed: the check says it is too large
    ("1e3000000", None, "number-too-large", 0),
    ("(" * 500 + "θ" + ")" * 500, None, "too-deep", 40),
    ("x", None, "unknown-name", 0),
    ("", None, None, None),
])
def test_validate_says_how_an_answer_reads(client, answer, read_as, code, position):
    response = validate(client, answer)
    assert response.status_code == 200
    data = response.json()
    assert data["read_as"] == read_as
    assert data["valid"] is (read_as is not None)
    if code is None:
        assert data["error"] is None
    else:
        assert (data["error"]["code"], data["error"]["position"]) == (code, position)
        assert data["mathml"] is None
    assert "verdict" not in data and "expected" not in data


def test_validate_gives_mathml_of_the_answer_as_read(client):
    data = validate(client, "(-4 - 0.1*64, 2 - 0.1*0.8) = (-10.4, 1.92)", task="gd2.step1").json()
    assert data["mathml"].startswith("<math") and "<mn>10.4</mn>" in data["mathml"]
    assert data["read_as"] == "(-4 - 0.1*64, 2 - 0.1*0.8) = (-10.4, 1.92)"


@pytest.mark.parametrize("exercise,task,answer,read_as", [
    ("les4-tweede-orde", "k.aard", "minimum", "minimum"),  # a word, not an unknown name
    ("les4-tweede-orde", "k.aard", "Zadelpunt.", "zadelpunt"),
    ("lesson4-second-order", "k.nature", "a saddle point", "saddle point"),
])
def test_validate_reads_an_answer_as_its_task_kind_grades_it(client, exercise, task, answer, read_as):
    data = validate(client, answer, task=task, exercise=exercise).json()
    assert (data["valid"], data["read_as"], data["error"]) == (True, read_as, None)
    assert f"<mi>{read_as}</mi>" in data["mathml"]


def test_validate_reads_plus_minus_as_two_values_on_an_eigenvalues_task_only(client):
    data = validate(client, "3 ± √2", task="k.eigenvalues", exercise="lesson4-second-order").json()
    assert (data["valid"], data["error"]) == (True, None)
    assert data["read_as"].count(",") == 1 and "±" not in data["mathml"]
    refused = validate(client, "3 ± √2", task="k.stationary", exercise="lesson4-second-order").json()
    assert refused["error"]["code"] == "plus-minus"
    assert refused["error"]["message"].startswith("± stands for two values: write both")


def test_validate_refuses_a_word_its_task_does_not_know_in_the_exercises_language(client):
    data = validate(client, "minimumm", task="k.aard", exercise="les4-tweede-orde").json()
    assert data["error"]["code"] == "nature-unknown"
    assert "schrijf één woord: minimum, maximum, zadelpunt of onbeslist" in data["error"]["message"]


def test_validate_speaks_the_exercises_language(client):
    dutch = validate(client, "6*(").json()["error"]["message"]
    english = validate(client, "(2x + 1", exercise="chain-rule", task=client.get(
        "/api/exercises/chain-rule").json()["problems"][0]["tasks"][0]["key"]).json()
    assert "te vroeg" in dutch
    assert english["error"] is not None


# -- the check, as grader check --json ---------------------------------------------------------------
def cli_check(tmp_path, monkeypatch, exercise: str, name: str, *more: str) -> dict:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", exercise, name, "--json", *more], catch_exceptions=False)
    return json.loads(result.output)


SUMMARY = ("status", "student", "exercise", "score", "max_score", "error", "needs_review")


@pytest.mark.parametrize("example,exercise", [
    ("submissions/finn.yaml", "gradient-descent"),
    ("submissions/hanna.yaml", "gradient-descent"),
    ("variants/sanne.yaml", "gradient-descent-variants"),
])
def test_a_check_of_answers_is_what_grader_check_says(open_client, tmp_path, monkeypatch, example, exercise):
    client = open_client  # names students: the server is started with --open-variants
    import yaml

    source = ROOT / "examples" / example
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    shutil.copy(source, tmp_path / "s.yaml")
    expected = cli_check(tmp_path, monkeypatch, exercise, "s.yaml")
    answers = {key: str(value) for key, value in data["answers"].items()}
    response = client.post("/api/check", json={"exercise": exercise, "student": data["student"],
                                               "answers": answers})
    assert response.status_code == 200, response.text
    got = response.json()
    assert got["tasks"] == expected["tasks"]
    assert {k: got[k] for k in SUMMARY} == {k: expected[k] for k in SUMMARY}
    assert got["submission"] == "<answers>"
    assert set(got["feedback"]) == {t["task"] for t in got["tasks"]}


def test_a_check_of_notes_is_what_grader_check_says(client, tmp_path, monkeypatch):
    text = (ROOT / "examples" / "notes" / "corpus" / "notion-gradient-descent-nl.md").read_text(encoding="utf-8")
    (tmp_path / "notes.md").write_text(text, encoding="utf-8")
    expected = cli_check(tmp_path, monkeypatch, "gradient-descent", "notes.md")
    response = client.post("/api/check", json={"exercise": "gradient-descent", "notes": text, "format": "md"})
    assert response.status_code == 200, response.text
    got = response.json()
    assert {k: v for k, v in got.items() if k not in ("lang", "feedback")} == expected
    assert got["tasks"][0]["found_at"] == "notes.md:18"


def test_a_check_names_the_mistake_in_words_and_withholds_the_answer(client):
    response = client.post("/api/check", json={"exercise": "partial-derivatives",
                                               "answers": {"p1.dx": "4x^4 + 3x^2 y^2"}})
    got = response.json()
    (task,) = [t for t in got["tasks"] if t["task"] == "p1.dx"]
    assert [d["code"] for d in task["diagnoses"]] == ["exponent-not-lowered"]
    assert task["expected"] is None
    assert got["feedback"]["p1.dx"] == ["de exponent is niet verlaagd in de term x^4"]  # the exercise's language


def test_reveal_shows_the_expected_answer(exercises, pool):
    with TestClient(create_app(exercises, limits=UNLIMITED, pool=pool, reveal=True)) as revealing:
        got = revealing.post("/api/check", json={"exercise": "partial-derivatives",
                                                 "answers": {"p1.dx": "4x^4"}}).json()
    assert [t["expected"] for t in got["tasks"] if t["task"] == "p1.dx"] == ["4*x^3 + 3*x^2*y^2"]


@pytest.mark.parametrize("answer,verdict,code", [
    ("9^9^9^9", "invalid", "number-too-large"),
    ("1e3000000", "invalid", "number-too-large"),
    ("(" * 500 + "θ" + ")" * 500, "invalid", "too-deep"),
])
def test_answers_that_would_hang_sympy_are_answered(client, answer, verdict, code):
    response = client.post("/api/check", json={"exercise": "gradient-descent", "answers": {"gd1.derivative": answer}})
    assert response.status_code == 200
    (task,) = [t for t in response.json()["tasks"] if t["task"] == "gd1.derivative"]
    assert (task["verdict"], task["message"]["code"]) == (verdict, code)


# -- what a client may send wrong ----------------------------------------------------------------
NESTED = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("route,body,status,code", [
    ("/api/validate", b"not json", 400, "request-not-json"),
    ("/api/validate", b"\xff\xfe{}", 400, "request-not-utf8"),
    ("/api/validate", b'{"exercise": "gradient-descent", "task": "gd1.derivative", "answer": "\\ud800"}',
     400, "request-not-utf8"),
    ("/api/validate", NESTED[:60_000], 400, "request-not-json"),
    ("/api/check", NESTED[:60_000], 400, "request-not-json"),
    ("/api/validate", b"[1, 2]", 400, "request-not-object"),
    ("/api/validate", b"1" + b"0" * 10_000, 400, "request-not-json"),  # more digits than Python converts
    ("/api/validate", b'"a text"', 400, "request-not-object"),
    ("/api/validate", b'{"exercise": "gradient-descent", "task": "gd1.derivative", "answer": NaN}', 400,
     "request-not-json"),
    ("/api/validate", b'{"exercise": "gradient-descent", "task": "gd1.derivative"}', 400, "request-field-missing"),
    ("/api/validate", b'{"exercise": "gradient-descent", "task": "gd1.derivative", "answer": "1", "x": 1}', 400,
     "request-field-unknown"),
    ("/api/validate", b'{"exercise": "gradient-descent", "task": "gd1.derivative", "answer": 6}', 400,
     "request-field-type"),
    ("/api/validate", b'{"exercise": ["gradient-descent"], "task": "gd1.derivative", "answer": "6"}', 400,
     "request-field-type"),
    ("/api/validate", b'{"exercise": "gradient-descent", "task": "gd1.derivative", "answer": "6", "student": 7}',
     400, "request-field-type"),
    ("/api/validate", b'{"exercise": "nope", "task": "gd1.derivative", "answer": "6"}', 404,
     "request-unknown-exercise"),
    ("/api/validate", b'{"exercise": "../../../etc/passwd", "task": "t", "answer": "6"}', 404,
     "request-unknown-exercise"),
    ("/api/validate", b'{"exercise": "gradient-descent", "task": "gd9.x", "answer": "6"}', 404,
     "request-unknown-task"),
    ("/api/check", b'{"exercise": "gradient-descent", "answers": {"gd9.x": "6"}}', 404, "request-unknown-task"),
    ("/api/check", b'{"exercise": "gradient-descent", "answers": ["6"]}', 400, "request-field-type"),
    ("/api/check", b'{"exercise": "gradient-descent", "answers": {"gd1.derivative": 6}}', 400,
     "request-field-type"),
    ("/api/check", b'{"exercise": "gradient-descent", "answers": {}, "notes": ""}', 400,
     "request-answers-or-notes"),
    ("/api/check", b'{"exercise": "gradient-descent", "notes": "x", "format": "pdf"}', 400,
     "request-notes-format"),
    ("/api/check", b'{"exercise": "gradient-descent-variants", "answers": {"gd1.derivative": "6"}}', 400,
     "request-student-needed"),
    ("/api/check", b'{"exercise": "gradient-descent-variants", "student": " s1", "answers": {}}', 400,
     "request-student-invalid"),
    ("/api/check", b'{"exercise": "gradient-descent-variants", "notes": "no front matter", "format": "md"}', 400,
     "request-student-needed"),
    ("/api/check", b'{"exercise": "gradient-descent", "notes": "{not a notebook", "format": "ipynb"}', 422,
     "submission-problem"),
])
def test_what_a_client_sends_wrong_is_said_with_its_status(open_client, route, body, status, code):
    client = open_client  # names students: the server is started with --open-variants
    response = client.post(route, content=body, headers={"Content-Type": "application/json"})
    assert_error(response, status, code)


@pytest.mark.parametrize("answer", ["(" * 10_000 + "θ" + ")" * 10_000, "θ" * 2_001])
def test_an_answer_longer_than_the_server_takes_is_413(client, answer):
    assert_error(validate(client, answer), 413, "request-answer-too-long")
    response = client.post("/api/check", json={"exercise": "gradient-descent", "answers": {"gd1.derivative": answer}})
    assert_error(response, 413, "request-answer-too-long")


def test_a_huge_body_is_413_without_being_read(client):
    huge = b'{"exercise": "' + b"x" * (UNLIMITED.max_body_bytes + 10) + b'"}'
    assert_error(client.post("/api/validate", content=huge), 413, "request-too-large")
    lying = client.post("/api/validate", content=b"{}", headers={"Content-Length": str(10**12)})
    assert lying.status_code in (400, 413)
    notes = "x" * (UNLIMITED.max_notes_bytes + 1)
    response = client.post("/api/check", json={"exercise": "gradient-descent", "notes": notes, "format": "md"})
    assert_error(response, 413, "request-notes-too-large")


def test_unknown_routes_and_methods(client):
    assert_error(client.get("/api/nothing"), 404, "request-unknown-route")
    assert_error(client.delete("/api/check"), 405, "request-method")
    assert_error(client.get("/api/exercises/..%2F..%2Fetc%2Fpasswd"), 404, "request-unknown-route")
    assert_error(client.get("/api/exercises/%2e%2e"), 404, "request-unknown-exercise")
    assert_error(client.get("/api/exercises/gradient-descent-variants", params={"student": "x" * 500}), 400,
                 "request-student-invalid")


def test_too_many_requests_from_one_address_is_429(exercises, pool):
    limits = ServeLimits(requests_per_minute=1, burst=3, workers=1)
    with TestClient(create_app(exercises, limits=limits, pool=pool)) as limited:
        statuses = [limited.get("/api/exercises").status_code for _ in range(4)]
        refused = limited.get("/api/exercises")
    assert statuses == [200, 200, 200, 429]
    assert_error(refused, 429, "request-too-many")
    assert int(refused.headers["Retry-After"]) >= 1


def test_a_full_queue_is_503_and_the_server_goes_on(client, pool):
    body = {"exercise": "gradient-descent", "answers": {"gd1.derivative": "6θ"}}
    pool.waiting = pool.size + pool.queue  # as if that many checks were running or waiting
    try:
        assert_error(client.post("/api/check", json=body), 503, "request-busy")
        assert validate(client, "6θ").status_code == 200  # the preview needs no worker
    finally:
        pool.waiting = 0
    assert client.post("/api/check", json=body).status_code == 200


def test_the_validate_example_of_the_docs_is_what_the_server_answers(client):
    page = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    section = page.split("### `POST /api/validate`", 1)[1].split("\n### ", 1)[0]
    documented = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])
    asked = {k: documented[k] for k in ("exercise", "task", "answer")}
    assert client.post("/api/validate", json=asked).json() == documented


def test_the_variants_remembered_are_bounded(open_client, monkeypatch):
    """Student ids are the client's to choose: a client asking for many keeps no more in memory."""
    client = open_client  # names students: the server is started with --open-variants
    from grader.serve import service as module

    monkeypatch.setattr(module, "MAX_VARIANTS", 3)
    remembered = client.app.state.service._variants
    for number in range(7):
        client.get("/api/exercises/gradient-descent-variants", params={"student": f"bound{number}"})
        assert len(remembered) <= 3


def test_a_collector_adds_its_routes_with_the_servers_service(exercises, pool):
    """Collect mode plugs its hand-in in here: its routes share the exercises, limits and workers."""
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    class Collector:
        def routes(self, service):
            async def hand_in(_request):
                return PlainTextResponse(", ".join(service.exercises)[:16])

            return [Route("/hand-in", hand_in, methods=["POST"])]

    with TestClient(create_app(exercises, limits=UNLIMITED, pool=pool, collector=Collector())) as collecting:
        assert collecting.post("/hand-in").text == "chain-rule, grad"


def test_notes_without_front_matter_are_checked_for_an_exercise_without_variants(client):
    """Whose notes they are matters only where each student has their own numbers: the page's
    upload of plain notes is checked, as grader check checks them."""
    notes = "$J(θ) = 3θ^2$\n\n$J'(θ) = 6θ$\n"
    response = client.post("/api/check", json={"exercise": "gradient-descent", "notes": notes, "format": "md"})
    assert response.status_code == 200, response.text
    tasks = {t["task"]: t for t in response.json()["tasks"]}
    assert tasks["gd1.derivative"]["verdict"] == "correct"
