"""The kinds that analyse a function's stationary points: ``stationary`` (∇f = 0),
``eigenvalues`` (of the Hessian, a list in any order) and ``classify`` (the nature, in words).
Their answers graded with each mistake named, their YAML checked with file:line errors, their
worked steps and default prompts in both languages, and the bundled lesson-4 exercises graded."""

from __future__ import annotations

import jsonschema
import pytest
import sympy as sp
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import grader
from grader.exercise.schema import exercise_schema
from grader.kinds.classify import NATURES, nature_of_answer
from grader.kinds.eigenvalues import eigenvalues_of
from grader.kinds.stationary import stationary_points
from grader.messages import render, render_finding
from grader.parse import ParseError
from grader.parse.matrix import Matrix
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.cases import AN, ANALYSIS, REVEAL_EXERCISES
from tests.conftest import ROOT

EXERCISE = REVEAL_EXERCISES[AN]
DATA = ROOT / "tests" / "data" / "analysis.yaml"


def grade(key: str, answer: str, exercise=EXERCISE):
    submission = Submission("t.yaml", "t", exercise.id, {key: answer})
    return next(r for r in grade_submission(exercise, submission) if r.task == key)


@pytest.mark.parametrize("key,answer,verdict,codes", ANALYSIS)
def test_mistakes_are_named(key, answer, verdict, codes):
    result = grade(key, answer)
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes), result.diagnoses


def test_one_coordinate_flipped_is_named_by_its_variable():
    (diagnosis,) = grade("q.s", "(13/11, 14/11)").diagnoses
    assert dict(diagnosis.params) == {"which": "y"}
    assert render_finding(diagnosis.code, diagnosis.params, "en") == "the sign of y is flipped"


@pytest.mark.parametrize("key, answer, en, nl", [
    ("o.s", "-11.25",
     "this is the value of f at the stationary point; the stationary point is where it is taken: the point "
     "where ∇f = 0",
     "dit is de waarde van f in het stationaire punt; het stationaire punt is waar die wordt aangenomen: het "
     "punt waar ∇f = 0"),
    ("q.s", "(1/3, 0)",
     "at this point only ∂f/∂x = 0, but ∂f/∂y = 28/3 ≈ 9.33333: at a stationary point every first derivative "
     "is 0, so solve all the equations together",
     "in dit punt is alleen ∂f/∂x = 0, maar ∂f/∂y = 28/3 ≈ 9.33333: in een stationair punt zijn alle eerste "
     "afgeleiden 0, dus los alle vergelijkingen samen op"),
    ("z.s", "(0, 0)",
     "this is another stationary point of the function; the one asked is the one nearest (-2, 2)",
     "dit is een ander stationair punt van de functie; gevraagd is het punt dat het dichtst bij (-2, 2) ligt"),
    ("q.e", "6, 10",
     "these are the diagonal entries of H; they are its eigenvalues only when H is diagonal: solve "
     "det(H − λI) = 0",
     "dit zijn de diagonaalelementen van H; die zijn alleen de eigenwaarden als H diagonaal is: los "
     "det(H − λI) = 0 op"),
    ("q.e", "16, 44",
     "these are the trace and the determinant of H (the sum and the product of the eigenvalues); the "
     "eigenvalues are the roots of λ² − tr(H)·λ + det(H) = 0",
     "dit zijn het spoor en de determinant van H (de som en het product van de eigenwaarden); de eigenwaarden "
     "zijn de wortels van λ² − spoor(H)·λ + det(H) = 0"),
    ("q.e", "-6.94, 10.94",
     "these are the eigenvalues of H with the sign of its entry (1,1) flipped: check H first",
     "dit zijn de eigenwaarden van H met het teken van element (1,1) omgedraaid: controleer H eerst"),
    ("z.e", "-50.98, 514.98",
     "these are the roots of (a − λ)(d − λ) + b·c: in det(H − λI) = (a − λ)(d − λ) − b·c the mixed entries' "
     "product is subtracted",
     "dit zijn de wortels van (a − λ)(d − λ) + b·c: in det(H − λI) = (a − λ)(d − λ) − b·c wordt het product "
     "van de gemengde elementen afgetrokken"),
    ("z.e", "(76, 357)",
     "this is the gradient at the point; the eigenvalues are those of the Hessian, the matrix of second "
     "derivatives",
     "dit is de gradiënt in het punt; de eigenwaarden zijn die van de Hessiaan, de matrix van tweede afgeleiden"),
    ("q.e", "[[6, 4], [4, 10]]",
     "this is the Hessian itself; its eigenvalues are the numbers λ with det(H − λI) = 0",
     "dit is de Hessiaan zelf; zijn eigenwaarden zijn de getallen λ met det(H − λI) = 0"),
    ("n.min", "maximum",
     "this is the nature of the opposite sign: look again at the signs of the eigenvalues of H at the point",
     "dit is de aard bij het tegengestelde teken: kijk opnieuw naar de tekens van de eigenwaarden van H in "
     "het punt"),
    ("n.saddle", "minimum",
     "the eigenvalues of H at the point have both signs, so it is no minimum: the sign of one eigenvalue, or "
     "of the trace, does not decide",
     "de eigenwaarden van H in het punt hebben beide tekens, dus het is geen minimum: het teken van één "
     "eigenwaarde, of van het spoor, beslist niet"),
    ("m.max", "saddle point",
     "a saddle point has eigenvalues of both signs; here every eigenvalue of H at the point has the same sign",
     "een zadelpunt heeft eigenwaarden van beide tekens; hier hebben alle eigenwaarden van H in het punt "
     "hetzelfde teken"),
    ("j.c", "minimum",
     "an eigenvalue of H at the point is 0, so the eigenvalues cannot tell the nature here",
     "een eigenwaarde van H in het punt is 0, dus de eigenwaarden kunnen de aard hier niet bepalen"),
    ("n.min", "undecided",
     "no eigenvalue of H at the point is 0, so their signs do tell the nature",
     "geen eigenwaarde van H in het punt is 0, dus hun tekens bepalen de aard wel"),
])
def test_the_messages_say_what_went_wrong_in_both_languages(key, answer, en, nl):
    diagnosis = grade(key, answer).diagnoses[0]
    assert render_finding(diagnosis.code, diagnosis.params, "en") == en
    assert render_finding(diagnosis.code, diagnosis.params, "nl") == nl


def test_the_expected_answers():
    expected = {t.key: t.expected_text for t in EXERCISE.tasks}
    assert expected["q.s"] == "(13/11 ≈ 1.18182, -14/11 ≈ -1.27273)"
    assert expected["o.s"] == "3.5"
    assert expected["j.s"] == "(0, 0)"
    assert EXERCISE.task("q.e").expected == (8 - 2 * sp.sqrt(5), 8 + 2 * sp.sqrt(5))  # exact
    assert expected["q.e"] == "(-2*sqrt(5) + 8 ≈ 3.5278640, 2*sqrt(5) + 8 ≈ 12.472136)"
    assert expected["j.e"] == "(0.4, 48)"  # ascending
    assert expected["c.e"] == "(-sqrt(5) + 3 ≈ 0.76393202, sqrt(5) + 3 ≈ 5.2360680, 6)"


@pytest.mark.parametrize("answer", ["x^2", "min imum", "minimum maximum", "2", "saddle point" * 10])
def test_a_word_not_in_the_vocabulary_is_refused_with_the_words_accepted(answer):
    result = grade("n.min", answer)
    assert result.verdict == "invalid"
    assert result.message.code == "nature-unknown"
    assert render(result.message.code, result.message.params, "nl").endswith(  # Dutch words first
        "schrijf één woord: minimum, maximum, zadelpunt of onbeslist (en: saddle point, undecided)")
    assert render(result.message.code, result.message.params, "en").endswith(
        "write one word: minimum, maximum, saddle point or undecided (nl: zadelpunt, onbeslist)")


def test_the_expected_word_is_in_the_exercise_language(tmp_path):
    path = tmp_path / "an.yaml"
    path.write_text(DATA.read_text(encoding="utf-8").replace("lang: en", "lang: nl"), encoding="utf-8")
    exercise = grader.load_exercise(path)
    assert [exercise.task(k).expected_text for k in ("n.min", "n.saddle", "m.max", "j.c")] == \
        ["minimum", "zadelpunt", "maximum", "onbeslist"]
    assert [EXERCISE.task(k).expected_text for k in ("n.saddle", "j.c")] == ["saddle point", "undecided"]
    assert grade("n.saddle", "saddle point", exercise).verdict == "correct"  # English words in Dutch
    assert grade("n.saddle", "saddle point", exercise).read_as == "zadelpunt"
    # a minimum's task is Dutch too, though "minimum" is a word of both languages
    assert grade("n.min", "Zadelpunt.", exercise).read_as == "zadelpunt"
    assert grade("n.min", "saddle point", EXERCISE).read_as == "saddle point"


@pytest.mark.parametrize("answer,nature", [
    ("zadel punt", "saddle"),                                       # two words (trial 2)
    ("Zadel punt.", "saddle"),
    ("minimum punt", "minimum"),
    ("local minimum", "minimum"),
    ("een lokaal maximum", "maximum"),
    ("lokaal minimum, want beide eigenwaarden > 0", "minimum"),     # a reason, not graded
    ("het is een zadelpunt, want λ₁ < 0 < λ₂", "saddle"),
    ("Saddle point because det H < 0", "saddle"),
    ("minimum (beide eigenwaarden positief)", "minimum"),
    ("maximum; H is negatief definiet", "maximum"),
    ("minimum omdat 2,29 > 0 en 15,71 > 0", "minimum"),
])
def test_a_nature_is_read_in_words_students_write(answer, nature):
    assert nature_of_answer(answer) == nature


@pytest.mark.parametrize("answer", [
    "minimum, maximum",            # two natures: no one answer
    "minimum,",                    # nothing after the comma: no reason
    "geen minimum, want λ₁ < 0",   # the first clause is not a nature
    "x = 2, want minimum",
])
def test_a_reason_does_not_make_any_first_clause_a_nature(answer):
    with pytest.raises(ParseError) as refused:
        nature_of_answer(answer)
    assert refused.value.code == "nature-unknown"


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(["minimum", "lokaal maximum", "zadelpunt", "saddle point", "onbeslist"]),
       st.sampled_from([", want ", "; ", " because ", " omdat ", " ("]),
       st.text(alphabet=st.sampled_from(list("λ₁<>0 ebdagHpositf,.")), min_size=1, max_size=60))
def test_a_nature_with_any_reason_is_that_nature_or_refused(word, separator, reason):
    try:
        assert nature_of_answer(word + separator + reason) == nature_of_answer(word)
    except ParseError as error:
        assert error.code == "nature-unknown"


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from(list("minaxudlecsptzbo .!\\{}AMSZ\n")), max_size=80))
def test_any_text_is_a_nature_or_refused(text):
    try:
        assert nature_of_answer(text) in NATURES
    except ParseError as error:
        assert error.code == "nature-unknown"


def test_a_repeated_eigenvalue_is_listed_twice():
    assert eigenvalues_of(Matrix.of_rows([[2, 0], [0, 2]])) == (2, 2)


def test_a_cubic_without_radicals_has_no_closed_form():
    assert eigenvalues_of(Matrix.of_rows([[1, 2, 1], [2, 3, 3], [1, 3, 1]])) is None


def test_the_solver_lists_every_real_stationary_point_in_a_fixed_order():
    x, y = sp.symbols("x y", real=True)
    assert stationary_points(x**3 - 3 * x + y**2, (x, y)) == ((-1, 0), (1, 0))


@pytest.mark.parametrize("lang, prompts", [
    ("en", {"q.s": "the stationary point of the function: the point where every first derivative is 0 (∇f = 0)",
            "z.s": "the stationary point of the function nearest (-2, 2): the point where every first "
                   "derivative is 0 (∇Z = 0)",  # the function's own name
            "q.e": "the eigenvalues of the function's Hessian, in any order: λ₁, λ₂, …",
            "z.e": "the eigenvalues of the function's Hessian at (-2, 3), in any order: λ₁, λ₂, …",
            "n.saddle": "the nature of the stationary point (-1, 0), by the signs of the Hessian's eigenvalues "
                        "there, in one word",
            "n.min": "the nature of the function's stationary point nearest (2, 0), by the signs of the "
                     "Hessian's eigenvalues there, in one word",
            "j.c": "the nature of the function's stationary point, by the signs of the Hessian's eigenvalues "
                   "there, in one word"}),
    ("nl", {"q.s": "het stationaire punt van de functie: het punt waar alle eerste afgeleiden 0 zijn (∇f = 0)",
            "z.s": "het stationaire punt van de functie dat het dichtst bij (-2, 2) ligt: het punt waar alle "
                   "eerste afgeleiden 0 zijn (∇Z = 0)",
            "q.e": "de eigenwaarden van de Hessiaan van de functie, in willekeurige volgorde: λ₁, λ₂, …",
            "z.e": "de eigenwaarden van de Hessiaan van de functie in (-2, 3), in willekeurige volgorde: "
                   "λ₁, λ₂, …",
            "n.saddle": "de aard van het stationaire punt (-1, 0), volgens de tekens van de eigenwaarden van de "
                        "Hessiaan daar, in één woord",
            "j.c": "de aard van het stationaire punt van de functie, volgens de tekens van de eigenwaarden van "
                   "de Hessiaan daar, in één woord"}),
])
def test_the_default_prompts_in_both_languages(tmp_path, lang, prompts):
    """The classify prompt names no nature, and no point it found: a self-check shows the
    prompt, and must not give this answer or a stationary task's away."""
    path = tmp_path / "an.yaml"
    path.write_text(DATA.read_text(encoding="utf-8").replace("lang: en", f"lang: {lang}"), encoding="utf-8")
    exercise = grader.load_exercise(path)
    assert {key: exercise.task(key).prompt for key in prompts} == prompts


PROMPTED = """id: p
title: P
lang: {lang}
problems:
  - id: k
    function: "J(w, b) = w^3 - 6w b + 3b^2"
    start: {{w: 3, b: 1}}
    learning_rate: 0.01
    tasks:
      - {{id: g, gradient: [w, b]}}
      - {{id: d, derivative: [w, b]}}
      - {{id: s, slope: 1}}
      - {{id: t, step: 2}}
      - {{id: n, newton: 1}}
      - {{id: own, newton: 2, prompt: "θ na twee stappen"}}
  - id: e
    function: "J(w) = w^3 - 12w"
    start: {{w: 3}}
    tasks:
      - {{id: dd, derivative: [w, w]}}
      - {{id: n, newton: 1}}
"""


@pytest.mark.parametrize("lang, prompts", [
    ("nl", {"k.g": "de gradiënt ∇J naar w, b, als vector", "k.d": "de afgeleide ∂²J/∂b∂w",
            "k.s": "de gradiënt ∇J die gradiëntafdalingsstap 1 gebruikt, in (w, b) vóór die stap",
            "k.t": "(w, b) na gradiëntafdalingsstap 2 vanaf de start",
            "k.n": "(w, b) na Newton-stap 1 vanaf de start", "k.own": "θ na twee stappen",
            "e.dd": "de afgeleide d²J/dw²", "e.n": "w na Newton-stap 1 vanaf de start"}),
    ("en", {"k.g": "the gradient ∇J by w, b, as a vector", "k.d": "the derivative ∂²J/∂b∂w",
            "k.s": "the gradient ∇J used by gradient descent step 1, at (w, b) before that step",
            "k.t": "(w, b) after gradient descent step 2 from the start",
            "k.n": "(w, b) after Newton step 1 from the start", "k.own": "θ na twee stappen",
            "e.dd": "the derivative d²J/dw²", "e.n": "w after Newton step 1 from the start"}),
])
def test_every_kind_has_a_default_prompt_naming_the_problems_function_and_variables(tmp_path, lang, prompts):
    """A teacher's prompt still wins (k.own)."""
    path = tmp_path / "p.yaml"
    path.write_text(PROMPTED.format(lang=lang), encoding="utf-8")
    exercise = grader.load_exercise(path)
    assert {key: exercise.task(key).prompt for key in prompts} == prompts


def test_a_near_point_that_is_the_stationary_point_is_warned_about(tmp_path):
    """Its prompt names the point: the answer given away."""
    path = tmp_path / "p.yaml"
    path.write_text(PROMPTED.format(lang="nl").replace("      - {id: g, gradient: [w, b]}\n",
                                                       "      - {id: g, gradient: [w, b]}\n"
                                                       "      - {id: st, stationary: {near: {w: 2, b: 2}}}\n"
                                                       "      - {id: ok, stationary: {near: {w: 1, b: 2}}}\n"),
                    encoding="utf-8")
    exercise = grader.load_exercise(path)
    assert [w for w in exercise.warnings if "stationary" in w] == [
        f"{path}:11: stationary: near (2, 2) is the stationary point itself, and the prompt names it: the "
        "answer is given away; give a point beside it"]
    assert "∇J = 0" in exercise.task("k.st").prompt


@pytest.mark.parametrize("lang, words", [
    ("en", ("solve", "stationary point", "stationary points", "nearest", "eigenvalues")),
    ("nl", ("los op", "stationair punt", "stationaire punten", "het dichtst bij", "eigenwaarden")),
])
def test_solve_shows_the_worked_steps(run, tmp_path, lang, words):
    solve, point, points, nearest, eigenvalues = words
    path = tmp_path / "an.yaml"
    path.write_text(DATA.read_text(encoding="utf-8").replace("lang: en", f"lang: {lang}"), encoding="utf-8")
    result = run("solve", str(path))
    assert result.exit_code == 0, result.output
    for line in ("∂f/∂x = 6*x + 4*y - 2", "∂f/∂y = 4*x + 10*y + 8",
                 f"{solve}: 6*x + 4*y - 2 = 0, 4*x + 10*y + 8 = 0",
                 f"{point}: (x, y) = (13/11 ≈ 1.18182, -14/11 ≈ -1.27273)",
                 "f'(x) = 2*x - 7", f"{point}: x = 3.5",
                 f"{points}: (-2*50^(1/3)/3 ≈ -2.4560210, 2*20^(1/3)/3 ≈ 1.8096117), (0, 0)",
                 f"{nearest} (-2, 2): (x, y) = (-2*50^(1/3)/3 ≈ -2.4560210, 2*20^(1/3)/3 ≈ 1.8096117)",
                 "H = [[6, 4], [4, 10]]",
                 "det(H − λI) = (6 − λ)(10 − λ) − 4·4 = λ^2 - 16*λ + 44 = 0",
                 "λ = (16 ± √(16² − 4·44))/2",
                 f"{eigenvalues}: λ₁ = -2*sqrt(5) + 8 ≈ 3.5278640, λ₂ = 2*sqrt(5) + 8 ≈ 12.472136",
                 "det(H − λI) = -λ^3 + 12*λ^2 - 40*λ + 24 = 0",
                 f"{eigenvalues}: λ₁ = 0, λ₂ = 0.4 > 0", f"{eigenvalues}: λ₁ = -6 < 0, λ₂ = 2 > 0"):
        assert line in result.stdout, line


def _broken(function: str, task: str) -> str:
    return f"id: b\ntitle: B\nproblems:\n  - id: p\n    function: '{function}'\n    tasks:\n      - {task}\n"


BROKEN = [
    ("f(x, y) = x + y^2", "{id: s, stationary: true}", 7,
     "stationary: ∇f = 0 has no real solution, so the function has no stationary point; ask about another "
     "function"),
    ("f(x, y) = x^3 - 3x + y^2", "{id: s, stationary: true}", 7,
     "stationary: the function has 2 stationary points, (-1, 0), (1, 0); say which is asked with near: "
     "{x: …, y: …} (the one nearest that point)"),
    ("f(x, y) = x^3 - 3x + y^2", "{id: s, stationary: {near: {x: 0, y: 0}}}", 7,
     "stationary: (-1, 0) and (1, 0) are equally near (0, 0); give a point nearer the one asked"),
    ("f(x, y) = x^3 - 3x + y^2", "{id: s, stationary: {near: {x: 1}}}", 7,
     "stationary near: 'at' needs a value for each of x, y and no other; missing y"),
    ("f(x, y) = (x - y)^2", "{id: s, stationary: true}", 7,
     "stationary: ∇f = 0 holds on a whole line or curve (x = y, y = y), not at separate points"),
    ("f(x, y) = sin(x) + y^2", "{id: s, stationary: true}", 7,
     "stationary: grader finds the stationary points of polynomial and rational functions only"),
    ("f(x, y) = x^2 + y^2", "{id: s, stationary: {at: {x: 1, y: 1}}}", 7,
     "stationary: unknown key(s) at; it takes near"),
    ("f(x, y) = x^2 + y^2", "{id: s, stationary: 3}", 7,
     "stationary takes true, or {near: {x: 1, y: 2}} for one of several"),
    ("f(x, y) = x^3 + y^2", "{id: e, eigenvalues: true}", 7,
     "eigenvalues: the Hessian [[6*x, 0], [0, 2]] depends on x; give the point with at: {x: …, y: …}"),
    ("f(x, y) = ln(x) + y^2", "{id: e, eigenvalues: {at: {x: 0, y: 1}}}", 7,
     "eigenvalues: the Hessian is not defined at (0, 1); choose another point"),
    ("f(x) = x^3", "{id: e, eigenvalues: {at: {x: 1}}}", 7,
     "eigenvalues: a function of one variable has the 1×1 Hessian f''; ask derivative: [x, x]"),
    ("f(x, y, z) = x^2/2 + 2xy + 3y^2/2 + xz + 3yz + z^2/2", "{id: e, eigenvalues: true}", 7,
     "eigenvalues: SymPy cannot give the eigenvalues of [[1, 2, 1], [2, 3, 3], [1, 3, 1]] in closed form"),
    ("f(x, y) = x^2 + y^2", "{id: e, eigenvalues: {near: {x: 1, y: 1}}}", 7,
     "eigenvalues: unknown key(s) near; it takes at"),
    ("f(x, y) = x^3 - 3x + y^2", "{id: c, classify: {at: {x: 0, y: 0}}}", 7,
     "classify: (0, 0) is not a stationary point: ∇f there is (-3, 0); give a point where ∇f = 0"),
    ("f(x, y) = x^3 - 3x + y^2", "{id: c, classify: true}", 7,
     "classify: the function has 2 stationary points, (-1, 0), (1, 0); say which is asked with near:"),
    ("f(x, y) = x + y^2", "{id: c, classify: true}", 7,
     "classify: ∇f = 0 has no real solution, so the function has no stationary point"),
    ("f(x, y) = x^3 - 3x + y^2", "{id: c, classify: {at: {x: 1, y: 0}, near: {x: 1, y: 0}}}", 7,
     "classify takes at or near, not both"),
    ("f(x, y) = x^2 + y^2", "{id: c, classify: {point: {x: 0, y: 0}}}", 7,
     "classify: unknown key(s) point; it takes at or near"),
    ("f(x, y) = x^2 + y^2", "{id: c, classify: minimum}", 7,
     "classify takes true, {at: {x: 0, y: 0}} or {near: {x: 1, y: 2}}"),
]


@pytest.mark.parametrize("function, task, line, message", BROKEN)
def test_validate_refuses_with_file_and_line(run, tmp_path, function, task, line, message):
    path = tmp_path / "broken.yaml"
    path.write_text(_broken(function, task), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:{line}: {message}" in result.stderr


def test_a_point_on_its_own_line_is_reported_there(run, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: b\ntitle: B\nproblems:\n  - id: p\n    function: 'f(x, y) = ln(x) + y^2'\n"
                    "    tasks:\n      - id: e\n        eigenvalues:\n          at: {x: 0, y: 1}\n",
                    encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:9: eigenvalues: the Hessian is not defined at (0, 1)" in result.stderr


def test_a_solve_that_takes_too_long_is_refused_and_the_load_goes_on(monkeypatch, run, tmp_path):
    """The solve has a time limit of its own inside the load's: a slow one is refused with
    file:line, and the load's own limit still holds afterwards."""
    from grader.kinds import stationary

    def endless(*args, **kwargs):
        while True:
            sp.Integer(1) + 1

    monkeypatch.setattr(stationary, "SOLVE_SECONDS", 0.2)
    monkeypatch.setattr(stationary.sp, "solve", endless)
    stationary._SOLVED.clear()
    path = tmp_path / "slow.yaml"
    path.write_text(_broken("f(x, y) = x^2 + 3y^2 - x", "{id: s, stationary: true}"), encoding="utf-8")
    result = run("validate", str(path))
    stationary._SOLVED.clear()
    assert result.exit_code == 1
    assert f"{path}:7: stationary: solving ∇f = 0 took longer than 0.2 s; use a simpler function" in result.stderr


def test_the_schema_takes_both_keys():
    schema = exercise_schema()
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["problems"][0]["tasks"][1]["eigenvalues"] = {"at": {"x": 1, "y": 2}, "speed": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# -- the bundled lesson-4 exercises ------------------------------------------------------------
@pytest.mark.parametrize("exercise_id, keys, words", [
    ("les4-tweede-orde", ("j.eigenwaarden_start", "j.aard", "k.stationair", "k.eigenwaarden", "k.aard"),
     ("onbeslist", "Een minimum.")),
    ("lesson4-second-order", ("j.eigenvalues_start", "j.nature", "k.stationary", "k.eigenvalues", "k.nature"),
     ("undecided", "minimum")),
])
def test_a_filled_answer_sheet_of_the_bundled_exercises_is_graded(run, tmp_path, exercise_id, keys, words):
    """Student s07 fills in the new tasks of the sheet ``grader template`` made, with their own
    c and q: J's Hessian at (−4, 2) is diag(192/q, 2/5), f's stationary point (4c/7, −c/7)."""
    values = dict(grader.load_exercises([str(ROOT / "exercises")])[exercise_id].for_student("s07").variant)
    c, q = (int(values[n]) for n in ("c", "q"))
    answers = dict(zip(keys, (f"$\\lambda_1 = {192 // q}, \\lambda_2 = 0.4$", words[0],
                              f"x = {4 * c}/7, y = {-c}/7", "3 + √2, 3 - √2", words[1]), strict=True))
    sheet = tmp_path / "sheet.md"
    result = run("template", str(ROOT / "exercises" / f"{exercise_id}.yaml"), "--student", "s07", "-o", str(sheet))
    assert result.exit_code == 0, result.output
    text = sheet.read_text(encoding="utf-8")
    for key, answer in answers.items():
        heading = f"## {key}\n"
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        section = text[start:end if end >= 0 else len(text)].rstrip("\n")
        text = text.replace(section, f"{section}\n\n{answer}\n", 1)
    sheet.write_text(text, encoding="utf-8")
    result = run("check", str(ROOT / "exercises" / f"{exercise_id}.yaml"), str(sheet), "--lang", "en")
    for key in answers:
        assert any(line.startswith(f"✓ {key} ") for line in result.stdout.splitlines()), result.stdout
