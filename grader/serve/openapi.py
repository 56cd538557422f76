"""The OpenAPI description of the JSON API, served at ``/api/openapi.json``. A test keeps it
equal to the routes (every route described) and checks answers against its schemas."""

from __future__ import annotations

from functools import cache
from typing import Any

from grader.codes import VERDICTS

TEXT: dict[str, Any] = {"type": "string"}
NULLABLE_TEXT: dict[str, Any] = {"type": ["string", "null"]}
NUMBER: dict[str, Any] = {"type": ["number", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int, **instead: str) -> dict[str, Any]:
    """The error answers of ``statuses``; ``instead``: another description (``s503=...``)."""
    said = {400: "malformed: not JSON, not UTF-8, a field missing, unknown or of the wrong type",
            403: "the token is no student's of this class (nothing was stored)",
            404: "no such exercise or task",
            408: "the body took longer than the server waits for it (the connection is closed)", 413: "the body, an answer or the notes are too large",
            422: "well formed but not readable: notes that cannot be read, notes naming another "
                 "exercise or student than the request, a student whose numbers cannot be made", 429: "too many requests, or checks running, from this address "
                 "(Retry-After says when to try again)",
            503: "every checking worker is busy and the queue is full (Retry-After says when to try again)"}
    return {str(status): _json(_ref("Error"), instead.get(f"s{status}", said[status])) for status in statuses}


PERSONAL_LINK = ("a variant exercise's numbers are a student's own: name the student with their token (a "
                 "personal link's), not with 'student', unless the server runs with --open-variants; or the "
                 "token is no student's of this class")

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "additionalProperties": False, "properties": {
        "error": {"type": "object", "required": ["code", "message"], "additionalProperties": False,
                  "properties": {"code": TEXT, "message": TEXT}}}},
    "ExerciseSummary": {"type": "object", "required": ["id", "title", "lang", "variants", "tasks", "max_score"],
                        "additionalProperties": False, "properties": {
        "id": TEXT, "title": TEXT, "lang": {"enum": ["en", "nl"]}, "variants": {"type": "boolean"},
        "tasks": {"type": "integer"}, "max_score": {"type": "number"}}},
    "Sheet": {"type": "object", "additionalProperties": False,
              "required": ["id", "title", "lang", "description", "variants", "student", "your_numbers",
                           "max_score", "problems"], "properties": {
        "id": TEXT, "title": TEXT, "lang": {"enum": ["en", "nl"]}, "description": NULLABLE_TEXT,
        "variants": {"type": "boolean"}, "student": NULLABLE_TEXT,
        "your_numbers": {"description": "the student's own numbers, as 'a = 3, s = -8'", **NULLABLE_TEXT},
        "max_score": {"type": "number"},
        "problems": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                     "required": ["id", "title", "function", "function_mathml", "start", "learning_rate", "tasks"],
                     "properties": {
            "id": TEXT, "title": NULLABLE_TEXT,
            "function": {"description": "the function in LaTeX, both sides", **NULLABLE_TEXT},
            "function_mathml": NULLABLE_TEXT, "start": NULLABLE_TEXT, "learning_rate": NULLABLE_TEXT,
            "tasks": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                      "required": ["key", "prompt", "max_score"],
                      "properties": {"key": TEXT, "prompt": NULLABLE_TEXT, "max_score": {"type": "number"}}}}}}}}},
    "ValidateRequest": {"type": "object", "required": ["exercise", "task", "answer"], "additionalProperties": False,
                        "properties": {"exercise": TEXT, "task": TEXT, "answer": TEXT, "student": NULLABLE_TEXT,
                                       "token": NULLABLE_TEXT}},
    "Validation": {"type": "object", "additionalProperties": False,
                   "required": ["exercise", "task", "answer", "valid", "read_as", "mathml", "error"], "properties": {
        "exercise": TEXT, "task": TEXT, "answer": TEXT,
        "valid": {"type": "boolean", "description": "false for an empty answer or one that does not read"},
        "read_as": {"description": "the answer as grader read it (as `grader check` shows it)", **NULLABLE_TEXT},
        "mathml": {"description": "a <math> element of the answer as read", **NULLABLE_TEXT},
        "error": {"oneOf": [{"type": "null"}, {"type": "object", "additionalProperties": False,
                  "required": ["code", "message", "position"], "properties": {
                      "code": TEXT, "message": TEXT,
                      "position": {"type": ["integer", "null"],
                                   "description": "0-based character of the answer the error is about"}}}]}}},
    "CheckRequest": {"oneOf": [
        {"type": "object", "required": ["exercise", "answers"], "additionalProperties": False, "properties": {
            "exercise": TEXT, "student": NULLABLE_TEXT, "token": NULLABLE_TEXT,
            "answers": {"type": "object", "additionalProperties": TEXT}}},
        {"type": "object", "required": ["exercise", "notes", "format"], "additionalProperties": False,
         "properties": {"exercise": TEXT, "student": NULLABLE_TEXT, "token": NULLABLE_TEXT, "notes": TEXT,
                        "format": {"enum": ["md", "ipynb"]}}}]},
    "HandInRequest": {"oneOf": [
        {"type": "object", "required": ["token", "exercise", "answers"], "additionalProperties": False,
         "properties": {"token": TEXT, "exercise": TEXT, "answers": {"type": "object", "additionalProperties": TEXT}}},
        {"type": "object", "required": ["token", "exercise", "notes", "format"], "additionalProperties": False,
         "properties": {"token": TEXT, "exercise": TEXT, "notes": TEXT, "format": {"enum": ["md", "ipynb"]}}}]},
    "Receipt": {"type": "object", "required": ["student", "exercise", "time", "sha256"], "additionalProperties": False,
                "properties": {
        "student": {"description": "the token's student, as the roster has the id", **TEXT}, "exercise": TEXT,
        "time": {"description": "when it was stored, UTC, ISO 8601 (2026-12-05T12:00:00Z)", **TEXT},
        "sha256": {"description": "the SHA-256 of the stored file's bytes, hex", "type": "string",
                   "pattern": "^[0-9a-f]{64}$"}}},
    "Diagnosis": {"type": "object", "required": ["code", "params"], "properties": {
        "code": TEXT, "params": {"type": "object", "additionalProperties": TEXT}}},
    "TaskCheck": {"type": "object", "required": ["task", "verdict", "score", "max_score", "answer", "read_as",
                                                 "expected", "diagnoses", "message"], "properties": {
        "task": TEXT, "verdict": {"enum": list(VERDICTS)}, "score": NUMBER, "max_score": {"type": "number"},
        "answer": NULLABLE_TEXT, "read_as": NULLABLE_TEXT,
        "expected": {"description": "null unless the exercise or the server reveals it", **NULLABLE_TEXT},
        "diagnoses": {"type": "array", "items": _ref("Diagnosis")},
        "message": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["code"]}]},
        "found_at": {"description": "where in the notes the answer was found", **NULLABLE_TEXT}}},
    "Check": {"type": "object", "required": ["submission", "status", "student", "exercise", "score", "max_score",
                                             "needs_review", "tasks", "lang", "feedback"], "properties": {
        "submission": TEXT, "status": {"enum": ["graded"]}, "student": NULLABLE_TEXT, "name": NULLABLE_TEXT,
        "exercise": TEXT, "score": NUMBER, "max_score": NUMBER, "needs_review": {"type": "boolean"},
        "tasks": {"type": "array", "items": _ref("TaskCheck")}, "lang": {"enum": ["en", "nl"]},
        "feedback": {"type": "object", "description": "per task, its note and diagnoses in words, in the "
                     "exercise's language", "additionalProperties": {"type": "array", "items": TEXT}}}},
}

STUDENT = {"name": "student", "in": "query", "required": False, "schema": TEXT,
           "description": "whose numbers, for an exercise with variants: only on a server started with "
                          "--open-variants (403 otherwise: use the student's token)"}
TOKEN = {"name": "token", "in": "query", "required": False, "schema": TEXT,
         "description": "a student's personal token (grader tokens): their numbers, for an exercise with "
                        "variants; on a server with personal links (--collect or --tokens)"}
EXERCISE = {"name": "exercise", "in": "path", "required": True, "schema": TEXT}


HAND_IN = {"post": {
    "summary": "Hand in answers or notes with a student's token (collect mode only: 404 otherwise); "
               "the later hand-in is the one graded, every one is kept",
    "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("HandInRequest")}}},
    "responses": {"200": _json(_ref("Receipt"), "stored: the receipt"),
                  **_errors(400, 403, 404, 408, 413, 422, 429, 503,
                            s422="well formed but not stored as it is: no answers, notes that do not read",
                            s503="the hand-in cannot be written (the server's disk); nothing was changed")}}}


@cache
def openapi(hand_in: bool = False) -> dict[str, Any]:
    """The description; ``hand_in``: with collect mode's ``/api/hand-in``."""
    from grader import __version__

    return {
        "openapi": "3.1.0",
        "info": {"title": "grader", "version": __version__,
                 "description": "Self-checks of calculus and optimisation answers: the sheet, a preview "
                                "of how an answer reads, and the check `grader check --json` makes."},
        "paths": {
            "/api/exercises": {"get": {"summary": "The exercises this server offers", "responses": {
                "200": _json({"type": "object", "required": ["exercises"], "additionalProperties": False,
                              "properties": {"exercises": {"type": "array", "items": _ref("ExerciseSummary")}}},
                             "the exercises"), **_errors(429)}}},
            "/api/exercises/{exercise}": {"get": {
                "summary": "The sheet of an exercise, with a student's own numbers",
                "parameters": [EXERCISE, STUDENT, TOKEN],
                "responses": {"200": _json(_ref("Sheet"), "the sheet; never an expected answer"),
                              **_errors(400, 403, 404, 422, 429, s403=PERSONAL_LINK)}}},
            "/api/validate": {"post": {
                "summary": "How an answer reads (for a preview while typing): no verdict, no expected answer",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("ValidateRequest")}}},
                "responses": {"200": _json(_ref("Validation"), "the answer as read, or why it does not read"),
                              **_errors(400, 403, 404, 408, 413, 422, 429, s403=PERSONAL_LINK)}}},
            "/api/check": {"post": {
                "summary": "Check answers, or notes (Markdown, a notebook), as `grader check --json` does",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CheckRequest")}}},
                "responses": {"200": _json(_ref("Check"), "the check"),
                              **_errors(400, 403, 404, 408, 413, 422, 429, 503, s403=PERSONAL_LINK)}}},
            "/api/openapi.json": {"get": {"summary": "This description", "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
                **_errors(429)}}},
            **({"/api/hand-in": HAND_IN} if hand_in else {}),
        },
        "components": {"schemas": SCHEMAS},
    }
