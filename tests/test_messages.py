"""Results carry codes and parameters; the catalogue words them, in English and Dutch."""

from __future__ import annotations

import json
import re

import sympy as sp

from grader.codes import DIAGNOSIS_CODES
from grader.exercise import Task, load_exercise
from grader.messages import CATALOGUE, FINDINGS, LANGUAGES, describe, describe_diagnosis
from grader.parse import ParseError, read_answer
from grader.results.model import Diagnosis, Message
from tests.conftest import ROOT


def test_every_sentence_exists_in_every_language():
    for table in (CATALOGUE, FINDINGS):
        for code, sentences in table.items():
            assert set(sentences) == set(LANGUAGES), code


def test_every_diagnosis_code_has_a_sentence():
    assert {code.split("/")[0] for code in FINDINGS} == set(DIAGNOSIS_CODES)


def test_results_json_carries_codes_and_parameters_never_prose():
    data = json.loads((ROOT / "tests" / "data" / "example-results.json").read_text(encoding="utf-8"))
    assert data["format"] == 2 and data["grader"]
    assert all(e["lang"] in LANGUAGES for e in data["exercises"])
    for result in data["results"]:
        for task in result["tasks"]:
            message = task["message"]
            assert message is None or set(message) == {"code", "params", "position"}
            assert all(set(d) == {"code", "params"} for d in task["diagnoses"])


def test_one_result_in_either_language():
    message = Message("unknown-name", (("name", "q"), ("known", "x, y")), 3)
    assert describe(message, "en") == "unknown name 'q'; this task knows x, y (at character 4)"
    assert describe(message, "nl") == "onbekende naam 'q'; deze opdracht kent x, y (bij teken 4)"
    slip = Diagnosis("sign-slip", (("which", "all"),))
    assert describe_diagnosis(slip, "en") == "the sign of the whole answer is flipped"
    assert describe_diagnosis(slip, "nl") == "het teken van het hele antwoord is omgedraaid"


# -- the examples inside messages ----------------------------------------------------------------
def _examples(sentence: str) -> set[str]:
    """The math a sentence shows as an example: quoted text, bracketed groups, numbers."""
    found = set(re.findall(r"'([^'{}]+)'", sentence))
    found |= set(re.findall(r"\([^(){}]*\d[^(){}]*\)", sentence))
    found |= set(re.findall(r"(?<![\w^{])[−-]?\d+(?:[.,]\d+)?(?![\w^])", sentence))
    return found


def _same(left, right) -> bool:
    lefts = left if isinstance(left, tuple) else (left,)
    rights = right if isinstance(right, tuple) else (right,)
    return len(lefts) == len(rights) and all(sp.simplify(a - b) == 0 for a, b in zip(lefts, rights, strict=True))


def _bundled_answers() -> list[tuple[str, Task]]:
    return [(f"{path.stem}:{task.key}", task) for path in sorted((ROOT / "exercises").glob("*.yaml"))
            for task in load_exercise(path).tasks]


def test_no_example_in_a_message_is_the_answer_to_a_bundled_task():
    tasks = _bundled_answers()
    sentences = [s for table in (CATALOGUE, FINDINGS) for words in table.values() for s in words.values()]
    examples = sorted({e for s in sentences for e in _examples(s)})
    assert "(3, 5)" in examples and "(3,5; 1,25)" in examples  # the extraction finds them
    given_away = []
    for example in examples:
        for name, task in tasks:
            try:
                value = read_answer(example, task.vocabulary).value
            except ParseError:
                continue
            if _same(value, task.expected):
                given_away.append((example, name))
    assert given_away == []
