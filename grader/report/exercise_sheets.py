"""Exercise sheets: what a student gets to work on, with their own numbers when the exercise
has parameters. The same templates' look as the reports (``report.css``), math rendered
(MathML in HTML, ``$…$`` in Markdown) from grader's own syntax tree of the function."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from grader.exercise import Exercise, Problem
from grader.exercise.reader import SIGNATURE
from grader.exercise.variants import described
from grader.parse import ParseError
from grader.parse.answer import read_tree
from grader.parse.mathtext import number_text
from grader.parse.syntax import Var
from grader.parse.vocabulary import canonical_name
from grader.report.mathml import chain_latex, chain_mathml, latex
from grader.report.render import render


@dataclass(frozen=True)
class SheetTask:
    key: str
    prompt: str | None


@dataclass(frozen=True)
class SheetProblem:
    id: str
    title: str | None
    function_name: str | None     # "J(θ)": the left side, as text
    function_math: Markup | None  # the right side in MathML
    function_latex: str | None    # both sides
    start: str | None             # "θ = -3", "(θ1, θ2) = (2, 4)"
    learning_rate: str | None
    tasks: tuple[SheetTask, ...]


@dataclass(frozen=True)
class SheetView:
    title: str
    exercise: str
    student: str
    name: str | None
    variant: str
    description: str | None
    problems: tuple[SheetProblem, ...]


def sheet_view(exercise: Exercise, student: str, name: str | None = None) -> SheetView:
    """The sheet of ``student``'s own variant (raises ``VariantError`` for an empty id)."""
    own = exercise.for_student(student)
    return SheetView(own.title, own.id, student, name, described(own.variant),
                     own.description, tuple(_problem(own, p) for p in own.problems))


def _problem(exercise: Exercise, problem: Problem) -> SheetProblem:
    left = math = written = None
    match = SIGNATURE.match(problem.function_text or "")
    if match is not None:
        left = f"{match.group(1)}({match.group(2).strip()})"
        arguments = ", ".join(latex(Var(canonical_name(a.strip()))) for a in match.group(2).split(","))
        try:
            parts, separators = read_tree(match.group(3), problem.vocabulary, exercise.limits)
            math = chain_mathml(parts, separators)
            written = f"{match.group(1)}({arguments}) = {chain_latex(parts, separators)}"
        except ParseError:
            left = None
    start = rate = None
    if problem.start is not None:  # a descent's, or one without a learning rate (Newton's method)
        names = [p.name for p in problem.parameters]
        point = [number_text(v) for v in problem.start]
        start = f"{names[0]} = {point[0]}" if len(names) == 1 else \
            f"({', '.join(names)}) = ({', '.join(point)})"
    if problem.descent is not None:
        rate = number_text(problem.descent.learning_rate)
    return SheetProblem(problem.id, problem.title, left, math, written, start, rate,
                        tuple(SheetTask(t.key, t.prompt) for t in problem.tasks))


def render_sheet(view: SheetView, fmt: str, lang: str) -> str:
    return render(f"sheet.{fmt}.j2", lang, view=view)
