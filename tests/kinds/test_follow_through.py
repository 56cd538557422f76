"""Follow-through into the lesson-4 kinds: a Hessian at a point worked out from the student's
own symbolic Hessian, a directional derivative from their own gradient, a Newton step with
their own gradient or Hessian; the verdict cache keys each by those earlier answers."""

from __future__ import annotations

import pytest

from grader.exercise import load_exercise
from grader.kinds import kind_of
from grader.reading.submission import Submission
from grader.running.grade import grade_submission, grade_task
from grader.running.verdict_cache import VerdictCache
from tests.cases import FOLLOW_THROUGH, FT, GZ, HZ, REVEAL_EXERCISES
from tests.conftest import ROOT

EXERCISE = REVEAL_EXERCISES[FT]


def grade(key: str, answers: dict[str, str], exercise=EXERCISE):
    submission = Submission("t.yaml", "t", exercise.id, answers)
    return next(r for r in grade_submission(exercise, submission) if r.task == key)


@pytest.mark.parametrize("key,answers,verdict,codes", FOLLOW_THROUGH)
def test_an_error_carried_from_the_students_own_derivatives(key, answers, verdict, codes):
    result = grade(key, answers)
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes), result.diagnoses


@pytest.mark.parametrize("key, earlier", [
    ("z.h", []), ("z.h_at", ["z.h"]), ("z.d", ["z.g"]), ("z.d_sym", ["z.g"]),
    ("nt.newton1", ["nt.slope1", "nt.h_start", "nt.g", "nt.h"]),  # at the start, then as formulas
    ("nt.newton2", ["nt.newton1", "nt.g", "nt.h"]),
    ("n1.newton1", ["n1.d1", "n1.d2"]),
])
def test_each_task_depends_on_the_answers_its_follow_through_reads(key, earlier):
    task = EXERCISE.task(key)
    assert [t.key for t in kind_of(task).depends_on(task, EXERCISE)] == earlier


def test_the_credit_is_the_exercises_follow_through(tmp_path):
    path = tmp_path / "ft.yaml"
    path.write_text((ROOT / "tests" / "data" / "followthrough.yaml").read_text(encoding="utf-8")
                    .replace("tolerance: {decimals: 2}", "tolerance: {decimals: 2}\nfollow_through: 0.5"),
                    encoding="utf-8")
    exercise = load_exercise(path)
    for key, answers in (("z.h_at", {"z.h": HZ, "z.h_at": "[[-60, 216], [216, 524]]"}),
                         ("z.d", {"z.g": GZ, "z.d": "388.8"}),
                         ("nt.newton1", {"nt.h": "[[6θ1, 0], [0, 2/5]]", "nt.newton1": "(-6.67, 0)"})):
        result = grade(key, answers, exercise)
        assert (result.verdict, result.score, [d.code for d in result.diagnoses]) == \
            ("partial", 0.5, ["carried-error"]), key


@pytest.mark.parametrize("key, earlier, answer", [
    ("z.h_at", {"z.h": HZ}, "[[-60, 216], [216, 524]]"),
    ("z.d", {"z.g": GZ}, "388.8"),
    ("nt.newton1", {"nt.h": "[[6θ1, 0], [0, 2/5]]"}, "(-6.67, 0)"),
    ("nt.newton1", {"nt.h_start": "[[96, 0], [0, 0.4]]"}, "(-3.33, 0)"),
    ("n1.newton1", {"n1.d2": "3θ"}, "1"),
])
def test_a_cached_verdict_is_never_another_students_earlier_answers(key, earlier, answer):
    """Two students give the same answer; one worked it out from their own wrong earlier answer,
    the other has none (or, graded first, the other way round): neither verdict is the other's."""
    task = EXERCISE.task(key)
    with_own = Submission("a.yaml", "a", EXERCISE.id, {**earlier, key: answer})
    without = Submission("b.yaml", "b", EXERCISE.id, {key: answer})
    for first, second in ((with_own, without), (without, with_own)):
        cache = VerdictCache()
        graded = {s.student: grade_task(EXERCISE, task, s, cache) for s in (first, second)}
        assert graded["a"].verdict == "correct" and [d.code for d in graded["a"].diagnoses] == ["carried-error"]
        assert graded["b"].verdict != "correct" and len(cache) == 2


class Recording(dict[str, str]):
    """A submission's answers that note which ones are looked up."""

    def __init__(self, answers: dict[str, str]) -> None:
        super().__init__(answers)
        self.read: set[str] = set()

    def get(self, key, default=None):  # type: ignore[override]
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("key", [t.key for t in EXERCISE.tasks])
@pytest.mark.parametrize("row", range(len(FOLLOW_THROUGH)))
def test_grading_reads_no_answer_but_its_own_and_those_it_depends_on(key, row):
    """What the verdict cache keys on is all that a grade reads: no other answer can change it."""
    task = EXERCISE.task(key)
    answers = Recording({**FOLLOW_THROUGH[row][1], key: FOLLOW_THROUGH[row][1].get(key, "0")})
    grade_task(EXERCISE, task, Submission("t.yaml", "t", EXERCISE.id, answers))
    assert key in answers.read and \
        answers.read <= {key, *(t.key for t in kind_of(task).depends_on(task, EXERCISE))}


TOWER = "y^y^y^y^y"  # at y = 3 a number no follow-through could work with


@pytest.mark.parametrize("key, answers", [
    ("z.h_at", {"z.h": f"[[12x^2 + 6xy^2, 6x^2y], [6x^2y, {TOWER}]]", "z.h_at": "[[-60, 72], [72, 1]]"}),
    ("z.d", {"z.g": f"(4x^3 + 3x^2y^2, {TOWER})", "z.d": "1"}),
    ("nt.newton1", {"nt.h": "[[3θ1^2, 0], [0, θ2^θ2^θ2^θ2^θ2^θ2]]", "nt.newton1": "(-3.99, 1.99)"}),
    ("nt.newton1", {"nt.g": "(θ1^3, θ2^θ2^θ2^θ2^θ2^θ2)", "nt.newton1": "(-3.99, 1.99)"}),
])
def test_a_students_own_derivative_too_large_at_the_point_gives_no_follow_through(key, answers):
    """A hostile round made every later answer a timeout (flagged, never graded) this way."""
    result = grade(key, answers)
    assert result.verdict in ("partial", "incorrect") and result.score is not None
    assert "carried-error" not in [d.code for d in result.diagnoses]
