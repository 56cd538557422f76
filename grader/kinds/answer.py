"""``answer: "..."``: what the teacher wrote is the expected answer (with ``variables: [...]``
for the names it may use). A number's mistakes are a sign slip or a rounding; an expression's a
sign slip or a constant factor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader.diagnose.engine import Context, as_point, number_findings, unpoint
from grader.diagnose.models import Candidate, Finding
from grader.kinds.base import Expected, Kind, Reading
from grader.parse import Vocabulary, free_names
from grader.parse.answer import Value
from grader.parse.vocabulary import comma_or_thousands, unit_word

if TYPE_CHECKING:
    from grader.exercise.model import Task
    from grader.reading.yamlio import LineMap


class Answer(Kind):
    name = "answer"
    schema: ClassVar[dict[str, Any]] = {"anyOf": [{"type": "string"}, {"type": "number"}]}

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        vocabulary = reading.vocabulary
        if "variables" not in data and not vocabulary.variables:
            # answer: "(x-1)^2" on its own is about x: take the names the teacher wrote
            inferred = {n: sp.Symbol(n, real=True)
                        for n in free_names(str(given), reading.exercise_parameters)}
            word = unit_word(str(given), reading.exercise_parameters)
            if word is not None:
                reading.warn(line, f"answer '{given}': '{word}' is read as the variables "
                                   f"{'·'.join(word)} multiplied together; if it is a unit, write "
                                   f"\\text{{{word}}} (a unit is not checked) or leave it out")
            vocabulary = Vocabulary(inferred, vocabulary.data, vocabulary.index, vocabulary.size,
                                    vocabulary.functions)
        if "variables" in data:
            extra = {n: sp.Symbol(n, real=True) for n in reading.names(data, "variables")}
            vocabulary = Vocabulary({**vocabulary.variables, **extra}, vocabulary.data,
                                    vocabulary.index, vocabulary.size, vocabulary.functions)
        value = reading.value(str(given), vocabulary, line, "answer")
        if value is None:
            return None
        grouped = comma_or_thousands(str(given))
        if grouped is not None:
            reading.warn(line, f"answer '{given}': {grouped} is read with a decimal comma, as "
                               f"{grouped.replace('{,}', '.').replace(',', '.')}; for a thousands "
                               f"separator write the number without it")
        parts: tuple[sp.Expr, ...] = value if isinstance(value, tuple) else (value,)
        numeric = all(not p.free_symbols for p in parts)
        return Expected(value, numeric, vocabulary=vocabulary)

    def findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        if task.numeric:
            return number_findings(task, given)
        return super().findings(task, given, context)

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        expected = as_point(task.expected)
        return [] if expected is None or not task.numeric else \
            [Candidate("sign-slip", unpoint(tuple(-e for e in expected)), (("which", "all"),))]
