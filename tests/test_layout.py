"""The tests mirror the package: a folder of tests per stage, and shared helpers in one place."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

SHARED = {"tests.conftest", "tests.helpers", "tests.cases", "tests.hostile_corpus"}


def test_every_stage_of_the_package_has_a_folder_of_tests():
    stages = {p.parent.name for p in (ROOT / "grader").glob("*/__init__.py")}
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert stages - folders == set()


def test_tests_share_helpers_through_the_shared_modules_only():
    """A test module that imports another test module runs that module's tests' setup too, and
    a change to one test silently changes another's input."""
    borrowed = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.") \
                    and node.module not in SHARED:
                borrowed.append(f"{path.relative_to(ROOT)}: {node.module}")
    assert borrowed == []


def test_no_test_reads_a_golden_file_as_its_input():
    """Goldens are outputs: `pytest --update-goldens` must not change what another test is given.
    The one golden a test may read beside the fixture compares scores (test_hostile)."""
    readers = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if '"golden" / "example-results.json"' in text and path.name not in ("test_hostile.py", "test_layout.py"):
            readers.append(path.name)
    assert readers == []


def test_every_stage_can_be_imported_first():
    """A program that imports one stage before any other (``import grader.kinds``) must not
    meet a cycle that the package's usual order of imports hides."""
    import subprocess
    import sys

    stages = sorted(p.parent.name for p in (ROOT / "grader").glob("*/__init__.py"))
    failed = []
    for stage in stages:
        run = subprocess.run([sys.executable, "-c", f"import grader.{stage}"], cwd=ROOT, capture_output=True,
                             text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
        if run.returncode != 0:
            failed.append(f"grader.{stage}: {run.stderr.strip().splitlines()[-1]}")
    assert failed == []
