"""A self-check names the mistake and where it is, never the corrected answer, unless the
exercise's policy or ``--reveal`` says so."""

from __future__ import annotations

import json

import pytest

from grader.codes import ANSWER_PARAMS, DIAGNOSIS_CODES
from grader.exercise import load_exercise
from grader.report.terminal import check_view
from grader.results.model import SubmissionResult
from grader.results.reveal import for_self_check, revealed_tasks, self_check_data
from grader.results.write import dumps
from tests.cases import (
    CASES,
    VARIANTS,
    exercise_file,
    other_variant_result,
    self_check,
)
from tests.cases import REVEAL_EXERCISES as EXERCISES


def shown_to_the_student(exercise_id: str, result: SubmissionResult) -> tuple[str, str]:
    hidden = for_self_check(result, frozenset())
    text = check_view(EXERCISES.get(exercise_id) or VARIANTS[exercise_id], hidden, frozenset(), "en")
    text += check_view(EXERCISES.get(exercise_id) or VARIANTS[exercise_id], hidden, frozenset(), "nl")
    return text, dumps(self_check_data(result, frozenset()))


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_cases_cover_every_diagnosis_code():
    found = {d.code for e, answers, key in CASES for t in self_check(e, answers).tasks
             if t.task == key for d in t.diagnoses}
    assert found | {d.code for t in other_variant_result().tasks for d in t.diagnoses} == set(DIAGNOSIS_CODES)


@pytest.mark.parametrize("exercise,answers,key", CASES)
def test_a_self_check_never_states_the_corrected_answer(exercise, answers, key):
    result = self_check(exercise, answers)
    task = next(t for t in result.tasks if t.task == key)
    text, data = shown_to_the_student(exercise, result)
    own = squeezed(f"{task.answer} {task.read_as}")
    if squeezed(task.expected) not in own:  # a right answer, or one whose working holds it
        assert squeezed(task.expected) not in squeezed(text)
        assert json.dumps(task.expected, ensure_ascii=False) not in data
    (sent,) = [t for t in json.loads(data)["tasks"] if t["task"] == key]
    assert [d["code"] for d in sent["diagnoses"]] == [d.code for d in task.diagnoses]
    for diagnosis, withheld in zip(task.diagnoses, sent["diagnoses"], strict=True):
        assert f"[{diagnosis.code}]" in text  # the mistake is still named
        for name, value in diagnosis.params:
            if name in ANSWER_PARAMS.get(diagnosis.code, ()):
                assert name not in withheld["params"]  # withheld, not only left out of the words
                if value not in own and len(value) > 1:
                    assert value not in text
            else:
                assert withheld["params"][name] == value  # where it is: kept


def test_other_variant_names_no_classmate_and_no_answer():
    result = other_variant_result()
    assert [d.code for t in result.tasks for d in t.diagnoses] == ["other-variant"]
    text, data = shown_to_the_student("gradient-descent-variants", result)
    assert "[other-variant]" in text and '"expected": null' in data
    assert "s21" not in text and "s21" not in data
    revealed = dumps(self_check_data(result, frozenset(t.task for t in result.tasks)))
    assert "s21" not in revealed and '"other-variant"' in revealed


def test_withheld_wording_names_the_mistake_and_where():
    result = self_check("partial-derivatives", {"p2.dy": "4x^2y^3 - 10y^5"})
    text, data = shown_to_the_student("partial-derivatives", result)
    assert "the exponent was not lowered in the term -2*y^5 [exponent-not-lowered]" in text
    assert "de exponent is niet verlaagd in de term -2*y^5" in text
    assert "-10*y^4" not in text and "-10*y^4" not in data
    revealed = check_view(EXERCISES["partial-derivatives"], result, True, "en")
    assert "the term -2*y^5 should give -10*y^4: the exponent was not lowered" in revealed


POLICY = [  # (policy, --reveal/--no-reveal, tasks whose expected answer is shown)
    ("never", None, set()),
    ("never", True, {"gd1.derivative", "gd1.slope1"}),
    ("after-check", None, {"gd1.derivative"}),
    ("after-check", False, set()),
    ("always", None, {"gd1.derivative", "gd1.slope1"}),
    ("always", False, set()),
]


@pytest.mark.parametrize("policy,flag,shown", POLICY)
def test_the_reveal_policy_and_the_flag_that_overrides_it(policy, flag, shown):
    result = self_check("gradient-descent", {"gd1.derivative": "6θ^2"})
    result = SubmissionResult(result.submission, "graded", tasks=result.tasks[:2])
    assert revealed_tasks(policy, result, flag) == shown


def test_the_policy_is_read_from_the_exercise(tmp_path, run):
    path = exercise_file(tmp_path, "feedback: {reveal: after-check}")
    assert load_exercise(path).reveal == "after-check"
    sheet = tmp_path / "s.yaml"
    sheet.write_text("student: s1\nexercise: gradient-descent\nanswers:\n  gd1.derivative: 6θ^2\n",
                     encoding="utf-8")
    shown = json.loads(run("check", str(path), str(sheet), "--json").stdout)
    expected = {t["task"]: t["expected"] for t in shown["tasks"]}
    assert expected["gd1.derivative"] == "6*θ" and expected["gd1.slope1"] is None
    text = run("check", str(path), str(sheet), "--no-reveal").stdout
    assert "expected:" not in text and "verwacht:" not in text


@pytest.mark.parametrize("feedback,error", [
    ("feedback: {reveal: sometimes}", "feedback reveal must be one of never | after-check | always"),
    ("feedback: {show: always}", "unknown key 'show' in feedback"),
    ("feedback: always", "feedback must be a mapping"),
])
def test_a_wrong_policy_is_named_at_its_line(tmp_path, run, feedback, error):
    result = run("validate", str(exercise_file(tmp_path, feedback)))
    assert result.exit_code == 1 and error in result.output



def test_the_schema_knows_the_policy():
    from grader.exercise.schema import exercise_schema

    feedback = exercise_schema()["properties"]["feedback"]
    assert feedback["properties"]["reveal"]["enum"] == ["never", "after-check", "always"]
