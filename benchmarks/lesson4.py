"""Grading speed of a lesson-4 class against the seed class, per answer (issue 23: "within 25 %").

    python benchmarks/lesson4.py --submissions 2000

Generates a class for every bundled lesson-4 exercise (ids starting ``les4-``/``lesson4-``),
each student on a variant of their own: the right answers in the notation students use
(fractions, decimals, LaTeX, pmatrix) or a typical mistake, with later steps worked on from the
student's own wrong ones (follow-through). Tasks of kinds it has no generator for get the right
answer or a sign slip. Then ``grader grade --jobs 1`` of that class, of the seed class
(``classgen.write_class``) and of the seed's own-variant class (``gradient-descent-variants``),
without and with the verdict cache, best of ``--runs``, in turns. Not a test: figures depend on
the machine.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

import sympy as sp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import batch, best_in_turns  # noqa: E402
from benchmarks.classgen import write_class, write_variant_class  # noqa: E402
from grader.diagnose.engine import Context  # noqa: E402
from grader.exercise.find import load_exercises  # noqa: E402
from grader.exercise.model import Exercise, Problem, Task  # noqa: E402
from grader.kinds import Role, kind_of, role_of  # noqa: E402
from grader.kinds.classify import NATURES, SPELLINGS, Classify, nature_of_expected  # noqa: E402
from grader.kinds.directional import Directional  # noqa: E402
from grader.kinds.eigenvalues import Eigenvalues  # noqa: E402
from grader.kinds.newton import newton_candidates, newton_step, path_of  # noqa: E402
from grader.kinds.second_order import Hessian, point_of  # noqa: E402
from grader.kinds.stationary import Stationary  # noqa: E402
from grader.parse.answer import Value  # noqa: E402
from grader.parse.mathtext import expression_text  # noqa: E402
from grader.parse.matrix import Matrix  # noqa: E402

Point = tuple[sp.Expr, ...]


def lesson4_ids(exercises: dict[str, Exercise]) -> list[str]:
    return sorted(i for i in exercises if i.startswith(("les4-", "lesson4-")))


def written(point: Point, rng: random.Random) -> str:
    """A value as students write it: exact, rounded, LaTeX fractions, a pmatrix."""
    style = rng.random()
    if style < 0.4:
        texts = [sp.sstr(v) for v in point]
    elif style < 0.75:
        texts = [f"{float(v):.{rng.randint(2, 4)}f}" for v in point]
    else:
        texts = [rf"\frac{{{v.p}}}{{{v.q}}}" if v.is_Rational and v.q != 1 else sp.sstr(v) for v in point]
        if len(point) > 1 and rng.random() < 0.5:
            return r"\begin{pmatrix} " + r" \\ ".join(texts) + r" \end{pmatrix}"
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def newton_answer(problem: Problem, task: Task, own: Point | None, rng: random.Random,
                  right: float) -> Point:
    """Step k from the student's own step k−1 (their earlier mistake carried), right or with a
    typical mistake."""
    path = path_of(problem, task.step)
    assert path is not None and problem.function is not None
    before = own if own is not None else path.points[task.step - 1]
    here = dict(zip(problem.parameters, before, strict=True))
    gradient = [sp.diff(problem.function, p) for p in problem.parameters]
    slope = tuple(g.xreplace(here) for g in gradient)
    hessian = tuple(tuple(sp.diff(g, p).xreplace(here) for p in problem.parameters) for g in gradient)
    step = newton_step(before, slope, hessian)
    if step is None or rng.random() < right:
        return step if step is not None else path.points[task.step]
    rate = problem.descent.learning_rate if problem.descent is not None else sp.Integer(1)
    wrong = rng.choice(newton_candidates(before, slope, hessian, rate)).value
    return wrong if isinstance(wrong, tuple) else (wrong,)


def plain_answer(task: Task, rng: random.Random, right: float) -> Point:
    value = task.expected if isinstance(task.expected, tuple) else (task.expected,)
    return value if rng.random() < right else tuple(-v for v in value)


def entry_text(value: sp.Expr, numeric: bool, latex: bool, rng: random.Random) -> str:
    """One entry as students write it: a number exact or rounded, an expression plain or LaTeX."""
    if numeric:
        return written((value,), rng)
    return sp.latex(value) if latex else expression_text(value)


def matrix_text(value: Matrix, numeric: bool, rng: random.Random) -> str:
    """``[[a, b], [c, d]]`` or, as notes apps write it, ``H = \\begin{pmatrix} a & b \\\\ …``."""
    latex = rng.random() < 0.4
    rows = [[entry_text(v, numeric, latex, rng) for v in row] for row in value.rows]
    if not latex:
        return "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"
    label = "H = " if rng.random() < 0.5 else ""
    return label + r"\begin{pmatrix} " + r" \\ ".join(" & ".join(row) for row in rows) + r" \end{pmatrix}"


def hessian_answer(exercise: Exercise, problem: Problem, task: Task, rng: random.Random, right: float) -> Value:
    """The Hessian, or one of its typical mistakes: a slip inside an entry, one mixed entry
    wrong (unequal), the diagonal swapped, every sign flipped, the gradient given."""
    expected = task.expected
    assert isinstance(expected, Matrix) and problem.function is not None
    if rng.random() < right:
        return expected
    rows, _ = expected.shape
    mistake = rng.choice(("entry", "entry", "entry", "asymmetric", "swapped", "signs", "gradient"))
    if mistake == "entry":
        models = Hessian().mistake_models(task, Context(exercise, problem, {}))
        if models:
            return rng.choice(models).value
    entries = list(expected)
    if mistake == "asymmetric":
        entries[rows] = -entries[rows] if entries[rows] != 0 else entries[0]
    elif mistake == "swapped":
        entries[0], entries[-1] = entries[-1], entries[0]
    elif mistake == "gradient":
        at = point_of(task, problem)
        gradient = tuple(sp.diff(problem.function, p) for p in problem.parameters)
        return tuple(g.xreplace(at) for g in gradient) if at is not None else gradient
    else:
        entries = [-e for e in entries]
    return Matrix(entries, expected.columns)


def directional_answer(exercise: Exercise, problem: Problem, task: Task, rng: random.Random,
                       right: float) -> Value:
    """The directional derivative, or one of its typical mistakes (the direction not
    normalised, a component of the gradient, the gradient vector, a slip inside it)."""
    if rng.random() < right:
        return task.expected
    kind = Directional()
    if rng.random() < 0.15:
        return kind.gradient(task, problem)
    models = kind.mistake_models(task, Context(exercise, problem, {}))
    return rng.choice(models).value if models else -task.expected


def stationary_answer(exercise: Exercise, problem: Problem, task: Task, rng: random.Random,
                      right: float) -> str:
    """The stationary point (labelled ``x = …, y = …`` now and then), or one of its mistakes:
    a coordinate's sign flipped, the function's value there, one equation solved on its own."""
    point = task.expected if isinstance(task.expected, tuple) else (task.expected,)
    if rng.random() < right:
        if len(point) > 1 and rng.random() < 0.3:
            return ", ".join(f"{p.name} = {sp.sstr(v)}" for p, v in zip(problem.parameters, point, strict=True))
        return written(point, rng)
    models = Stationary().mistake_models(task, Context(exercise, problem, {}))
    if len(point) > 1 and problem.function is not None and rng.random() < 0.25:  # ∂f/∂x = 0 with y = 0
        first, *others = problem.parameters
        alone = sp.diff(problem.function, first).xreplace({p: 0 for p in others})
        roots = [r for r in sp.solve(alone, first) if r.is_real]
        if roots:
            return written((roots[0], *(sp.Integer(0) for _ in others)), rng)
    value = rng.choice(models).value if models else tuple(-v for v in point)
    return written(value if isinstance(value, tuple) else (value,), rng)


def eigenvalues_answer(exercise: Exercise, problem: Problem, task: Task, rng: random.Random,
                       right: float) -> str:
    """The eigenvalues in any order (exact, rounded, or ``λ_1 = …, λ_2 = …``), or one of
    their mistakes: the diagonal, trace and determinant, signs flipped, the gradient, H itself."""
    assert isinstance(task.expected, tuple)
    if rng.random() < right:
        values = list(task.expected)
        rng.shuffle(values)
        if rng.random() < 0.3:
            return ", ".join(f"\\lambda_{k + 1} = {sp.latex(v)}" for k, v in enumerate(values))
        return written(tuple(values), rng)
    models = Eigenvalues().mistake_models(task, Context(exercise, problem, {}))
    hessian = next((v for k, v in task.asked if k == "hessian"), None)
    if isinstance(hessian, Matrix) and rng.random() < 0.1:
        return matrix_text(hessian, True, rng)
    value = rng.choice(models).value if models else tuple(-v for v in task.expected)
    return written(value if isinstance(value, tuple) else (value,), rng)


def classify_answer(task: Task, rng: random.Random, right: float) -> str:
    """The nature as students write it (either language, any case, an article, a full stop),
    or another nature: the signs read the other way, a saddle taken for an extremum, …"""
    nature = nature_of_expected(task.expected)
    if rng.random() >= right or nature is None:
        nature = rng.choice([n for n in NATURES if n != nature])
    word = rng.choice([s for s in SPELLINGS[nature] if " " not in s or rng.random() < 0.5])
    return rng.choice((word, word.capitalize(), f"{word}.", f"een {word}" if rng.random() < 0.5 else f"a {word}"))


def value_written(value: Value, numeric: bool, rng: random.Random) -> str:
    if isinstance(value, Matrix):
        return matrix_text(value, numeric, rng)
    if numeric:
        return written(value if isinstance(value, tuple) else (value,), rng)
    if isinstance(value, tuple):
        return "(" + ", ".join(expression_text(v) for v in value) + ")"
    return expression_text(value)


def answers_for(exercise: Exercise, rng: random.Random, right: float) -> dict[str, str]:
    answers = {}
    for problem in exercise.problems:
        own: Point | None = None
        for task in problem.tasks:
            role = role_of(task)
            if role is Role.NEWTON_ITERATE:
                own = newton_answer(problem, task, own, rng, right)
                answers[task.key] = written(own, rng)
            elif role is Role.HESSIAN:
                answers[task.key] = value_written(hessian_answer(exercise, problem, task, rng, right),
                                                  task.numeric, rng)
            elif role is Role.DIRECTIONAL:
                answers[task.key] = value_written(directional_answer(exercise, problem, task, rng, right),
                                                  task.numeric, rng)
            elif role is Role.STATIONARY:
                answers[task.key] = stationary_answer(exercise, problem, task, rng, right)
            elif role is Role.EIGENVALUES:
                answers[task.key] = eigenvalues_answer(exercise, problem, task, rng, right)
            elif isinstance(kind_of(task), Classify):
                answers[task.key] = classify_answer(task, rng, right)
            elif task.numeric:
                answers[task.key] = written(plain_answer(task, rng, right), rng)
            else:
                answers[task.key] = task.expected_text if rng.random() < right else f"-({task.expected_text})"
    return answers


def write_lesson4_class(folder: Path, count: int, seed: int = 2026, right: float = 0.7) -> int:
    """``count`` submissions spread over the lesson-4 exercises, each student on their own
    variant; returns the number of answers."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    exercises = load_exercises([str(ROOT / "exercises")])
    ids = lesson4_ids(exercises)
    total = 0
    for index in range(count):
        exercise_id = ids[index % len(ids)]
        student = f"l4s{index:06d}"
        own = exercises[exercise_id].for_student(student)
        answers = answers_for(own, rng, right)
        total += len(answers)
        (folder / f"{student}.yaml").write_text(
            yaml.safe_dump({"student": student, "exercise": exercise_id, "answers": answers},
                           allow_unicode=True, sort_keys=False), encoding="utf-8")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="take the best of this many runs")
    args = parser.parse_args()
    places = [Path(tempfile.mkdtemp(prefix=f"grader-bench-{name}-")) for name in ("seed", "variants", "lesson4")]
    try:
        counts = [write_class(places[0], args.submissions),
                  write_variant_class(places[1], args.submissions, True),
                  write_lesson4_class(places[2], args.submissions)]
        ids = lesson4_ids(load_exercises([str(ROOT / "exercises")]))
        print(f"classes of {args.submissions} submissions: seed {counts[0]} answers, seed on own variants "
              f"{counts[1]}, lesson 4 ({', '.join(ids)}) {counts[2]}")
        for cache in (False, True):
            times = best_in_turns(args.runs, *((batch, (place, 1, cache)) for place in places))
            rates = [n / t for n, t in zip(counts, times, strict=True)]
            flag = "" if cache else " --no-cache"
            for label, seconds, rate in zip(("seed class", "seed class on own variants", "lesson-4 class"),
                                            times, rates, strict=True):
                print(f"grader grade --jobs 1{flag}, {label}: {seconds:.2f} s, {rate:.0f} answers/s")
            print(f"lesson 4 against the seed class{flag}: {100 * rates[2] / rates[0]:.0f} % of its rate per "
                  f"answer; against the seed on own variants: {100 * rates[2] / rates[1]:.0f} %")
    finally:
        for place in places:
            shutil.rmtree(place)


if __name__ == "__main__":
    main()
