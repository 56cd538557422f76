"""JSON Schemas of grader's file formats, for editors: ``grader schema exercise`` and
``grader schema submission`` print them, and a ``# yaml-language-server: $schema=…`` line in a
file gives a teacher completion and validation while typing. The schemas follow the reader
(``exercise.reader``, ``submission``); a test validates every bundled file against them."""

from __future__ import annotations

import json
from typing import Any

from grader.codes import DIAGNOSIS_CODES, REVEAL_POLICIES
from grader.exercise.reader import EXERCISE_KEYS, PROBLEM_KEYS, task_keys
from grader.kinds import KINDS
from grader.limits import Limits
from grader.messages import LANGUAGES
from grader.reading.submission import SUBMISSION_KEYS

SCHEMAS = ("exercise", "submission")  # the files a schema describes

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]*$"}
NUMBER = {"anyOf": [{"type": "number"}, {"type": "string"}],
          "description": "a number as written: 0.1, 1/10, 1e-1 (read exactly)"}
UNIT = {**NUMBER, "description": "a number from 0 to 1"}
NAMES = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
TOLERANCE = {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {"abs": NUMBER, "rel": NUMBER,
                   "decimals": {"type": "integer", "minimum": 0, "maximum": 12},
                   "sigfigs": {"type": "integer", "minimum": 1, "maximum": 15},
                   "written": {"type": "boolean"}},
}
CREDIT = {"type": "object", "additionalProperties": False,
          "properties": {code: UNIT for code in DIAGNOSIS_CODES},
          "description": "points for an answer whose only fault is that mistake, e.g. {rounding: 0.5}"}
VALUES = {"type": "array", "minItems": 1, "items": NUMBER}
PARAMETERS = {
    "type": "object", "minProperties": 1,
    "additionalProperties": {
        "type": "object", "additionalProperties": False,
        "properties": {"integers": {"type": "array", "minItems": 2, "maxItems": 2,
                                    "items": {"type": "integer"}},
                       "choose": VALUES, "not": VALUES},
        "oneOf": [{"required": ["integers"]}, {"required": ["choose"]}]},
    "description": "per-student variants: a: {integers: [2, 6]}, lr: {choose: [0.1, 0.05]}",
}


def exercise_schema() -> dict[str, Any]:
    kinds = {name: kind.schema for name, kind in KINDS.items()}  # each kind says what its key takes
    task = {
        "type": "object", "additionalProperties": False, "required": ["id"],
        "properties": {"id": ID, "title": {"type": "string"}, "prompt": {"type": "string"}, "points": NUMBER,
                       "tolerance": TOLERANCE, "expected": {"type": ["string", "number"]},
                       "variables": NAMES, "vector_credit": {"enum": ["proportional", "all"]},
                       "follow_through": UNIT, "partial_credit": CREDIT, **kinds},
        "oneOf": [{"required": [kind]} for kind in KINDS],
    }
    problem = {
        "type": "object", "additionalProperties": False, "required": ["id", "tasks"],
        "properties": {"id": ID, "title": {"type": "string"}, "text": {"type": "string"},
                       "function": {"type": "string", "description": "Z(x, y) = x^4 + x^3 y^2"},
                       "variables": NAMES, "define": NAMES, "data": NAMES, "index": {"type": "string"},
                       "size": {"type": "string"},
                       "start": {"anyOf": [NUMBER, {"type": "array", "items": NUMBER},
                                           {"type": "object", "additionalProperties": NUMBER}]},
                       "learning_rate": NUMBER, "tolerance": TOLERANCE, "follow_through": UNIT,
                       "converges": {"type": "boolean",
                                     "description": "validate checks that each asked step lowers J"},
                       "partial_credit": CREDIT, "tasks": {"type": "array", "minItems": 1, "items": task}},
    }
    positive = {"type": "number", "exclusiveMinimum": 0}
    limits = {"type": "object", "additionalProperties": False,
              "properties": dict.fromkeys(Limits.field_types(), positive)}
    schema = {
        "$schema": DRAFT, "title": "grader exercise", "type": "object", "additionalProperties": False,
        "required": ["id", "title", "problems"],
        "properties": {"id": ID, "title": {"type": "string"}, "lang": {"enum": list(LANGUAGES)},
                       "description": {"type": "string"}, "tolerance": TOLERANCE, "limits": limits,
                       "follow_through": UNIT, "partial_credit": CREDIT,
                       "parameters": PARAMETERS,
                       "where": {**NAMES, "description": "constraints between parameters, e.g. a != -b"},
                       "variant_seed": {"type": ["string", "number"]},
                       "feedback": {"type": "object", "additionalProperties": False,
                                    "properties": {"reveal": {"enum": list(REVEAL_POLICIES)}},
                                    "description": "what a self-check (grader check) shows"},
                       "problems": {"type": "array", "minItems": 1, "items": problem}},
    }
    _agree(schema, EXERCISE_KEYS, problem, PROBLEM_KEYS, task, task_keys())
    return schema


def submission_schema() -> dict[str, Any]:
    answer = {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"},
                        {"type": "array", "items": {"type": ["string", "number"]}}]}
    schema: dict[str, Any] = {
        "$schema": DRAFT, "title": "grader submission", "type": "object", "additionalProperties": False,
        "required": ["student", "exercise"],
        "properties": {"student": {"type": "string", "minLength": 1, "maxLength": 200,
                                   "description": "the student id, as text: quote 0123"},
                       "name": {"type": "string"}, "exercise": {"type": "string"},
                       "answers": {"type": "object", "additionalProperties": answer,
                                   "description": "PROBLEM.TASK: answer"}},
    }
    assert set(schema["properties"]) == set(SUBMISSION_KEYS)
    return schema


def _agree(exercise: dict[str, Any], exercise_keys: set[str], problem: dict[str, Any],
           problem_keys: set[str], task: dict[str, Any], task_keys: set[str]) -> None:
    """The schema names exactly the keys the reader accepts (so neither drifts from the other)."""
    assert set(exercise["properties"]) == exercise_keys
    assert set(problem["properties"]) == problem_keys
    assert set(task["properties"]) == task_keys


def schema_json(which: str) -> str:
    schema = exercise_schema() if which == "exercise" else submission_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
