"""Vocabularies and shortcuts shared by the tests."""

from __future__ import annotations

import dataclasses
import json
import shutil
from fractions import Fraction
from pathlib import Path

import sympy as sp

from grader.exercise import Task
from grader.exercise.find import load_exercises
from grader.limits import DEFAULT_LIMITS
from grader.parse import FunctionDefinition, Vocabulary, read_answer
from tests.conftest import ROOT

x, y, z = sp.symbols("x y z", real=True)
θ, θ0, θ1, θ2 = sp.symbols("θ θ0 θ1 θ2", real=True)
i = sp.Symbol("i", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
X, Y = sp.IndexedBase("x"), sp.IndexedBase("y")

PLAIN = Vocabulary(variables={"x": x, "y": y, "z": z})
THETAS = Vocabulary(variables={"θ": θ, "θ1": θ1, "θ2": θ2})
NUMBERS = Vocabulary()
_h_param = sp.Symbol("x", real=True)
DATA = Vocabulary(variables={"θ0": θ0, "θ1": θ1, "n": n}, data={"x": X, "y": Y}, index=i, size=n,
                  functions={"h": FunctionDefinition("h", (_h_param,), θ0 + θ1 * _h_param)})


def value(text: str, vocabulary: Vocabulary = PLAIN):
    return read_answer(text, vocabulary).value


def say(item, lang: str = "en") -> str:
    """A result's message or diagnosis in words, as a renderer words it."""
    from grader.messages import describe, describe_diagnosis
    from grader.results.model import Diagnosis

    if item is None:
        return ""
    return describe_diagnosis(item, lang) if isinstance(item, Diagnosis) else describe(item, lang)

# "It finishes, it does not hang": far beyond what any load makes of a few seconds' work, far
# below the hour a hung test would take. A bound that a busy machine could reach is no test.
FINISHES_SECONDS = 600


def exercises_with(check_seconds: float = 1.0):
    loaded = load_exercises([str(ROOT / "exercises")])
    limits = dataclasses.replace(DEFAULT_LIMITS, check_seconds=check_seconds)
    return {k: dataclasses.replace(e, limits=limits) for k, e in loaded.items()}


def submission(folder: Path, name: str, answers: dict[str, str], student: str | None = None,
               exercise: str = "partial-derivatives") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(json.dumps({"student": student or name, "exercise": exercise, "answers": answers}),
                    encoding="utf-8")
    return path


def task_for(expected: str) -> Task:
    """An ``answer:`` task about x, y, z with the given expected expression."""
    from grader.parse import read_answer

    symbols = {name: sp.Symbol(name, real=True) for name in "xyz"}
    vocabulary = Vocabulary(variables=symbols)
    return Task("t", "p", "answer", Fraction(1), read_answer(expected, vocabulary).value, False, 1,
                vocabulary=vocabulary)


def headless_chromium(window: str):
    """Debian's chromium through its chromium-driver (never a download), headless, ``window``
    wide and high ("1100,1600"): the browser the page tests look with."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={window}",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)
