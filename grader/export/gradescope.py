"""Gradescope's autograder ``results.json`` for one submission, by Gradescope's spec: a test
per task, feedback in Markdown, and a ``score`` whenever some test has none (the spec requires
it then). Gradescope has no "not graded": a submission that could not be graded, or that needs
a teacher's look, still gets a score, and the output says in its first line that this score is
no grade (never a silent 0). ``extra_data.grader_status`` carries the same for a teacher's
scripts: ``graded``, ``review`` or ``error``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from grader.export.gradebook import short_feedback
from grader.messages import describe, elided
from grader.report.hygiene import markdown_code, markdown_text, printable
from grader.report.labels import gettext_for
from grader.results.model import Message, SubmissionResult, TaskResult, error_text

SHOWN_ANSWER = 300  # characters of an answer shown in a test's output
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def results_json(result: SubmissionResult, lang: str, notes: tuple[Message, ...] = (),
                 reason: Message | None = None) -> str:
    """The results.json text; ``notes`` (the upload's, e.g. files that were not read) open the
    top-level output, in ``lang``; ``reason`` words why a result is not graded, in place of its
    ``error`` (which is English, and may name a file)."""
    status = grader_status(result)
    lines = [describe(note, lang) for note in notes]
    if status == "error":
        lines.insert(0, describe(Message("gradescope-not-graded"), lang))
        shown = markdown_text(printable(error_text(result, lang)))
        why = describe(reason, lang) if reason is not None else shown
        lines.append(f"{gettext_for(lang)('could not be graded')}: {why}")
        data: dict[str, object] = {
            "score": 0.0, "output": _paragraphs(lines), "output_format": "md", "visibility": "visible",
            "tests": [{"name": "grader", "status": "failed", "output": why, "output_format": "md",
                       "visibility": "visible"}],
            "extra_data": {"grader_status": status}}
        return _dumps(data)
    if status == "review":
        flagged = sum(1 for t in result.tasks if t.score is None)
        lines.insert(0, describe(Message("gradescope-not-final", (("count", str(flagged)),)), lang))
    tests = [_test(number, task, result, lang) for number, task in enumerate(result.tasks, 1)]
    data = {"score": result.score or 0.0}
    if lines:
        data["output"] = _paragraphs(lines)
    data |= {"output_format": "md", "visibility": "visible", "tests": tests,
             "extra_data": {"grader_status": status}}
    return _dumps(data)


def grader_status(result: SubmissionResult) -> str:
    """``error`` (not graded), ``review`` (a task or the whole needs a teacher), ``graded``."""
    if result.status == "error":
        return "error"
    if result.needs_review or result.score is None or any(t.score is None for t in result.tasks):
        return "review"
    return "graded"


def _test(number: int, task: TaskResult, result: SubmissionResult, lang: str) -> dict[str, object]:
    """One task as a test: scored tasks carry score and max_score and pass only when correct;
    a task left to the teacher carries neither, and no status (it has not failed)."""
    test: dict[str, object] = {"name": task.task, "number": str(number)}
    if task.score is not None:
        test |= {"score": task.score, "max_score": task.max_score,
                 "status": "passed" if task.verdict == "correct" else "failed"}
    output = short_feedback(replace(result, tasks=(task,)), lang)
    read = how_it_was_read(task, lang)
    test |= {"output": output + ("\n\n" + read if read else ""), "output_format": "md",
             "visibility": "visible"}
    return test


def how_it_was_read(task: TaskResult, lang: str) -> str:
    """``Your answer: `…` · Read as: `…```: the answer as written and as grader read it, so a
    student sees when the reading, not the math, was the problem (and, in notes, where it was
    found)."""
    words = gettext_for(lang)
    if task.answer is None:
        return ""
    text = f"{words('Your answer')}: {code_span(elided(task.answer, SHOWN_ANSWER, lang))}"
    if task.read_as is not None and task.read_as != task.answer:
        text += f" · {words('Read as')}: {code_span(elided(task.read_as, SHOWN_ANSWER, lang))}"
    if task.found_at is not None:
        text += f" · {words('Found at')}: {code_span(task.found_at)}"
    return text


def code_span(text: str) -> str:
    """``text`` as a Markdown code span that no backtick inside can close, on one line, with
    control characters shown as their escapes."""
    return markdown_code(printable(" ".join(text.split()))) or "` `"


def _paragraphs(lines: list[str]) -> str:
    return "\n\n".join(lines)


def _dumps(data: dict[str, object]) -> str:
    """JSON in UTF-8: a lone surrogate (a file name that is not UTF-8, a JSON ``"\\ud800"``)
    cannot be encoded, so it is written as the text ``\\udce9``: Gradescope's reader need not
    take a lone surrogate, even escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _LONE_SURROGATE.sub(lambda m: f"\\\\u{ord(m.group()):04x}", text)
