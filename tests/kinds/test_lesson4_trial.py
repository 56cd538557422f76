"""The lesson-4 mistakes a newcomer trial found unnamed or named wrongly (tests/cases.py TRIAL),
and the lesson-4 messages in the problem's own names (J, θ1, θ2; J'(θ) in one variable)."""

from __future__ import annotations

import pytest

from grader.diagnose.diagnosability import clashes
from grader.diagnose.other_variant import mark_other_variants
from grader.errors import ExerciseErrors
from grader.exercise import load_exercise
from grader.messages import render_finding
from grader.reading.submission import Submission
from grader.results.model import SubmissionResult
from grader.running.grade import grade_submission
from tests.cases import PR, PRIJS, REVEAL_EXERCISES, TR, TRIAL
from tests.conftest import ROOT

EXERCISE = REVEAL_EXERCISES[TR]


def grade(key: str, answers: dict[str, str]):
    submission = Submission("t.yaml", "t", EXERCISE.id, answers)
    return next(r for r in grade_submission(EXERCISE, submission) if r.task == key)


@pytest.mark.parametrize("key,answers,verdict,codes", TRIAL)
def test_the_trial_mistakes_are_named(key, answers, verdict, codes):
    result = grade(key, answers)
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes), result.diagnoses


@pytest.mark.parametrize("key,answers,verdict,codes", PRIJS)
def test_the_second_trial_mistakes_are_named(key, answers, verdict, codes):
    exercise = REVEAL_EXERCISES[PR]
    submission = Submission("t.yaml", "t", exercise.id, answers)
    result = next(r for r in grade_submission(exercise, submission) if r.task == key)
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes), result.diagnoses


@pytest.mark.parametrize("key, answer, en, nl", [
    ("k.newton1", "(0.25, 5.75)",
     "in H⁻¹ the entries off the diagonal kept their signs: for a 2×2 H, H⁻¹ has the diagonal entries swapped "
     "and the other two with their signs flipped, all divided by det H",
     "in H⁻¹ hebben de elementen buiten de diagonaal hun teken gehouden: voor een 2×2-matrix H heeft H⁻¹ de "
     "diagonaalelementen verwisseld en de andere twee met omgedraaid teken, alles gedeeld door det H"),
    ("k.newton1", "(-18, 13)",
     "this is a step of gradient descent, (w, b) − 1·∇J; a Newton step uses the Hessian: (w, b) − H⁻¹∇J",
     "dit is een stap van gradiënt descent, (w, b) − 1·∇J; een Newton-stap gebruikt de Hessiaan: (w, b) − H⁻¹∇J"),
    ("k.hessiaan", "(6w, 6)",
     "this is only the diagonal of the Hessian, ∂²J/∂w², ∂²J/∂b², …, as a vector; the Hessian is the whole "
     "matrix of second derivatives, with the mixed ones such as ∂²J/∂w∂b off the diagonal",
     "dit is alleen de diagonaal van de Hessiaan, ∂²J/∂w², ∂²J/∂b², …, als vector; de Hessiaan is de hele "
     "matrix van tweede afgeleiden, met de gemengde zoals ∂²J/∂w∂b buiten de diagonaal"),
    ("e.newton1", "3 - 18/15",
     "J''(w)/J'(w) is upside down: a Newton step is w − J'(w)/J''(w)",
     "J''(w)/J'(w) staat op zijn kop: een Newton-stap is w − J'(w)/J''(w)"),
    ("e.newton2", "13/6 - 15/18",
     "the step reused the change J'/J'' of the step before; work out J'(w) and J''(w) again at the current w",
     "de stap gebruikt opnieuw de verandering J'/J'' van de vorige stap; bereken J'(w) en J''(w) opnieuw in "
     "de huidige w"),
])
def test_the_second_trial_messages_use_the_problems_names(key, answer, en, nl):
    exercise = REVEAL_EXERCISES[PR]
    submission = Submission("t.yaml", "t", exercise.id, {key: answer})
    diagnosis, = next(r for r in grade_submission(exercise, submission) if r.task == key).diagnoses
    assert render_finding(diagnosis.code, diagnosis.params, "en") == en
    assert render_finding(diagnosis.code, diagnosis.params, "nl") == nl


@pytest.mark.parametrize("key, answer, en, nl", [
    ("two.h", "[[24θ1^2, 2], [2, 4]]",
     "the answer is 2 times the right one: a constant factor is off (the 2 of the chain rule?)",
     "het antwoord is 2 keer het juiste: een constante factor klopt niet (de 2 van de kettingregel?)"),
    ("two.h", "[[12θ1^2, 0], [0, 2]]",
     "the mixed entries (1,2), (2,1) are 0, but the term θ1*θ2 holds both θ1 and θ2: it is no constant "
     "when differentiating by either, so ∂²J/∂θ1∂θ2 is not 0",
     "de gemengde elementen (1,2), (2,1) zijn 0, maar de term θ1*θ2 bevat zowel θ1 als θ2: bij "
     "differentiëren naar een van beide is hij geen constante, dus ∂²J/∂θ1∂θ2 is niet 0"),
    ("two.h", "[[12θ1^2, 2], [1, 2]]",
     "the mixed entries differ, (1,2) ≠ (2,1), but ∂²J/∂θ1∂θ2 = ∂²J/∂θ2∂θ1: a Hessian is symmetric",
     "de gemengde elementen verschillen, (1,2) ≠ (2,1), maar ∂²J/∂θ1∂θ2 = ∂²J/∂θ2∂θ1: een Hessiaan is "
     "symmetrisch"),
    ("two.h", "(4θ1^3 + θ2, θ1 + 2θ2)",
     "this is the gradient (the first derivatives); the Hessian is the matrix of second derivatives: row i, "
     "column j holds the derivative by the i-th, then the j-th variable, as ∂²J/∂θ1∂θ2 in row 1, column 2",
     "dit is de gradiënt (de eerste afgeleiden); de Hessiaan is de matrix van tweede afgeleiden: rij i, "
     "kolom j bevat de afgeleide naar de i-de en dan de j-de variabele, zoals ∂²J/∂θ1∂θ2 in rij 1, kolom 2"),
    ("two.h", "[[12, 1], [1, 2]]",
     "these are the values at (1, 1); the task asks for the matrix as a function of θ1, θ2: keep the "
     "variables in it",
     "dit zijn de waarden in (1, 1); de opdracht vraagt de matrix als functie van θ1, θ2: laat de "
     "variabelen erin staan"),
    ("two.h_at", "[[12θ1^2, 1], [1, 2]]",
     "this is the matrix as a function of θ1, θ2; the task asks for its value at (1, 1): fill in the point",
     "dit is de matrix als functie van θ1, θ2; de opdracht vraagt de waarde in (1, 1): vul het punt in"),
    ("two.d", "5",
     "this is ∂J/∂θ1, one component of the gradient; the directional derivative is the dot product of the "
     "whole gradient with the direction: ∇J·u",
     "dit is ∂J/∂θ1, één component van de gradiënt; de richtingsafgeleide is het inproduct van de hele "
     "gradiënt met de richting: ∇J·u"),
    ("two.d", "27",
     "the direction was not normalised: divide it by its length |u| = 5, so the dot product is with the "
     "unit vector u/|u|",
     "de richting is niet genormaliseerd: deel hem door zijn lengte |u| = 5, zodat je het inproduct met "
     "de eenheidsvector u/|u| neemt"),
    ("two.newton1", "(7/23, 31/23)",
     "this is H⁻¹∇J, the change a Newton step makes, not the new point: subtract it, θ − H⁻¹∇J",
     "dit is H⁻¹∇J, de verandering die een Newton-stap maakt, niet het nieuwe punt: trek hem af, θ − H⁻¹∇J"),
    ("one.newton1", "0.5",
     "this is J'(θ)/J''(θ), the change a Newton step makes, not the new θ: subtract it, θ − J'(θ)/J''(θ)",
     "dit is J'(θ)/J''(θ), de verandering die een Newton-stap maakt, niet de nieuwe θ: trek hem af, "
     "θ − J'(θ)/J''(θ)"),
    ("one.newton1", "2.5",
     "θ + J'(θ)/J''(θ) has the sign of the step flipped; a Newton step subtracts: θ − J'(θ)/J''(θ)",
     "θ + J'(θ)/J''(θ) heeft het teken van de stap omgedraaid; een Newton-stap trekt af: θ − J'(θ)/J''(θ)"),
    ("one.newton1", "-1150",
     "J'(θ) was multiplied by J''(θ), not divided by it: a Newton step is θ − J'(θ)/J''(θ)",
     "J'(θ) is met J''(θ) vermenigvuldigd in plaats van erdoor gedeeld: een Newton-stap is θ − J'(θ)/J''(θ)"),
    ("one.newton1", "-22",
     "this is a step of gradient descent, θ − 1·J'(θ); a Newton step divides by the second derivative: "
     "θ − J'(θ)/J''(θ)",
     "dit is een stap van gradiënt descent, θ − 1·J'(θ); een Newton-stap deelt door de tweede afgeleide: "
     "θ − J'(θ)/J''(θ)"),
    ("two.step1", "(0.5, 0.3)",
     "this is 0.1·∇J, the change a descent step makes, not the new point: subtract it, θ − 0.1·∇J",
     "dit is 0.1·∇J, de verandering die een descent-stap maakt, niet het nieuwe punt: trek hem af, θ − 0.1·∇J"),
    ("one.newton1", "2",
     "this is the point before step 1, unchanged: step 1 starts there and moves on to a new point",
     "dit is het punt van vóór stap 1, onveranderd: stap 1 begint daar en gaat naar een nieuw punt"),
])
def test_the_messages_use_the_problems_names(key, answer, en, nl):
    diagnosis = grade(key, {key: answer}).diagnoses[0]
    assert render_finding(diagnosis.code, diagnosis.params, "en") == en
    assert render_finding(diagnosis.code, diagnosis.params, "nl") == nl


@pytest.mark.parametrize("key, en", [
    ("two.d", "∇J·u/|u|"),
])
def test_the_prompts_use_the_problems_names(key, en):
    task = next(t for t in EXERCISE.tasks if t.key == key)
    assert task.prompt is not None and task.prompt.endswith(en)


@pytest.mark.parametrize("key, copied", [
    ("two.h", "[[12θ1^2, 3], [3, 2]]"),    # s2's symbolic Hessian (a = 3), written by s1 (a = 1)
    ("two.h_at", "[[48, 3], [3, 2]]"),     # the same at the point, as before
])
def test_a_copied_hessian_is_another_variants_answer(key, copied):
    """A number entry off by a factor is no constant-factor: the other-variant check wins, for
    the symbolic Hessian as at a point."""
    exercise = load_exercise(ROOT / "tests" / "data" / "variants" / "lesson4_copied.yaml")
    results = []
    for student, answer in (("s1", copied), ("s2", copied)):
        own = exercise.for_student(student)
        tasks = tuple(grade_submission(own, Submission("t.yaml", student, own.id, {key: answer})))
        results.append(SubmissionResult(f"{student}.yaml", "graded", student, None, own.id, 0.0, 1.0,
                                        tasks=tasks, variant=own.variant))
    copier = next(t for t in mark_other_variants(results)[0].tasks if t.task == key)
    assert (copier.verdict, [d.code for d in copier.diagnoses]) == ("partial", ["other-variant"])


TRIAL_FILE = """id: t
title: T
problems:
  - id: two
    function: "J(θ1, θ2) = θ1^4 + a θ1 θ2 + θ2^2"
    tasks:
      - {id: h_at, hessian: {variables: [θ1, θ2], at: {θ1: 1, θ2: 1}}}
      - {id: h, hessian: [θ1, θ2]}
"""


def test_validate_warns_of_a_fixed_exercise_whose_mistake_gives_the_right_answer(run, tmp_path):
    """exponent-not-lowered in entry (1,1) gives 12θ1³, which is 12 at θ1 = 1: a variant with
    that is refused, a fixed exercise is warned of, with file:line."""
    path = tmp_path / "t.yaml"
    path.write_text(TRIAL_FILE.replace(" a θ1", " θ1"), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert (f"warning: {path}:7: task two.h_at: the mistake exponent-not-lowered gives the right answer "
            "[[12, 1], [1, 2]], so it cannot be seen; choose another point or start") in result.stderr
    path.write_text(TRIAL_FILE.replace("{θ1: 1, θ2: 1}", "{θ1: 2, θ2: 1}").replace(" a θ1", " θ1"),
                    encoding="utf-8")
    result = run("validate", str(path))
    # two mistakes giving one answer are warned of too (diag5); none gives the right answer here
    assert result.exit_code == 0 and "gives the right answer" not in result.stderr, result.stderr
    path.write_text("parameters:\n  a: {choose: [1]}\n" + TRIAL_FILE, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:9: with a = 1: task two.h_at: the mistake exponent-not-lowered gives" in result.stderr


def test_validate_warns_of_a_fixed_exercise_whose_two_mistakes_give_one_answer(run):
    """constant-kept (3w² − 6) and first-derivative-only (3w² − 6b) are both 21 at (3, 1)."""
    path = ROOT / "tests" / "data" / "les4_prijs.yaml"
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert (f"warning: {path}:17: task k.hessiaan_start: the mistakes constant-kept and first-derivative-only "
            "both give 21 in entry (1,2), so grader cannot say which was made; choose another point or start"
            ) in result.stderr


def test_a_clash_of_two_formulas_says_no_point_would_help(run):
    """A symbolic task's clash is the function's: another point or start changes nothing."""
    result = run("validate", "exercises/linear-cost.yaml")
    assert result.exit_code == 0, result.output
    assert "so grader cannot say which was made; grader names the first of them" in result.stderr
    assert "choose another point or start" not in result.stderr


def test_a_clash_in_a_matrix_names_the_entry_by_row_and_column(tmp_path):
    """Not 'component 2': the entry (1,2) of the Hessian."""
    exercise = load_exercise(ROOT / "tests" / "data" / "lesson4_trial.yaml")
    said = [c.describe() for c in clashes(exercise) if c.task == "two.h_at" and c.kind == "same"]
    assert said == ["task two.h_at: the mistakes constant-kept and first-derivative-only both give 5 in entry "
                    "(1,2), so grader cannot say which was made"]


def test_a_newton_start_at_a_stationary_point_is_refused(tmp_path):
    """∇J = 0 at the start: every step is the start, and every mistake gives the right answer."""
    path = tmp_path / "t.yaml"
    path.write_text("id: t\ntitle: T\nproblems:\n  - id: p\n    function: 'J(θ1, θ2) = θ1^2 + θ1 θ2 + θ2^2'\n"
                    "    start: {θ1: 0, θ2: 0}\n    tasks:\n      - {id: n1, newton: 1}\n", encoding="utf-8")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(path)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:8: the start (0, 0) is a stationary point (the gradient is 0 there): every Newton step stays "
        "there, so every mistake gives the right answer; choose another start"]
