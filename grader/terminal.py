"""Plain-text views for a terminal: a student's self-check and the worked solution."""

from __future__ import annotations

from grader.exercise import Exercise
from grader.exercise.variants import described
from grader.hygiene import printable
from grader.messages import describe, describe_diagnosis, elided
from grader.results import SubmissionResult, TaskResult
from grader.solution import SolvedProblem

SHOWN = 300  # characters of an answer shown, at most
MARKS = {"correct": "✓", "partial": "½", "incorrect": "✗", "missing": "·", "invalid": "?",
         "timeout": "⌛", "unproven": "~", "error": "!", "ambiguous": "⁇"}


def check_view(exercise: Exercise, result: SubmissionResult, reveal: bool | frozenset[str],
               lang: str | None = None) -> str:
    """A student's self-check; words in ``lang``, else in the exercise's language. ``reveal``:
    the expected answers of every task, or of the tasks named."""
    lang = lang or exercise.lang
    if result.status == "error":
        return printable(f"could not grade: {result.error}")  # the error names the file
    lines = [f"{exercise.title} — {printable(result.name or result.student)}", ""]
    if result.variant:  # a parameterised exercise: the student's own numbers
        lines[1:1] = ["your numbers: " + described(result.variant)]
    prompts = {t.key: t.prompt for t in exercise.tasks}
    for task in result.tasks:
        shown = reveal is True or (isinstance(reveal, frozenset) and task.task in reveal)
        lines.extend(_task_lines(task, prompts.get(task.task), shown, lang))
    lines.append("")
    score = f"score: {'–' if result.score is None else format(result.score, 'g')} / {result.max_score:g}"
    if result.needs_review:
        score += " (some answers could not be decided; your teacher will look at them)"
    lines.append(score)
    lines.extend(f"warning: {printable(w)}" for w in result.warnings)
    return "\n".join(lines)


def mapping_view(exercise: Exercise, result: SubmissionResult) -> str:
    """Where in the notes each task's answer was found, and the text taken (``--show-mapping``)."""
    if result.status == "error":
        return ""
    lines = ["where the answers were found:"]
    for task in result.tasks:
        if task.found_at is not None:
            answer = elided(task.answer or "", SHOWN)
            lines.append(f"  {task.task:<16} {printable(task.found_at)}  {printable(answer)}")
        elif task.verdict == "ambiguous" and task.message is not None:
            places = dict(task.message.params).get("places", "")
            lines.append(f"  {task.task:<16} ambiguous: {printable(places)}")
        else:
            lines.append(f"  {task.task:<16} not found")
    lines.extend(f"  note: {printable(w)}" for w in result.warnings)
    return "\n".join(lines) + "\n"


def _task_lines(task: TaskResult, prompt: str | None, reveal: bool, lang: str) -> list[str]:
    points = "–" if task.score is None else f"{task.score:g}"
    head = f"{MARKS[task.verdict]} {task.task:<16} {task.verdict:<9} {points}/{task.max_score:g}"
    lines = [head + (f"   {prompt}" if prompt else "")]
    if task.answer is not None and task.answer.strip():
        lines.append(f"    answer:   {printable(elided(task.answer, SHOWN, lang))}")
    if task.read_as is not None and task.read_as.replace(" ", "") != (task.answer or "").replace(" ", ""):
        lines.append(f"    read as:  {task.read_as}")
    if task.message is not None:
        lines.append(f"    note:     {printable(describe(task.message, lang))}")
    lines.extend(f"    {_label(d.code)}{printable(describe_diagnosis(d, lang))} [{d.code}]"
                 for d in task.diagnoses)
    if reveal:
        lines.append(f"    expected: {task.expected}")
    return lines


def _label(code: str) -> str:
    if code == "negative-base-notation":
        return "notation: "
    if code == "carried-error":
        return "credit:   "
    return "mistake:  "


def solution_view(exercise: Exercise, problems: tuple[SolvedProblem, ...]) -> str:
    lines = [exercise.title, ""]
    for problem in problems:
        lines.append(f"{problem.id}: {problem.function}" if problem.function else problem.id)
        for task in problem.tasks:
            prompt = f"  ({task.prompt})" if task.prompt else ""
            lines.append(f"  {task.task}{prompt}")
            lines.extend(f"      {w}" for w in task.working)
            lines.append(f"      = {task.expected}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
