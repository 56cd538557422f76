"""/api/openapi.json describes exactly the API's routes, and the API's answers fit its schemas."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from starlette.routing import Route
from starlette.testclient import TestClient

from grader.api import load_exercises
from grader.serve import ServeLimits, create_app
from grader.serve.pool import CheckPool

LIMITS = ServeLimits(requests_per_minute=0, workers=1)


@pytest.fixture(scope="module")
def client():
    exercises = load_exercises()
    pool = CheckPool(exercises, 1, 2)
    pool.start()
    try:
        with TestClient(create_app(exercises, limits=LIMITS, pool=pool)) as test_client:
            yield test_client
    finally:
        pool.close()


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/api/openapi.json").json()


def routes_of(app) -> dict[str, set[str]]:
    return {route.path: set(route.methods or ()) - {"HEAD"} for route in app.routes
            if isinstance(route, Route) and route.path.startswith("/api/")}


def test_every_api_route_is_described_and_nothing_else(client, spec):
    described = {path: {method.upper() for method in item} for path, item in spec["paths"].items()}
    assert described == routes_of(client.app)


def validator(spec, status_schema: dict) -> Draft202012Validator:
    return Draft202012Validator({**status_schema, "components": spec["components"]})


def schema_of(spec, path: str, method: str, status: int) -> dict:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method} {path} answered {status}, which is not described"
    return responses[str(status)]["content"]["application/json"]["schema"]


def request_schema(spec, path: str) -> dict:
    return spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]


CALLS = [
    ("get", "/api/exercises", "/api/exercises", None),
    ("get", "/api/exercises/{exercise}", "/api/exercises/gradient-descent-variants?student=s21", None),
    ("get", "/api/exercises/{exercise}", "/api/exercises/chain-rule", None),
    ("get", "/api/exercises/{exercise}", "/api/exercises/nope", None),
    ("get", "/api/exercises/{exercise}", "/api/exercises/gradient-descent-variants?student=%20x", None),
    ("post", "/api/validate", "/api/validate", {"exercise": "gradient-descent", "task": "gd1.derivative",
                                                "answer": "6\\theta"}),
    ("post", "/api/validate", "/api/validate", {"exercise": "gradient-descent", "task": "gd1.derivative",
                                                "answer": "6*("}),
    ("post", "/api/validate", "/api/validate", {"exercise": "gradient-descent", "task": "gd1.derivative",
                                                "answer": "θ" * 3000}),
    ("post", "/api/validate", "/api/validate", {"exercise": "gradient-descent", "task": "nope", "answer": ""}),
    ("post", "/api/validate", "/api/validate", {"exercise": "gradient-descent"}),
    ("post", "/api/check", "/api/check", {"exercise": "gradient-descent",
                                          "answers": {"gd1.derivative": "6θ", "gd2.step1": "(-10.4, 1.92)"}}),
    ("post", "/api/check", "/api/check", {"exercise": "gradient-descent-variants", "student": "s21",
                                          "answers": {"gd1.derivative": "18θ"}}),
    ("post", "/api/check", "/api/check", {"exercise": "gradient-descent", "format": "md",
                                          "notes": "---\nstudent: s1\n---\n$J'(\\theta) = 6\\theta$\n"}),
    ("post", "/api/check", "/api/check", {"exercise": "gradient-descent", "format": "ipynb", "notes": "{"}),
    ("get", "/api/openapi.json", "/api/openapi.json", None),
]


@pytest.mark.parametrize("server", ["client", "open_client"])  # personal links only, and --open-variants
@pytest.mark.parametrize("method,path,url,body", CALLS)
def test_answers_fit_the_described_schemas(request, server, spec, method, path, url, body):
    client = request.getfixturevalue(server)
    response = client.request(method.upper(), url, json=body)
    validator(spec, schema_of(spec, path, method, response.status_code)).validate(response.json())
    if body is not None and response.status_code == 200:  # a request served fits the request schema
        validator(spec, request_schema(spec, path)).validate(body)


def test_the_description_is_a_valid_schema_document(spec):
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert spec["openapi"].startswith("3.1")


# -- collect mode: /api/hand-in is served, so it is described ----------------------------------------
@pytest.fixture(scope="module")
def collecting(tmp_path_factory):
    from grader.export.roster import Person
    from grader.serve import Collector

    exercises = load_exercises()
    collect = Collector.open(tmp_path_factory.mktemp("in"), (Person("s01", "Anouk"),), bytes(range(32)))
    pool = CheckPool(exercises, 1, 2)  # never started: a hand-in needs no worker
    with TestClient(create_app(exercises, limits=LIMITS, pool=pool, collector=collect)) as test_client:
        yield test_client


def test_collect_modes_description_is_its_routes_and_only_then_has_the_hand_in(collecting, spec):
    collect_spec = collecting.get("/api/openapi.json").json()
    described = {path: {method.upper() for method in item} for path, item in collect_spec["paths"].items()}
    assert described == routes_of(collecting.app)
    assert "/api/hand-in" in described and "/api/hand-in" not in spec["paths"]


S01 = "rluax16_VYwprbFNDjyPOy"  # s01's token under the secret bytes(range(32))
HAND_INS = [
    {"token": S01, "exercise": "partial-derivatives", "answers": {"p1.dx": "4x^3"}},
    {"token": S01, "exercise": "partial-derivatives", "notes": "- ∂Z/∂x: $4x^3$\n", "format": "md"},
    {"token": "x" * 22, "exercise": "partial-derivatives", "answers": {"p1.dx": "4x^3"}},
    {"token": S01, "exercise": "nope", "answers": {"p1.dx": "4x^3"}},
    {"token": S01, "exercise": "partial-derivatives", "answers": {}},
    {"token": S01, "exercise": "partial-derivatives", "answers": {"p1.dx": "θ" * 3000}},
    {"token": S01, "exercise": "partial-derivatives"},
]


@pytest.mark.parametrize("body", HAND_INS)
def test_hand_in_answers_fit_the_described_schemas(collecting, body):
    collect_spec = collecting.get("/api/openapi.json").json()
    response = collecting.post("/api/hand-in", json=body)
    validator(collect_spec, schema_of(collect_spec, "/api/hand-in", "post", response.status_code)).validate(
        response.json())
    if response.status_code == 200:
        validator(collect_spec, request_schema(collect_spec, "/api/hand-in")).validate(body)
