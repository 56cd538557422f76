"""Notes name their exercise and student in their front matter; a route names them too. The
route decides: notes naming another exercise or student are refused (422), never graded as the
other one and shown with the route's reveal policy (a hostile round read a secret exercise's
expected answers through a revealing one's route)."""

from __future__ import annotations

import dataclasses

import pytest
from starlette.testclient import TestClient

from grader.api import load_exercises
from grader.export.roster import Person
from grader.serve import Collector, ServeLimits, create_app
from grader.serve.collect import token_for
from tests.conftest import ROOT

LIMITS = ServeLimits(requests_per_minute=0, workers=1)
SECRET = bytes(range(32))
NOTES = (ROOT / "examples" / "notes" / "seed-notes.md").read_text(encoding="utf-8")  # no front matter
EXPECTED_P1_DX = "4*x**3 + 3*x**2*y**2"


@pytest.fixture(scope="module")
def exercises():
    loaded = load_exercises(["partial-derivatives", "gradient-descent-variants"])
    secret = dataclasses.replace(loaded["partial-derivatives"], id="secret-ex", reveal="never")
    open_ = dataclasses.replace(loaded["partial-derivatives"], id="open-ex", reveal="always")
    return {"secret-ex": secret, "open-ex": open_, "gradient-descent-variants": loaded["gradient-descent-variants"]}


def fronted(notes: str, **front: str) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in front.items()) + "---\n" + notes


def check_notes(client, exercise: str, notes: str, **more):
    return client.post("/api/check", json={"exercise": exercise, "notes": notes, "format": "md", **more})


def test_notes_of_the_routes_exercise_are_checked_with_its_reveal_policy(client):
    response = check_notes(client, "open-ex", fronted(NOTES, exercise="open-ex", student="s1"))
    assert response.status_code == 200, response.text
    (p1dx,) = [t for t in response.json()["tasks"] if t["task"] == "p1.dx"]
    assert p1dx["verdict"] == "correct" and p1dx["expected"] is not None


@pytest.mark.parametrize("route", ["/api/check", "/exercises/open-ex/notes"])
def test_notes_naming_another_exercise_are_refused_and_reveal_nothing(client, route):
    notes = fronted(NOTES, exercise="secret-ex")
    if route == "/api/check":
        response = check_notes(client, "open-ex", notes)
        assert response.json()["error"]["code"] == "request-notes-other-exercise"
    else:
        response = client.post(route, files={"notes": ("les3.md", notes.encode(), "text/markdown")})
        assert "secret-ex" in response.text and "open-ex" in response.text
    assert response.status_code == 422, response.text
    assert "4·x" not in response.text and EXPECTED_P1_DX not in response.text
    assert "Verwacht" not in response.text and "expected\": \"" not in response.text


def test_notes_naming_another_student_than_the_request_are_refused(open_client):
    client = open_client  # names students: the server is started with --open-variants
    notes = fronted(NOTES, student="s22")
    response = check_notes(client, "gradient-descent-variants", notes, student="s21")
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "request-notes-other-student"
    assert "s22" in response.json()["error"]["message"]


def test_notes_naming_the_requests_student_or_none_are_checked(open_client):
    client = open_client  # names students: the server is started with --open-variants
    for notes in (fronted(NOTES, student="s21"), NOTES):
        response = check_notes(client, "gradient-descent-variants", notes, student="s21")
        assert response.status_code == 200, response.text
        assert response.json()["student"] == "s21"


def test_notes_may_name_the_student_when_the_request_does_not(open_client):
    client = open_client  # names students: the server is started with --open-variants
    response = check_notes(client, "gradient-descent-variants", fronted(NOTES, student="s22"))
    assert response.status_code == 200, response.text
    assert response.json()["student"] == "s22"


def test_in_collect_mode_notes_naming_another_student_than_the_token_are_refused(exercises, pool, tmp_path):
    roster = (Person("s21", "Sanne"), Person("s22", "Sem"))
    collector = Collector.open(tmp_path / "in", roster, SECRET, exercises=exercises)
    with TestClient(create_app(exercises, limits=LIMITS, pool=pool, collector=collector)) as client:
        response = client.post("/exercises/gradient-descent-variants/notes",
                               data={"token": token_for(SECRET, "s21")},
                               files={"notes": ("les3.md", fronted(NOTES, student="s22").encode(), "text/markdown")})
    assert response.status_code == 422, response.text
    assert "s22" in response.text and "Sanne" in response.text
