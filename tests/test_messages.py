"""Results carry codes and parameters; the catalogue words them, in English and Dutch."""

from __future__ import annotations

import json

from grader.codes import DIAGNOSIS_CODES
from grader.messages import CATALOGUE, FINDINGS, LANGUAGES, describe, describe_diagnosis
from grader.results import Diagnosis, Message
from tests.conftest import GOLDEN


def test_every_sentence_exists_in_every_language():
    for table in (CATALOGUE, FINDINGS):
        for code, sentences in table.items():
            assert set(sentences) == set(LANGUAGES), code


def test_every_diagnosis_code_has_a_sentence():
    assert {code.split("/")[0] for code in FINDINGS} == set(DIAGNOSIS_CODES)


def test_results_json_carries_codes_and_parameters_never_prose():
    data = json.loads((GOLDEN / "example-results.json").read_text(encoding="utf-8"))
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
