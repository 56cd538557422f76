"""Whatever a client sends, grader serve answers with a status it documents and one line of
JSON: never a 500, never a traceback (hypothesis writes the bodies)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from grader.api import load_exercises
from grader.serve import ServeLimits, create_app
from grader.serve.pool import CheckPool

DOCUMENTED = {200, 400, 403, 404, 413, 422}  # 403: a student named without their personal link
FIELDS = ["exercise", "task", "answer", "student", "token", "answers", "notes", "format"]


@pytest.fixture(scope="module")
def client():
    exercises = load_exercises(["gradient-descent", "gradient-descent-variants"])
    pool = CheckPool(exercises, 1, 8)
    pool.start()
    try:
        with TestClient(create_app(exercises, limits=ServeLimits(requests_per_minute=0), pool=pool)) as test_client:
            yield test_client
    finally:
        pool.close()


def answered(response) -> None:
    assert response.status_code in DOCUMENTED, response.text
    data = response.json()
    if response.status_code != 200:
        assert set(data) == {"error"} and set(data["error"]) == {"code", "message"}
    assert "Traceback" not in response.text


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=8)
BODIES = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5),
                         st.sampled_from(["gradient-descent", "gradient-descent-variants", "gd1.derivative", "md",
                                          "ipynb", "s1"]) | JSON_VALUES, max_size=5)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(body=st.binary(max_size=200))
def test_any_bytes(client, body):
    for route in ("/api/validate", "/api/check"):
        answered(client.post(route, content=body))


@SETTINGS
@given(body=BODIES)
def test_any_json_object(client, body):
    for route in ("/api/validate", "/api/check"):
        answered(client.post(route, content=json.dumps(body)))


@SETTINGS
@given(answer=st.text(max_size=300))
def test_any_answer_is_read_or_refused_with_its_place(client, answer):
    response = client.post("/api/validate", json={"exercise": "gradient-descent", "task": "gd2.step1",
                                                  "answer": answer})
    if any("\ud800" <= c <= "\udfff" for c in answer):  # no text: refused as the request's encoding
        assert response.status_code == 400
        return
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["valid"] or data["error"] is None or data["error"]["position"] is None \
        or 0 <= data["error"]["position"] <= len(answer)
