"""The terminal views speak one language: the exercise's (or --lang), labels and worked steps
included."""

from __future__ import annotations

import re

import pytest

from grader.report.labels import DUTCH
from grader.report.terminal import LINE_LABELS
from tests.conftest import ROOT

ENGLISH_WORDS = re.compile(r"\b(answer|read as|note|mistake|notation|credit|expected|warning|"
                           r"your numbers|incorrect|correct|partial|missing|step \d|at θ|first variant)\b")


def test_every_label_of_the_terminal_and_the_worked_steps_is_in_the_catalog():
    looked_up = set(LINE_LABELS)
    for module in ("report/terminal.py", "exercise/solution.py", "cli.py"):
        text = (ROOT / "grader" / module).read_text(encoding="utf-8")
        looked_up |= set(re.findall(r"""\bt\(["']([^"']+)["']\)""", text))
        looked_up |= set(re.findall(r"""gettext_for\(lang\)\(["']([^"']+)["']\)""", text))
    assert len(looked_up) > 15
    assert sorted(label for label in looked_up if label not in DUTCH) == []


@pytest.mark.parametrize("args", [
    ("check", "gradient-descent", "examples/submissions/hanna.yaml", "--reveal"),
    ("check", "gradient-descent-variants", "examples/variants/tim.yaml"),
    ("check", "partial-derivatives", "examples/submissions/anouk.yaml", "--reveal"),
    ("solve", "gradient-descent"),
    ("solve", "gradient-descent-variants"),
    ("solve", "gradient-descent-variants", "--student", "s21"),
])
def test_a_dutch_exercise_gets_dutch_labels_and_steps(run, args):
    out = run(*args).stdout
    words = [w for line in out.splitlines() for w in ENGLISH_WORDS.findall(line.split("[")[0])]
    assert words == [], out


def test_english_on_request(run):
    out = run("check", "gradient-descent", "examples/submissions/hanna.yaml", "--reveal", "--lang", "en").stdout
    assert "    answer:   6\\theta" in out and "    expected: 6*θ" in out and "score: 7 / 8" in out
    solved = run("solve", "gradient-descent", "--lang", "en").stdout
    assert "∇J at θ = 4: 24" in solved and "step 1: θ = 4 − 0.1·24 = 1.6" in solved
