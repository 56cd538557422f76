"""The second-order kinds: ``hessian`` (symbolic and at a point) and ``directional``. Their
answers graded with each mistake named, their YAML checked with file:line errors, their worked
steps and default prompts in both languages, and the bundled lesson-4 exercises graded."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

import grader
from grader.exercise.schema import exercise_schema
from grader.messages import render_finding
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.cases import REVEAL_EXERCISES, SECOND_ORDER, SO, H
from tests.conftest import ROOT

EXERCISE = REVEAL_EXERCISES[SO]


def grade(key: str, answer: str, exercise=EXERCISE):
    submission = Submission("t.yaml", "t", exercise.id, {key: answer})
    return next(r for r in grade_submission(exercise, submission) if r.task == key)


@pytest.mark.parametrize("key,answer,verdict,codes", SECOND_ORDER)
def test_mistakes_are_named(key, answer, verdict, codes):
    result = grade(key, answer)
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes), result.diagnoses


@pytest.mark.parametrize("answer, entry, asked, used", [
    ("[[12x^2 + 6xy^2, 12x^2 + 6xy^2], [6x^2y, 2x^3 + 20y^3]]", "1,2", "∂x∂y", "∂x∂x"),
    ("[[12x^2 + 6xy^2, 6x^2y], [2x^3 + 20y^3, 2x^3 + 20y^3]]", "2,1", "∂y∂x", "∂y∂y"),
    ("[[6x^2y, 6x^2y], [6x^2y, 2x^3 + 20y^3]]", "1,1", "∂x∂x", "∂x∂y"),
])
def test_each_entry_is_diagnosed_as_its_own_derivative(answer, entry, asked, used):
    """Entry (1,2) is ∂²Z/∂x∂y: the calculus models fire with the entry's own order."""
    found = [d for d in grade("z.h", answer).diagnoses if d.code == "second-derivative-wrong-variable"]
    assert [dict(d.params) for d in found] == [{"asked": asked, "used": used, "entry": entry}]


@pytest.mark.parametrize("key, answer, en, nl", [
    ("z.h", "[[12x^2 + 6xy^2, 6x^2y], [6xy^2, 2x^3 + 20y^3]]",
     "the mixed entries differ, (1,2) ≠ (2,1), but ∂²Z/∂x∂y = ∂²Z/∂y∂x: a Hessian is symmetric",
     "de gemengde elementen verschillen, (1,2) ≠ (2,1), maar ∂²Z/∂x∂y = ∂²Z/∂y∂x: een Hessiaan is symmetrisch"),
    ("z.h", "(4x^3 + 3x^2y^2, 2x^3y + 5y^4)",
     "this is the gradient (the first derivatives); the Hessian is the matrix of second derivatives: "
     "row i, column j holds the derivative by the i-th, then the j-th variable, as ∂²Z/∂x∂y in row 1, column 2",
     "dit is de gradiënt (de eerste afgeleiden); de Hessiaan is de matrix van tweede afgeleiden: "
     "rij i, kolom j bevat de afgeleide naar de i-de en dan de j-de variabele, zoals ∂²Z/∂x∂y in rij 1, kolom 2"),
    ("z.h", "[[2x^3 + 20y^3, 6x^2y], [6x^2y, 12x^2 + 6xy^2]]",
     "the entries are right but some stand in the wrong place: (1,1), (2,2); row i, column j holds the "
     "derivative by the i-th, then the j-th variable, as ∂²Z/∂x∂y in row 1, column 2",
     "de elementen kloppen, maar sommige staan op de verkeerde plaats: (1,1), (2,2); rij i, kolom j bevat "
     "de afgeleide naar de i-de en dan de j-de variabele, zoals ∂²Z/∂x∂y in rij 1, kolom 2"),
    ("z.h", "[[12x^2 + 6xy^2, 12x^2 + 6xy^2], [12x^2 + 6xy^2, 2x^3 + 20y^3]]",
     "entry (1,2): this is ∂x∂x, but ∂x∂y was asked",
     "element (1,2): dit is ∂x∂x, maar ∂x∂y werd gevraagd"),
    ("z.d", "1656",
     "the direction was not normalised: divide it by its length |u| = 5, so the dot product is with the "
     "unit vector u/|u|",
     "de richting is niet genormaliseerd: deel hem door zijn lengte |u| = 5, zodat je het inproduct met de "
     "eenheidsvector u/|u| neemt"),
    ("z.d_raw", "331.2",
     "the direction was normalised (divided by its length |u| = 5), but this task takes it as given: ∇Z·u",
     "de richting is genormaliseerd (gedeeld door zijn lengte |u| = 5), maar deze opdracht neemt hem zoals "
     "gegeven: ∇Z·u"),
    ("z.d", "76",
     "this is ∂Z/∂x, one component of the gradient; the directional derivative is the dot product of the "
     "whole gradient with the direction: ∇Z·u",
     "dit is ∂Z/∂x, één component van de gradiënt; de richtingsafgeleide is het inproduct van de hele "
     "gradiënt met de richting: ∇Z·u"),
    ("z.d", "(76, 357)",
     "this is the gradient, a vector; the directional derivative is one number: the dot product ∇Z·u",
     "dit is de gradiënt, een vector; de richtingsafgeleide is één getal: het inproduct ∇Z·u"),
])
def test_the_messages_say_what_went_wrong_in_both_languages(key, answer, en, nl):
    diagnosis = grade(key, answer).diagnoses[0]
    assert render_finding(diagnosis.code, diagnosis.params, "en") == en
    assert render_finding(diagnosis.code, diagnosis.params, "nl") == nl


def test_the_expected_answers():
    expected = {t.key: t.expected_text for t in EXERCISE.tasks}
    assert expected["z.h"] == "[[12*x^2 + 6*x*y^2, 6*x^2*y], [6*x^2*y, 2*x^3 + 20*y^3]]"
    assert expected["z.h_at"] == "[[-60, 72], [72, 524]]"
    assert expected["z.d"] == "331.2"      # ∇Z(−2, 3) = (76, 357), u/|u| = (3/5, 4/5)
    assert expected["z.d_raw"] == "1656"   # normalise: false
    assert EXERCISE.task("c.h").variables == ("x", "y")  # hessian: true takes every variable


def test_the_default_prompt_says_the_direction_is_normalised(tmp_path):
    task = EXERCISE.task("z.d")
    assert task.prompt == ("the directional derivative of the function at (-2, 3) in the direction (3, 4), "
                           "normalised to a unit vector: ∇Z·u/|u|")
    assert EXERCISE.task("z.d_raw").prompt.endswith("along u = (3, 4), not normalised: ∇Z·u")
    dutch = tmp_path / "nl.yaml"
    dutch.write_text((ROOT / "tests" / "data" / "second_order.yaml").read_text(encoding="utf-8")
                     .replace("lang: en", "lang: nl"), encoding="utf-8")
    exercise = grader.load_exercise(dutch)
    assert exercise.task("z.d").prompt == ("de richtingsafgeleide van de functie in (-2, 3) in de richting "
                                           "(3, 4), genormaliseerd tot een eenheidsvector: ∇Z·u/|u|")
    assert exercise.task("z.h_at").prompt == "de Hessiaan (matrix) van de functie naar x, y, in (-2, 3)"


@pytest.mark.parametrize("lang, at", [("en", "at"), ("nl", "in")])
def test_solve_shows_the_worked_steps(run, tmp_path, lang, at):
    path = tmp_path / "so.yaml"
    path.write_text((ROOT / "tests" / "data" / "second_order.yaml").read_text(encoding="utf-8")
                    .replace("lang: en", f"lang: {lang}"), encoding="utf-8")
    result = run("solve", str(path))
    assert result.exit_code == 0, result.output
    for line in ("∂Z/∂x = 4*x^3 + 3*x^2*y^2", "∂²Z/∂x² = 12*x^2 + 6*x*y^2", "∂²Z/∂x∂y = 6*x^2*y",
                 "H = [[12*x^2 + 6*x*y^2, 6*x^2*y], [6*x^2*y, 2*x^3 + 20*y^3]]",
                 f"H {at} (x, y) = (-2, 3): [[-60, 72], [72, 524]]",
                 f"∇Z {at} (x, y) = (-2, 3): (76, 357)", "|u| = √(3² + 4²) = 5", "u/|u| = (3/5, 4/5)",
                 "D_u Z = 76·3/5 + 357·4/5 = 331.2", "D_u Z = 76·3 + 357·4 = 1656"):
        assert line in result.stdout


BROKEN = [
    ("{id: d, directional: {direction: [0, 0], at: {x: 1, y: 2}}}", 7,
     "directional: the direction (0, 0) has length 0, so it points nowhere; give a nonzero direction"),
    ("{id: d, directional: {direction: [3], at: {x: 1, y: 2}}}", 7,
     "directional: the direction needs 2 component(s), one for each of x, y"),
    ("{id: d, directional: {direction: [3, 4], at: {x: 1}}}", 7,
     "directional: 'at' needs a value for each of x, y and no other; missing y"),
    ("{id: d, directional: {direction: [3, 4], normalise: maybe}}", 7,
     "directional: normalise must be true or false"),
    ("{id: d, directional: [3, 4]}", 7, "directional takes {direction: [3, 4], at: {x: 1, y: 2}}"),
    ("{id: h, hessian: {variables: [x, z]}}", 7,
     "hessian over unknown variable(s) z; the function has x, y"),
    ("{id: h, hessian: {variables: [x, y], at: {x: 0, y: 1}}}", 7,
     "hessian at (0, 1): entry (1,1), -1/x^2, is not defined there; choose another point"),
    ("{id: h, hessian: {variables: [x, y], at: {x: a, y: 1}}}", 7, "hessian at: unknown name 'a'"),
    ("{id: h, hessian: [x]}", 7, "a hessian needs two or more variables; for f'' by x ask derivative: [x, x]"),
    ("{id: h, hessian: {variables: [x, y], point: {x: 1, y: 1}}}", 7,
     "hessian: unknown key(s) point; it takes variables, at"),
]


@pytest.mark.parametrize("task, line, message", BROKEN)
def test_validate_refuses_with_file_and_line(run, tmp_path, task, line, message):
    path = tmp_path / "broken.yaml"
    path.write_text("id: b\ntitle: B\nproblems:\n  - id: p\n    function: 'f(x, y) = ln(x) + y^2'\n"
                    f"    tasks:\n      - {task}\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:{line}: {message}" in result.stderr


def test_a_zero_direction_on_its_own_line_is_reported_there(run, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: b\ntitle: B\nproblems:\n  - id: p\n    function: 'f(x, y) = x^2 + y^2'\n"
                    "    tasks:\n      - id: d\n        directional:\n          at: {x: 1, y: 2}\n"
                    "          direction: [0, 0]\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:10: directional: the direction (0, 0) has length 0" in result.stderr


def test_the_schema_takes_both_keys():
    schema = exercise_schema()
    data = yaml.safe_load((ROOT / "tests" / "data" / "second_order.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["problems"][0]["tasks"][2]["directional"]["speed"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# -- the bundled lesson-4 exercises ------------------------------------------------------------
BUNDLED = grader.load_exercises([str(ROOT / "exercises")])


@pytest.mark.parametrize("exercise_id, keys", [
    ("les4-tweede-orde", ("z.hessiaan", "z.hessiaan_punt", "z.richting", "j.hessiaan", "j.hessiaan_start",
                          "j.richting")),
    ("lesson4-second-order", ("z.hessian", "z.hessian_at", "z.directional", "j.hessian", "j.hessian_start",
                              "j.directional")),
])
def test_a_realistic_submission_of_each_bundled_exercise(exercise_id, keys):
    """Student s07's own numbers: the right answers, then one mistake for each task."""
    exercise = BUNDLED[exercise_id].for_student("s07")
    values = dict(exercise.variant)
    b, c, q = (int(values[n]) for n in ("b", "c", "q"))
    gradient = (-32 + 12 * b * b, -16 * b + 5 * b**4)  # ∇Z at (−2, b)
    right = [H, f"[[{48 - 12 * b * b}, {24 * b}], [{24 * b}, {-16 + 20 * b**3}]]",
             f"{(gradient[0] * c + gradient[1] * 4) / 5}",
             f"[[12/{q} θ1^2, 0], [0, 2/5]]", f"[[{192 // q}, 0], [0, 2/5]]",
             f"{(4 * -256 / q + c * 4 / 5) / 5}"]
    wrong = [("(4x^3 + 3x^2y^2, 2x^3y + 5y^4)", "gradient-for-hessian"),
             (f"[[{-16 + 20 * b**3}, {24 * b}], [{24 * b}, {48 - 12 * b * b}]]", "entries-swapped"),
             (f"{gradient[0] * c + gradient[1] * 4}", "direction-not-normalised"),
             (f"[[12/{q} θ1^2, 0], [0, 2/5 θ2]]", "first-derivative-only"),
             (f"[[{192 // q}, 0], [1, 2/5]]", "hessian-asymmetric"),
             (f"({-256 / q}, {4 / 5})", "gradient-for-directional")]
    for key, answer in zip(keys, right, strict=True):
        assert grade(key, answer, exercise).verdict == "correct", (key, answer)
    for key, (answer, code) in zip(keys, wrong, strict=True):
        result = grade(key, answer, exercise)
        assert result.verdict != "correct"
        assert [d.code for d in result.diagnoses][:1] == ([code] if code else []), (key, answer)


@pytest.mark.parametrize("exercise_id", ["les4-tweede-orde", "lesson4-second-order"])
def test_an_answer_sheet_is_made_for_them(run, tmp_path, exercise_id):
    out = tmp_path / "sheet.yaml"
    result = run("template", str(ROOT / "exercises" / f"{exercise_id}.yaml"), "--student", "s07",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "hessian" in text or "hessiaan" in text
    assert "genormaliseerd" in text or "normalised" in text


def test_the_lesson4_examples_grade_as_their_comments_say(run, tmp_path):
    lesson4 = ("les4-tweede-orde", "lesson4-second-order", "les4-newton", "lesson4-newton")  # all of its examples
    result = run("grade", *(f"exercises/{name}.yaml" for name in lesson4),
                 "-s", "examples/lesson4", "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    found = {r["student"]: {t["task"]: (t["verdict"], [d["code"] for d in t["diagnoses"]]) for t in r["tasks"]}
             for r in data["results"]}
    assert all(graded == ("correct", []) for graded in found["s41"].values())  # Sanne: all right
    assert found["s42"] == {  # Tim: the typical mistakes, from a YAML answer sheet
        "z.hessiaan": ("incorrect", ["gradient-for-hessian"]),
        "z.hessiaan_punt": ("partial", ["entries-swapped"]),
        "z.richting": ("incorrect", ["direction-not-normalised"]),
        "j.hessiaan": ("partial", ["first-derivative-only"]),
        "j.hessiaan_start": ("correct", []),
        "j.richting": ("incorrect", ["gradient-component-for-directional"]),
        "j.eigenwaarden_start": ("incorrect", ["trace-determinant-for-eigenvalues"]),
        "j.aard": ("incorrect", ["zero-eigenvalue"]),
        "k.stationair": ("incorrect", ["stationary-one-equation"]),
        "k.eigenwaarden": ("incorrect", ["diagonal-for-eigenvalues"]),
        "k.aard": ("incorrect", ["extremum-as-saddle"])}
    assert found["s43"] == {  # Umar: notes with LaTeX pmatrix, as a notes app writes them
        "z.hessian": ("correct", []), "z.hessian_at": ("partial", ["sign-slip", "sign-slip"]),
        "z.directional": ("correct", []), "j.hessian": ("correct", []), "j.hessian_start": ("correct", []),
        "j.directional": ("incorrect", ["direction-not-normalised"]),
        "j.eigenvalues_start": ("correct", []), "k.stationary": ("correct", []),  # λ_1 = …, (x^*, y^*) = …
        "k.eigenvalues": ("incorrect", ["diagonal-for-eigenvalues"]),
        "j.nature": ("missing", []), "k.nature": ("missing", [])}  # a word: notes are read for math only


@pytest.mark.parametrize("key, answer", [
    ("z.d", "D_u Z = 331.2"), ("z.d", "D_{\\vec u} Z(-2, 3) = 331.2"), ("z.d", "D_{\\vec{u}} Z(-2, 3) = 331.2"),
    ("z.d", "D_{\\mathbf{u}}Z = 331.2"), ("z.d", "D_u Z(-2,3) = 76 \\cdot 0.6 + 357 \\cdot 0.8 = 331.2"),
    ("z.d_sym", "D_u Z(x, y) = 12/5 x^3 + 9/5 x^2y^2 + 8/5 x^3y + 4y^4"),
    ("z.h_at", "H_Z = [[-60, 72], [72, 524]]"), ("z.h_at", "H(-2, 3) = [[-60, 72], [72, 524]]"),
    ("z.h_at", "\\nabla^2 Z(-2, 3) = \\begin{pmatrix} -60 & 72 \\\\ 72 & 524 \\end{pmatrix}"),
])
def test_a_label_before_the_answer_is_skipped(key, answer):
    assert grade(key, answer).verdict == "correct"

