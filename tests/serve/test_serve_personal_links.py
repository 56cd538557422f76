"""A variant exercise's numbers are a student's own: by default a server gives them only with
that student's personal link (a token of ``grader tokens``), in collect mode or with
``--tokens DIR`` (links without hand-ins). ``--open-variants`` lets any visitor name any
student, as before. Exercises without variants are the same for everyone and unchanged."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import grader.serve
from grader.api import load_exercises
from grader.cli import cli
from grader.export.roster import Person
from grader.serve import Collector, ServeLimits, create_app
from grader.serve.collect import PersonalLinks, token_for
from grader.serve.run import url

LIMITS = ServeLimits(requests_per_minute=0, workers=1)
SECRET = bytes(range(32))
ROSTER = (Person("s21", "Sanne de Vries"), Person("s22", "Bram"))
VARIANTS = "gradient-descent-variants"
SANNE = "a = 9, s = -3, lr = 0.1, b = 8, t = 2, u = 4"  # s21's numbers (examples/variants)
REFUSED = "request-personal-link-needed"


def token(student: str) -> str:
    return token_for(SECRET, student)


@pytest.fixture(scope="module")
def linked(exercises, pool, tmp_path_factory):
    """A server with personal links and no hand-ins (``grader serve --tokens DIR --roster R``)."""
    links = PersonalLinks(Collector.open(tmp_path_factory.mktemp("links"), ROSTER, SECRET))
    with TestClient(create_app(exercises, limits=LIMITS, pool=pool, collector=links)) as client:
        yield client


@pytest.fixture(scope="module")
def collecting(exercises, pool, tmp_path_factory):
    collect = Collector.open(tmp_path_factory.mktemp("in"), ROSTER, SECRET)
    with TestClient(create_app(exercises, limits=LIMITS, pool=pool, collector=collect)) as client:
        yield client


def assert_refused(response) -> None:
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == REFUSED and "personal link" in error["message"]
    assert SANNE not in response.text and "θ = -3" not in response.text


# -- naming a student is refused, on every route --------------------------------------------------
@pytest.mark.parametrize("server", ["client", "linked", "collecting"])
def test_naming_a_student_of_a_variant_exercise_is_refused_without_their_link(request, server):
    client = request.getfixturevalue(server)
    assert_refused(client.get(f"/api/exercises/{VARIANTS}", params={"student": "s21"}))
    assert_refused(client.post("/api/validate", json={"exercise": VARIANTS, "task": "gd1.derivative",
                                                      "answer": "18θ", "student": "s21"}))
    assert_refused(client.post("/api/check", json={"exercise": VARIANTS, "student": "s21",
                                                   "answers": {"gd1.derivative": "18θ"}}))
    assert_refused(client.post("/api/check", json={"exercise": VARIANTS, "answers": {"gd1.derivative": "18θ"}}))
    notes = "---\nstudent: s21\n---\n$J'(θ) = 18θ$\n"  # the front matter names whose numbers: refused too
    assert_refused(client.post("/api/check", json={"exercise": VARIANTS, "notes": notes, "format": "md"}))


@pytest.mark.parametrize("server", ["client", "linked", "collecting"])
def test_a_page_naming_a_student_is_refused_in_the_exercises_language(request, server):
    client = request.getfixturevalue(server)
    for response in (client.get(f"/exercises/{VARIANTS}", params={"student": "s21"}),
                     client.post(f"/exercises/{VARIANTS}", data={"student": "s21", "answer:gd1.derivative": "18θ"}),
                     client.post(f"/exercises/{VARIANTS}/notes", data={"student": "s21"},
                                 files={"notes": ("les3.md", b"$J'(\\theta) = 18\\theta$\n", "text/markdown")})):
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("text/html")
        assert "open de persoonlijke link die je docent je stuurde" in response.text  # the exercise is Dutch
        assert SANNE not in response.text and "θ = -3" not in response.text


def test_a_variant_page_without_a_link_says_to_open_it_and_asks_no_number(client):
    html = client.get(f"/exercises/{VARIANTS}").text
    assert 'id="personal-link-needed"' in html and "Open de persoonlijke link" in html
    assert 'id="student-id"' not in html and "Jouw getallen" not in html


DESCRIBED = """id: described
title: Own numbers
lang: nl
description: "Kostenfunctie J(w, b) = w³ − {a}wb + 3b²."
parameters:
  a: {choose: [6, 12]}
problems:
  - id: k
    function: "J(w, b) = w^3 - a w b + 3b^2"
    tasks:
      - {id: g, gradient: [w, b]}
"""


def test_a_variant_description_without_a_link_shows_no_numbers(pool, tmp_path):
    (tmp_path / "described.yaml").write_text(DESCRIBED, encoding="utf-8")
    exercises = load_exercises([str(tmp_path / "described.yaml")])
    links = PersonalLinks(Collector.open(tmp_path / "links", ROSTER, SECRET))
    with TestClient(create_app(exercises, limits=LIMITS, pool=pool, collector=links)) as server:
        page = server.get("/exercises/described").text
        sheet = server.get("/api/exercises/described").json()
        own = server.get("/exercises/described", params={"token": token("s21")}).text
    assert "Kostenfunctie J(w, b) = w³ − …wb + 3b²." in page and "6wb" not in page and "12wb" not in page
    assert sheet["description"] == "Kostenfunctie J(w, b) = w³ − …wb + 3b²."
    assert "…wb" not in own and ("6wb" in own or "12wb" in own)


def test_an_exercise_without_variants_is_served_as_before(client):
    assert client.get("/api/exercises/gradient-descent", params={"student": "s1"}).status_code == 200
    response = client.post("/api/check", json={"exercise": "gradient-descent", "student": "s1",
                                               "answers": {"gd1.derivative": "6θ"}})
    assert response.status_code == 200 and response.json()["student"] == "s1"
    assert client.get("/exercises/gradient-descent", params={"student": "s1"}).status_code == 200


def test_open_variants_lets_any_visitor_name_any_student(open_client):
    assert open_client.get(f"/api/exercises/{VARIANTS}", params={"student": "s21"}).json()["your_numbers"] == SANNE


# -- a personal link without hand-ins --------------------------------------------------------------
def test_a_personal_link_opens_the_students_own_numbers_and_hands_in_nothing(linked):
    html = linked.get(f"/exercises/{VARIANTS}", params={"token": token("s21"), "student": "s22"}).text
    assert f"Jouw getallen: {SANNE}" in html and 'id="handing-in-as"' in html and "Sanne de Vries" in html
    assert "Je levert in als" not in html and 'id="hand-in"' not in html and 'id="hand-in-notes"' not in html
    assert f'data-token="{token("s21")}"' in html  # the preview sends the token, not an id
    assert linked.post("/api/hand-in", json={"token": token("s21"), "exercise": VARIANTS,
                                             "answers": {"gd1.derivative": "18θ"}}).status_code == 404


def test_the_list_of_a_personal_link_names_the_student_and_hands_in_nothing(linked, collecting):
    html = linked.get("/", params={"token": token("s21")}).text
    assert "Student: Sanne de Vries (s21)" in html and "Handing in as" not in html
    assert "Handing in as: Sanne de Vries (s21)" in collecting.get("/", params={"token": token("s21")}).text


def test_the_api_takes_a_token_where_it_took_a_student(linked):
    sheet = linked.get(f"/api/exercises/{VARIANTS}", params={"token": token("s21")}).json()
    assert (sheet["student"], sheet["your_numbers"]) == ("s21", SANNE)
    preview = linked.post("/api/validate", json={"exercise": VARIANTS, "task": "gd1.derivative", "answer": "18θ",
                                                 "token": token("s21")})
    assert preview.status_code == 200 and preview.json()["valid"] is True
    # the token decides whose numbers: a student named beside it is ignored, so s22's results never show
    checked = linked.post("/api/check", json={"exercise": VARIANTS, "token": token("s21"), "student": "s22",
                                              "answers": {"gd1.derivative": "18θ"}}).json()
    assert checked["student"] == "s21"
    assert [t["verdict"] for t in checked["tasks"] if t["task"] == "gd1.derivative"] == ["correct"]  # 2·9θ
    notes = "---\nstudent: s22\n---\n$J'(θ) = 18θ$\n"  # notes of another student: refused, not checked as theirs
    other = linked.post("/api/check", json={"exercise": VARIANTS, "token": token("s21"), "notes": notes,
                                            "format": "md"})
    assert other.status_code == 422 and other.json()["error"]["code"] == "request-notes-other-student"


def test_a_token_of_no_one_is_refused(linked):
    response = linked.get(f"/api/exercises/{VARIANTS}", params={"token": "x" * 22})
    assert response.status_code == 403 and response.json()["error"]["code"] == "hand-in-token-refused"


# -- grader serve's options -----------------------------------------------------------------------
@pytest.fixture
def served(monkeypatch):
    calls: list[dict] = []

    def serve(exercises, **options):
        calls.append(options)
        options["on_ready"](url(options["host"], options["port"]))

    monkeypatch.setattr(grader.serve, "serve", serve)
    return calls


def test_serve_tokens_runs_personal_links_made_by_grader_tokens(served, tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text("id,name\ns21,Sanne\n", encoding="utf-8")
    links = CliRunner().invoke(cli, ["tokens", "--roster", str(roster), "--tokens", str(tmp_path / "links")])
    result = CliRunner().invoke(cli, ["serve", VARIANTS, "--tokens", str(tmp_path / "links"),
                                      "--roster", str(roster)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (call,) = served
    links_of = call["collector"]
    assert isinstance(links_of, PersonalLinks) and not links_of.collects and call["open_variants"] is False
    assert f"?token={links_of.collector.token_of('s21')}" in links.stdout
    assert "personal links of 1 student(s); nothing is handed in" in result.stderr


def test_serve_open_variants_is_an_opt_in_that_warns(served):
    result = CliRunner().invoke(cli, ["serve", VARIANTS, "--open-variants"], catch_exceptions=False)
    assert result.exit_code == 0 and served[0]["open_variants"] is True
    assert "any visitor can see any student's numbers" in result.stderr


def test_collect_and_tokens_together_are_refused(served, tmp_path):
    (tmp_path / "class.csv").write_text("id\ns01\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", VARIANTS, "--collect", str(tmp_path / "a"), "--tokens",
                                      str(tmp_path / "b"), "--roster", str(tmp_path / "class.csv")])
    assert result.exit_code == 2 and served == [] and "not both" in result.stderr


# -- error pages in the student's language ----------------------------------------------------------
@pytest.mark.parametrize("accept,lang", [("nl-NL,nl;q=0.9,en;q=0.8", "nl"), ("en-GB,en;q=0.9,nl;q=0.8", "en"),
                                         ("de-DE,nl;q=0.5", "nl"), ("fr, de", "en"), (None, "en"),
                                         ("nl;q=0, en", "en"), ("nl;q=x", "en"), ("en;q=0.2, nl;q=0.7", "nl")])
def test_a_page_about_no_exercise_is_in_the_language_the_browser_asks_for(client, accept, lang):
    headers = {"Accept-Language": accept} if accept is not None else {}
    response = client.get("/nowhere", headers=headers)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text
    words = {"nl": "deze pagina of route bestaat niet", "en": "no such page or route"}
    assert words[lang] in response.text


def test_error_pages_of_an_exercise_are_in_its_language(client, exercises):
    english = {"Accept-Language": "en"}  # the exercise's language goes first
    dutch_page = "/exercises/gradient-descent"
    assert exercises["gradient-descent"].lang == "nl"
    not_taken = client.delete(dutch_page, headers=english)
    assert not_taken.status_code == 405 and "deze route neemt geen DELETE-verzoeken aan" in not_taken.text
    too_large = client.post(dutch_page, content=b"x" * (LIMITS.max_body_bytes + 1), headers={
        **english, "Content-Type": "application/x-www-form-urlencoded"})
    assert too_large.status_code == 413 and "het verzoek is groter dan deze server aanneemt" in too_large.text
    english_page = client.delete("/exercises/lesson4-newton", headers={"Accept-Language": "nl"})
    assert english_page.status_code == 405 and "this route does not take DELETE requests" in english_page.text
    unknown = client.get("/exercises/nope", headers={"Accept-Language": "nl"})
    assert unknown.status_code == 404 and "geen opgave &#39;nope&#39; hier" in unknown.text
    api = client.delete("/api/check", headers={"Accept-Language": "nl"})  # the JSON API stays as it is
    assert api.json()["error"]["message"] == "this route does not take DELETE requests"


def test_a_page_refused_for_too_many_requests_is_a_page_in_the_exercises_language(exercises, pool):
    limits = ServeLimits(requests_per_minute=1, burst=1, workers=1)
    with TestClient(create_app(exercises, limits=limits, pool=pool)) as limited:
        limited.get("/exercises/gradient-descent")
        refused = limited.get("/exercises/gradient-descent")
        api = limited.get("/api/exercises")
    assert refused.status_code == 429 and refused.headers["content-type"].startswith("text/html")
    assert "te veel verzoeken vanaf jouw adres" in refused.text and int(refused.headers["Retry-After"]) >= 1
    assert api.status_code == 429 and api.json()["error"]["code"] == "request-too-many"


def test_the_list_of_exercises_all_in_one_language_is_in_that_language(exercises, pool, tmp_path):
    dutch = {k: e for k, e in exercises.items() if e.lang == "nl"}
    links = PersonalLinks(Collector.open(tmp_path / "links", ROSTER, SECRET))
    with TestClient(create_app(dutch, limits=LIMITS, pool=pool, collector=links)) as server:
        page = server.get("/", params={"token": token("s21")}, headers={"Accept-Language": "en-GB,en"}).text
    assert '<html lang="nl">' in page and "<h1>Opgaven</h1>" in page and "eigen getallen" in page
    assert "Student: Sanne de Vries" in page  # the same word in both languages
    assert "Exercises" not in page and "your own numbers" not in page


def test_the_list_of_exercises_is_in_the_language_the_browser_asks_for(client):
    dutch = client.get("/", headers={"Accept-Language": "nl-BE,nl;q=0.9"}).text
    assert '<html lang="nl">' in dutch and "<h1>Opgaven</h1>" in dutch and "eigen getallen" in dutch
    english = client.get("/").text
    assert '<html lang="en">' in english and "<h1>Exercises</h1>" in english
