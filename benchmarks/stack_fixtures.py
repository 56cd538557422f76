"""grader against STACK's own answer-test fixtures: an outside yardstick.

The cases come from maths/moodle-qtype_stack, ``tests/fixtures/answertestfixtures.class.php``
at commit a14f3034 (2026-03-27), translated into grader's answer language in
``benchmarks/data/stack_answertests.yaml`` (the rows of the answer tests AlgEquiv,
NumAbsolute, NumRelative, NumDecPlaces and NumSigFigs whose expressions and matrices grader's
language can write; the file's header says how). A matrix is compared as grader compares one:
its shape first, then entry by entry. Every row where grader and STACK differ carries ``why``:
a convention named and explained in the file's ``conventions``.

    python benchmarks/stack_fixtures.py            # agreement per answer test, and differences
    python benchmarks/stack_fixtures.py --all      # every row
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import resource
import signal
import sys
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import sympy as sp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.checking.equivalence import Equivalence, compare_numbers, equivalent, make_probe
from grader.checking.judging import shape_mismatch
from grader.checking.tolerance import Tolerance
from grader.limits import DEFAULT_LIMITS
from grader.parse import ParseError, Vocabulary, read_answer
from grader.parse.answer import Value

DATA = Path(__file__).resolve().parent / "data" / "stack_answertests.yaml"
PROBE = make_probe("stack-fixtures", DEFAULT_LIMITS)
STACK_DEFAULT = Fraction(5, 100)  # NumAbsolute and NumRelative without an option
WALL_BACKSTOP = 300.0  # seconds: only for a child that is stopped; CPU time decides


@dataclass(frozen=True)
class Row:
    test: str
    student: str
    teacher: str
    stack: int            # 1 same, 0 different, -3 "mathematically the same, STACK says 0"
    options: str = ""
    grader: int | None = None   # what grader says where it differs from STACK, with why
    why: str | None = None

    @property
    def truth(self) -> int:
        return 1 if self.stack == -3 else self.stack


def load() -> tuple[dict[str, str], list[Row]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    fields = Row.__dataclass_fields__
    rows = [Row(**{k: v for k, v in item.items() if k in fields}) for item in data["rows"]]
    return data["conventions"], rows


def bounded_verdict(row: Row, seconds: float = DEFAULT_LIMITS.check_seconds) -> int | str:
    """``verdict`` in a forked process under grader's default limits, as the batch engine
    checks an answer: CPU time (so a busy machine changes no verdict) and memory. "timeout" or
    "error" when it overruns."""
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_child, args=(row, writer, seconds))
    process.start()
    writer.close()
    if reader.poll(WALL_BACKSTOP):
        try:
            return reader.recv()
        except EOFError:  # killed by its CPU limit, or crashed
            process.join()
            return "timeout" if process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL) else "error"
        finally:
            process.join()
    process.kill()
    process.join()
    return "timeout"


def _child(row: Row, writer, seconds: float) -> None:
    limit = DEFAULT_LIMITS.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = math.ceil(seconds)  # SIGXCPU at the limit, SIGKILL a second later
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        writer.send(verdict(row))
    except (MemoryError, RecursionError):
        writer.send("error")


def verdict(row: Row) -> int | str:
    """1 same, 0 different, "unproven", or "invalid" (grader cannot read it). A matrix (or a
    vector) is the same when it has the teacher's shape and every entry is the same; one
    entry that differs makes it different."""
    names = sorted({n for text in (row.student, row.teacher) for n in _names(text)})
    vocabulary = Vocabulary(variables={n: sp.Symbol(n, real=True) for n in names})
    try:
        student = read_answer(row.student, vocabulary)
        teacher = read_answer(row.teacher, vocabulary).value
    except ParseError:
        return "invalid"
    given = student.value
    if not _same_shape(given, teacher):
        return 0
    givens = given if isinstance(given, tuple) else (given,)
    expected = teacher if isinstance(teacher, tuple) else (teacher,)
    written = student.written if len(student.written) == len(givens) else (None,) * len(givens)
    outcomes = [_compare(row, g, e, w) for g, e, w in zip(givens, expected, written, strict=True)]
    if Equivalence.DIFFERENT in outcomes:
        return 0
    return 1 if all(o is Equivalence.EQUAL for o in outcomes) else "unproven"


def _same_shape(given: Value, expected: Value) -> bool:
    """grader's own shape check (a matrix of another shape, a vector or a number for a
    matrix), and a vector's length."""
    if shape_mismatch(expected, given) is not None:
        return False
    if isinstance(given, tuple) and isinstance(expected, tuple):
        return len(given) == len(expected)
    return isinstance(given, tuple) == isinstance(expected, tuple)


def _compare(row: Row, given: sp.Expr, expected: sp.Expr, written: str | None) -> Equivalence:
    if row.test == "AlgEquiv":
        return equivalent(given, expected, PROBE)
    return compare_numbers(given, expected, _tolerance(row), written)


def _names(text: str) -> list[str]:
    from grader.parse import free_names

    return [n for n in free_names(text) if n not in ("π",)]


def _tolerance(row: Row) -> Tolerance:
    option = row.options.strip()
    if row.test == "NumAbsolute":
        return Tolerance(absolute=Fraction(option) if option else STACK_DEFAULT)
    if row.test == "NumRelative":
        return Tolerance(relative=Fraction(option) if option else STACK_DEFAULT)
    if row.test == "NumDecPlaces":
        return Tolerance(decimals=int(option), written=True)
    return Tolerance(sigfigs=int(option), written=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every row")
    args = parser.parse_args()
    conventions, rows = load()
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    unexplained = 0
    for row in rows:
        said = bounded_verdict(row)
        total[row.test] += 1
        same = said == row.truth
        agree[row.test] += same
        explained = not same and row.why in conventions and said == row.grader
        if not same and not explained:
            unexplained += 1
        if args.all or not same:
            mark = "=" if same else ("~" if explained else "!")
            print(f"{mark} {row.test:<12} {row.student!s:<40} {row.teacher!s:<30} stack={row.stack:>2} "
                  f"grader={said}  {row.why or ''}", flush=True)
    print()
    print(f"{'answer test':<14}{'rows':>6}{'agree':>7}{'share':>8}")
    for test in sorted(total):
        print(f"{test:<14}{total[test]:>6}{agree[test]:>7}{agree[test] / total[test]:>8.1%}")
    everything, agreed = sum(total.values()), sum(agree.values())
    print(f"{'all':<14}{everything:>6}{agreed:>7}{agreed / everything:>8.1%}")
    print(f"differences explained by a convention: {everything - agreed - unexplained}; "
          f"unexplained: {unexplained}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
