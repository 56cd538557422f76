"""One student's report: the view a template renders, built from a result and its exercise.

Facts come from the result (codes and parameters); words come from ``messages`` and the label
catalog in the language asked for; the answer is shown as read, from grader's own syntax tree,
with the part a diagnosis is about flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass, replace

import sympy as sp
from markupsafe import Markup

from grader.checking.proof import too_large_to_expand
from grader.codes import finding_role
from grader.exercise import Exercise, Problem, Task
from grader.exercise.solution import SolvedProblem, SolvedTask, solve
from grader.exercise.variants import described
from grader.kinds import Role, in_role, kind_of
from grader.messages import describe, describe_diagnosis, elided
from grader.parse import ParseError, read_answer
from grader.parse.answer import read_tree
from grader.parse.build import Builder
from grader.parse.syntax import BinOp, MatrixRows, Neg, Node, Num, Vector
from grader.report.labels import gettext_for
from grader.report.mathml import chain_latex, chain_mathml
from grader.report.pictures import NEWTON, NEWTON_THEIRS, Paths, descent_svg
from grader.report.terminal import MARKS
from grader.results.model import Diagnosis, SubmissionResult, TaskResult, error_text
from grader.results.reveal import for_self_check


@dataclass(frozen=True)
class Finding:
    kind: str   # Mistake | Notation | Credit | Note: a label of the catalog
    code: str
    text: str


@dataclass(frozen=True)
class TaskView:
    key: str
    prompt: str | None
    verdict: str
    mark: str
    score: str
    max_score: str
    answer: str | None
    math: tuple[Markup, ...]  # the answer as read, MathML: one per candidate of an ambiguous task
    latex: tuple[str, ...]    # the same for Markdown
    note: str | None
    findings: tuple[Finding, ...]
    expected: str | None
    working: tuple[str, ...]
    picture: Markup | None = None  # the descent path, on the last step task of a problem
    found_at: str | None = None    # where in the student's notes the answer was found
    expected_math: Markup | None = None  # the expected answer typeset (MathML), when revealed
    expected_latex: str | None = None    # the same for Markdown
    caption: str = "Descent path"  # the picture's, a label: which methods' paths it draws


@dataclass(frozen=True)
class StudentView:
    title: str
    student: str
    name: str | None
    status: str
    error: str | None
    score: str
    max_score: str
    review: tuple[str, ...]   # tasks that need a teacher's look
    tasks: tuple[TaskView, ...]
    variant: str = ""         # "a = 9, s = −3, …": the student's own numbers, if the exercise has them


class TreeCache:
    """Syntax trees of answers already read, by (exercise, task, text): a class repeats itself."""

    def __init__(self) -> None:
        self._trees: dict[tuple[str, str, str], tuple[tuple[Node, ...], tuple[str, ...]]] = {}
        self._points: dict[tuple[str, str, str], tuple[float, ...] | None] = {}
        self._math: dict[tuple[str, str, str, tuple[Diagnosis, ...]], tuple[Markup, str]] = {}
        self._views: dict[tuple[str, TaskResult, str, SolvedTask | None], TaskView] = {}

    def read(self, exercise: Exercise, task: Task, text: str) -> tuple[tuple[Node, ...], tuple[str, ...]]:
        key = (_scope(exercise, task.problem), task.key, text)
        found = self._trees.get(key)
        if found is None:
            try:
                found = read_tree(text, task.vocabulary, exercise.limits, unreadable_working="skip")
            except ParseError:
                found = ((), ())
            if len(self._trees) < 100_000:
                self._trees[key] = found
        return found


    def math(self, exercise: Exercise, task: Task, text: str, diagnoses: tuple[Diagnosis, ...]
             ) -> tuple[Markup, str] | None:
        """The answer as MathML (with what the diagnoses are about flagged) and as LaTeX."""
        parts, separators = self.read(exercise, task, text)
        if not parts:
            return None
        key = (_scope(exercise, task.problem), task.key, text, diagnoses)
        found = self._math.get(key)
        if found is None:
            flagged = _flagged(parts, diagnoses, _component_names(exercise, task),
                               _wrong_terms(exercise, task, parts[-1], diagnoses))
            found = (chain_mathml(parts, separators, flagged), chain_latex(parts, separators))
            if len(self._math) < 100_000:
                self._math[key] = found
        return found

    def view(self, exercise: Exercise, result: TaskResult, lang: str, worked: SolvedTask | None) -> TaskView:
        """A task's view; the same result (same answer, verdict, diagnoses) gives the same view."""
        key = (_scope(exercise, result.task.split(".", 1)[0]), result, lang, worked)
        found = self._views.get(key)
        if found is None:
            found = _task_view(exercise, exercise.task(result.task), result, lang, worked, self)
            if len(self._views) < 100_000:
                self._views[key] = found
        return found

    def point(self, exercise: Exercise, task: Task, text: str) -> tuple[float, ...] | None:
        """An answer to a descent step as floats, or None when it is no point."""
        key = (_scope(exercise, task.problem), task.key, text)
        if key not in self._points:
            try:
                value = read_answer(text, task.vocabulary, exercise.limits, unreadable_working="skip").value
                parts = value if isinstance(value, tuple) else (value,)
                found: tuple[float, ...] | None = tuple(float(p) for p in parts)
            except (ParseError, TypeError, ValueError, OverflowError):
                found = None
            if len(self._points) < 100_000:
                self._points[key] = found
            return found
        return self._points[key]


def _scope(exercise: Exercise, problem_id: str) -> str:
    """What a task's rendering depends on: its problem (which variants of an exercise share, so
    their students' answers are read and drawn once), else the exercise."""
    problem = next((p for p in exercise.problems if p.id == problem_id), None)
    return exercise.problem_digest(problem) if problem is not None else exercise.digest


def student_view(exercise: Exercise, result: SubmissionResult, lang: str,
                 reveal: bool | frozenset[str] = False, trees: TreeCache | None = None) -> StudentView:
    """``reveal``: the tasks whose expected answer, worked steps, right path and full diagnoses
    the student sees (True: all). A report is the student's: for every other task the answer
    is withheld as from a self-check, whoever asks for the report."""
    exercise = own_variant(exercise, result)
    revealed = frozenset(t.task for t in result.tasks) if reveal is True else reveal or frozenset()
    result = for_self_check(result, revealed)
    worked = {t.task: _steps_within(t, p, revealed) for p in solve(exercise, lang) for t in p.tasks
              if t.task in revealed} if revealed else {}
    trees = trees or TreeCache()
    tasks = tuple(trees.view(exercise, t, lang, worked.get(t.task)) for t in result.tasks)
    pictures = _pictures(exercise, result, lang, trees, revealed)
    if pictures:
        tasks = tuple(replace(t, picture=pictures[t.key][0], caption=pictures[t.key][1]) if t.key in pictures
                      else t for t in tasks)
    error = None if result.error is None else error_text(result, lang)
    return StudentView(exercise.title, result.student or "", result.name, result.status, error,
                       _points(result.score), _points(result.max_score),
                       tuple(t.task for t in result.tasks if t.needs_review), tasks,
                       described(result.variant))


def _steps_within(task: SolvedTask, problem: SolvedProblem, revealed: frozenset[str]) -> SolvedTask:
    """A revealed task's worked steps state its problem's derivative, slopes and earlier steps
    (``∇J = 6*θ``, ``step 2: θ = 1.6 − …``): shown only when all of those are revealed too, so
    that an ``after-check`` policy does not give away the tasks a student left empty."""
    if all(other.task in revealed for other in problem.tasks):
        return task
    return replace(task, working=())


def own_variant(exercise: Exercise, result: SubmissionResult) -> Exercise:
    """The variant ``result`` was graded on (its expected answers, its descent pictures)."""
    return exercise.graded_variant(result.variant)


def _pictures(exercise: Exercise, result: SubmissionResult, lang: str, trees: TreeCache,
              revealed: frozenset[str]) -> dict[str, tuple[Markup, str]]:
    """Per descent problem, the picture of the student's path, keyed by its last step task;
    the right path from the start up to the first step that is not revealed (its iterates
    can be read off the picture's ticks)."""
    answers = {t.task: t.answer for t in result.tasks}
    words = gettext_for(lang)
    found = {}
    for problem in exercise.problems:
        descent = _paths(exercise, problem, Role.ITERATE, answers, trees, revealed,
                         (words("the right path"), words("your path")))
        newton = _paths(exercise, problem, Role.NEWTON_ITERATE, answers, trees, revealed,
                        (words("Newton's method"), words("your Newton steps")))
        if descent is not None:
            picture = descent_svg(problem, descent.right, descent.theirs, descent.labels, newton)
            caption = "Descent path" if newton is None else "Descent and Newton paths"
        elif newton is not None:
            picture = descent_svg(problem, newton.right, newton.theirs, newton.labels,
                                  colours=(NEWTON, NEWTON_THEIRS), marker="diamond")
            caption = "Newton path"
        else:
            continue
        if picture is not None:
            found[_last_step(problem, newton is not None).key] = (picture, caption)
    return found


def _last_step(problem: Problem, newton: bool) -> Task:
    """The task a problem's picture goes with: its last descent step (by number), or, with
    Newton steps too, the last task of either."""
    if not newton:
        return sorted(in_role(problem, Role.ITERATE), key=lambda t: t.step)[-1]
    return in_role(problem, Role.ITERATE, Role.NEWTON_ITERATE)[-1]


def _paths(exercise: Exercise, problem: Problem, role: Role, answers: dict[str, str | None],
           trees: TreeCache, revealed: frozenset[str], labels: tuple[str, str]) -> Paths | None:
    """The right iterates of the tasks in ``role`` (a method's steps) up to the first that is
    not revealed, and the student's own in turn; None when the problem asks none."""
    steps = sorted(in_role(problem, role), key=lambda t: t.step)
    if not steps:
        return None
    shown = next((k for k, task in enumerate(steps) if task.key not in revealed), len(steps))
    last = steps[shown - 1].step if shown else 0
    iterates = kind_of(steps[0]).iterates(problem, last)
    if iterates is None:
        return None
    right = [tuple(float(v) for v in p) for p in iterates]
    theirs = [right[0]]
    for task in steps:
        text = answers.get(task.key)
        point = trees.point(exercise, task, text) if text and text.strip() else None
        if point is None or len(point) != len(right[0]) or task.step != len(theirs):
            break
        theirs.append(point)
    return Paths(right, theirs, labels)


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _task_view(exercise: Exercise, task: Task | None, result: TaskResult, lang: str,
               worked: SolvedTask | None, trees: TreeCache) -> TaskView:
    math: tuple[Markup, ...] = ()
    latex: tuple[str, ...] = ()
    if task is not None and result.answer and result.answer.strip():
        # an ambiguous task's answer is its candidates joined by " | " (worker): each read on its own
        texts = result.answer.split(" | ") if result.verdict == "ambiguous" else [result.answer]
        found = [trees.math(exercise, task, text, result.diagnoses) for text in texts]
        read = [one for one in found if one is not None]
        math, latex = tuple(m for m, _ in read), tuple(text for _, text in read)
    findings = tuple(Finding(finding_role(d.code).capitalize(), d.code, describe_diagnosis(d, lang))
                     for d in result.diagnoses)
    expected = result.expected if worked is not None and result.expected else None
    typeset = trees.math(exercise, task, expected, ()) if task is not None and expected else None
    # Cut at the reader's own limit: an answer it read is shown whole, one refused as too long
    # (up to 100,000 characters) is not a page of its own.
    answer = elided(result.answer, exercise.limits.max_length, lang) if result.answer else result.answer
    return TaskView(result.task, task.prompt if task else None, result.verdict, MARKS[result.verdict],
                    _points(result.score), _points(result.max_score), answer, math, latex,
                    describe(result.message, lang) if result.message else None, findings,
                    expected, worked.working if worked is not None else (), None, result.found_at,
                    typeset[0] if typeset else None, typeset[1] if typeset else None)


TERM_CODES = {"exponent-not-lowered", "coefficient-not-multiplied", "constant-kept",
              "missing-inner-derivative", "other-variable-differentiated", "sign-slip"}


def _flagged(parts: tuple[Node, ...], diagnoses: tuple[Diagnosis, ...], names: list[str],
             wrong_terms: set[int]) -> set[int]:
    """The nodes a diagnosis is about: every -a^n of a notation warning, the vector components
    named by a diagnosis (by number, or by the variable of a descent step), the whole new point
    of a step that went uphill or skipped the learning rate, and the terms of the answer that
    the right answer does not have (``wrong_terms``)."""
    flagged: set[int] = set(wrong_terms)
    last = parts[-1]
    for diagnosis in diagnoses:
        params = dict(diagnosis.params)
        if diagnosis.code in ("ascent", "learning-rate-missing", "learning-rate-wrong", "stale-gradient"):
            flagged.add(id(last))
        if diagnosis.code == "negative-base-notation":
            flagged.update(id(n) for part in parts for n in _walk(part)
                           if isinstance(n, Neg) and isinstance(n.operand, BinOp)
                           and n.operand.op == "^" and isinstance(n.operand.left, Num))
        if isinstance(last, Vector):
            indices = []
            if params.get("component", "").isdigit():
                indices.append(int(params["component"]) - 1)
            named = (n.strip() for n in params.get("which", "").split(","))
            indices += [names.index(n) for n in named if n in names]
            flagged.update(id(last.items[k]) for k in indices if 0 <= k < len(last.items))
        if isinstance(last, MatrixRows):
            flagged.update(id(last.rows[row - 1][column - 1]) for row, column in _entries_named(params)
                           if 0 < row <= len(last.rows) and 0 < column <= len(last.rows[0]))
    return flagged


ENTRY = re.compile(r"\((\d+),\s*(\d+)\)")


def _entries_named(params: dict[str, str]) -> list[tuple[int, int]]:
    """The matrix entries a diagnosis is about: its ``entry`` (row,column), or the entries its
    ``pairs`` (mixed entries that differ) or ``moved`` (entries in the wrong place) name."""
    named = []
    if "entry" in params:
        row, _, column = params["entry"].partition(",")
        if row.isdigit() and column.isdigit():
            named.append((int(row), int(column)))
    for key in ("pairs", "moved"):
        named += [(int(row), int(column)) for row, column in ENTRY.findall(params.get(key, ""))]
    return named


def _wrong_terms(exercise: Exercise, task: Task, last: Node, diagnoses: tuple[Diagnosis, ...]) -> set[int]:
    """For a diagnosis about a term (the exponent not lowered, a constant kept, ...): the terms
    of the answer, as written, whose value is no term of the right answer."""
    if isinstance(last, Vector) or isinstance(task.expected, tuple) or \
            not any(d.code in TERM_CODES and dict(d.params).get("which") != "all" for d in diagnoses):
        return set()
    most = exercise.limits.max_expanded_terms
    right = set(sp.Add.make_args(_expanded(task.expected, most)))
    builder = Builder(task.vocabulary, exercise.limits)
    found = set()
    terms = _terms(last)
    for node, sign in terms:
        try:
            value = _expanded(sign * builder.build(node), most)
        except ParseError:
            continue
        if any(term not in right for term in sp.Add.make_args(value)):
            found.add(id(node))
    return found if len(found) < len(terms) else set()  # all of them says nothing


def _expanded(expr: sp.Expr, most: int) -> sp.Expr:
    """Multiplied out, unless that would make more than ``most`` terms ((x+1)^6000)."""
    return expr if too_large_to_expand(expr, most) else sp.expand(expr)


def _terms(node: Node, sign: int = 1) -> list[tuple[Node, int]]:
    """The terms of a sum as written, with their signs: a - b + c gives (a, 1), (b, -1), (c, 1)."""
    if isinstance(node, BinOp) and node.op in "+-":
        return [*_terms(node.left, sign), (node.right, sign if node.op == "+" else -sign)]
    return [(node, sign)]


def _component_names(exercise: Exercise, task: Task) -> list[str]:
    """What the components of a vector answer are called, as its kind says: the gradient's
    variables, or the problem's parameters for a descent step."""
    return list(kind_of(task).component_names(task, exercise.problem(task.problem)))


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for field in fields(node):
        value = getattr(node, field.name)
        if isinstance(node, MatrixRows):  # rows of entries
            value = node.entries
        for item in value if isinstance(value, tuple) else (value,):
            if is_dataclass(item) and not isinstance(item, type):
                yield from _walk(item)  # type: ignore[arg-type]  # a syntax node
