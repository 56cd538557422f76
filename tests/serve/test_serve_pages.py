"""grader serve's pages without JavaScript: the sheet, "Check" as a form post that returns the
page checked, notes uploaded, in the exercise's language, and nothing revealed that may not be."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from grader.serve import ServeLimits, create_app
from tests.conftest import ROOT

LIMITS = ServeLimits(requests_per_minute=0, workers=1)


def verdicts(html: str) -> dict[str, str]:
    return {key: verdict for verdict, key in re.findall(r'<section class="task (\w+)" id="([\w.]+)">', html)}


def test_the_index_links_every_exercise(client, exercises):
    html = client.get("/").text
    for exercise_id in exercises:
        assert f'href="/exercises/{exercise_id}"' in html


def test_the_sheet_has_a_labelled_input_and_a_live_preview_per_task(client, exercises):
    response = client.get("/exercises/gradient-descent")
    assert response.status_code == 200
    html = response.text
    for task in exercises["gradient-descent"].tasks:
        assert f'<label for="answer-{task.key}">' in html
        assert f'id="answer-{task.key}" name="answer:{task.key}"' in html
        assert f'<output id="preview-{task.key}" class="preview" aria-live="polite"' in html
    assert "<math" in html and "Learning rate" in html  # the function typeset, the start and rate
    assert '<script src="/static/serve.js"' in html and "<script>" not in html
    assert "http://" not in html and "https://" not in html  # nothing from elsewhere
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_pages_own_script_and_style_are_served(client):
    script = client.get("/static/serve.js")
    assert script.status_code == 200 and "/api/validate" in script.text
    style = client.get("/static/serve.css")
    assert style.status_code == 200 and "section.task" in style.text and "output.preview" in style.text
    assert client.get("/static/../pyproject.toml").status_code == 404
    assert client.get("/static/report.css").status_code == 404


def test_check_without_javascript_returns_the_page_checked(client):
    response = client.post("/exercises/gradient-descent", data={
        "answer:gd1.derivative": "6θ", "answer:gd1.slope1": "6*(",
        "answer:gd2.step1": "(-4 - 0.1*64, 2 - 0.1*0.8) = (-10.4, 1.92)"})
    assert response.status_code == 200
    html = response.text
    got = verdicts(html.split('id="result"')[1])
    assert (got["gd1.derivative"], got["gd1.slope1"], got["gd2.step1"]) == ("correct", "invalid", "partial")
    assert "goed" in html and "Resultaat" in html  # the exercise's language (Dutch)
    assert 'value="6*("' in html  # the answers stay in their inputs
    assert '<span class="caret">6*(\n   ^</span>' in html  # the caret under where it ends too early
    assert "Verwacht" not in html  # the exercise reveals nothing


def test_the_seeds_sign_slip_is_named_on_the_page(client):
    """The seed's 2-D example: (−4)³ taken as 64, so θ1 moved the wrong way."""
    html = client.post("/exercises/gradient-descent", data={
        "answer:gd2.gradient": "(θ1^3, 0.4θ2)",
        "answer:gd2.step1": "(-4 - 0.1*64, 2 - 0.1*0.8) = (-10.4, 1.92)"}).text
    result = html.split('id="result"')[1]
    assert "[sign-slip]" in result
    assert "de helling van θ1 is met het verkeerde teken gebruikt" in result  # the report's words, in Dutch
    assert "<figure><svg" in result  # the descent picture


def test_a_variant_exercise_asks_whose_numbers_and_then_shows_them(open_client):
    client = open_client  # names students: the server is started with --open-variants
    html = client.get("/exercises/gradient-descent-variants").text
    assert 'name="student"' in html and "Jouw getallen" not in html
    assert "θ = -" not in html  # no student's start shown to someone who said no id
    assert "van J(θ) = …θ²" in html and "de helling in θ = …" in html  # nor in the prompts
    html = client.get("/exercises/gradient-descent-variants", params={"student": "s21"}).text
    assert "Jouw getallen: a = 9, s = -3, lr = 0.1, b = 8, t = 2, u = 4" in html
    refused = client.post("/exercises/gradient-descent-variants", data={"answer:gd1.derivative": "18θ"})
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    checked = client.post("/exercises/gradient-descent-variants",
                          data={"student": "s21", "answer:gd1.derivative": "18θ"}).text
    assert verdicts(checked.split('id="result"')[1])["gd1.derivative"] == "correct"


def test_notes_uploaded_show_where_each_answer_was_found(client):
    notes = (ROOT / "examples" / "notes" / "corpus" / "notion-gradient-descent-nl.md").read_bytes()
    response = client.post("/exercises/gradient-descent/notes",
                           files={"notes": ("../../my notes.md", notes, "text/markdown")})
    assert response.status_code == 200
    assert "<dt>Gevonden op</dt><dd>my_notes.md:18</dd>" in response.text
    assert "Score: 8 / 8" in response.text


@pytest.mark.parametrize("name,content,status", [
    ("notes.pdf", b"%PDF", 400),
    ("notes.md", b"\xff\xfe not utf-8", 400),
    ("notes.md", b"x" * (LIMITS.max_notes_bytes + 1), 413),
])
def test_notes_that_cannot_be_taken_are_said_on_the_page(client, name, content, status):
    response = client.post("/exercises/gradient-descent/notes", files={"notes": (name, content, "text/plain")})
    assert response.status_code == status
    assert 'role="alert"' in response.text and "Traceback" not in response.text


def test_reveal_shows_the_expected_answers_on_the_page(exercises, pool):
    with TestClient(create_app(exercises, limits=LIMITS, pool=pool, reveal=True)) as revealing:
        html = revealing.post("/exercises/partial-derivatives", data={"answer:p1.dx": "4x^4"}).text
    assert "Verwacht" in html


def test_an_unknown_page_is_a_page(client):
    response = client.get("/exercises/nope")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "nope" in response.text and "Traceback" not in response.text


def test_a_newton_problem_shows_its_start_and_no_learning_rate(open_client):
    client = open_client  # names students: the server is started with --open-variants
    html = client.get("/exercises/lesson4-newton", params={"student": "s05"}).text
    assert "<dt>Start</dt><dd>θ = 4</dd>\n</dl>" in html  # nt1: Newton's method, no learning rate
    assert html.count("<dt>Learning rate</dt><dd>0.1</dd>") == 1  # nt2 asks a descent step too
    assert "<dd>None</dd>" not in html


@pytest.mark.parametrize(("name", "words"), [
    ("antwoorden.yaml", "Markdown-bestand (.md) of Jupyter-notebook (.ipynb)"),
    ("C:\\Users\\sanne\\les3.pdf", "“les3.pdf” is geen bestand met aantekeningen")])
def test_a_file_that_is_no_notes_is_refused_in_a_students_words(client, name, words):
    """A newcomer uploaded a .yaml and read "'format' moet een van .md, .ipynb zijn"."""
    response = client.post("/exercises/gradient-descent/notes", files={"notes": (name, b"answers: {}", "text/plain")})
    assert response.status_code == 400
    assert words in response.text and "'format'" not in response.text
