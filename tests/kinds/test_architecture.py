"""What a kind of task means lives in its kind (grader/kinds/): no other module tells kinds
apart by their names. Checked over the source, so a ``task.kind == "slope"`` added anywhere
else fails here."""

from __future__ import annotations

import ast

import pytest

from grader.kinds import KINDS
from tests.conftest import ROOT

NAMES = frozenset(KINDS)


def _mentions_kind(node: ast.expr) -> bool:
    """``task.kind``, ``kind``, ``kinds[0]``, ``t.kind.lower()``: an expression about a kind."""
    return any((isinstance(n, ast.Attribute) and n.attr == "kind") or
               (isinstance(n, ast.Name) and "kind" in n.id.lower()) for n in ast.walk(node))


def _kind_names(node: ast.expr) -> set[str]:
    """The kind names ``node`` writes out: ``"slope"``, or ``("slope", "step")``."""
    items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return {i.value for i in items if isinstance(i, ast.Constant) and i.value in NAMES}


def comparisons_with_kind_names(source: str) -> list[tuple[int, str]]:
    """(line, names) of each comparison of a kind with a literal kind name in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            named = set().union(*(_kind_names(o) for o in operands))
            if named and any(_mentions_kind(o) for o in operands if not _kind_names(o)):
                found.append((node.lineno, ", ".join(sorted(named))))
    return found


def test_no_module_outside_the_kinds_package_tells_kinds_apart_by_name():
    offending = []
    for path in sorted((ROOT / "grader").rglob("*.py")):
        if (ROOT / "grader" / "kinds") in path.parents:
            continue
        for line, names in comparisons_with_kind_names(path.read_text(encoding="utf-8")):
            offending.append(f"{path.relative_to(ROOT)}:{line}: {names}")
    assert offending == []


@pytest.mark.parametrize("source", [
    'if task.kind == "derivative": pass',
    'if t.kind in ("slope", "step"): pass',
    'x = [t for t in tasks if t.kind != "gradient"]',
    'if "answer" == kind: pass',
    'if kinds[0] in {"step"}: pass',
])
def test_the_check_finds_a_kind_told_apart_by_name(source):
    assert comparisons_with_kind_names(source) != []


@pytest.mark.parametrize("source", [
    'if clash.kind == "hides": pass',         # diagnosability's clash kinds are no task kinds
    'if token.kind == "number": pass',        # nor are the parser's token kinds
    'if role_of(task) is Role.ITERATE: pass',
    'if name == "step": pass',                # a word that is no kind of a task
])
def test_the_check_leaves_other_comparisons_alone(source):
    assert comparisons_with_kind_names(source) == []
