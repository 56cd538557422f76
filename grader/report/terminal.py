"""Plain-text views for a terminal: a student's self-check and the worked solution."""

from __future__ import annotations

from grader.codes import finding_role
from grader.exercise import Exercise
from grader.exercise.solution import SolvedProblem
from grader.exercise.variants import described
from grader.messages import describe, describe_diagnosis, describe_failure, elided
from grader.report.hygiene import printable
from grader.report.labels import gettext_for
from grader.results.model import SubmissionResult, TaskResult, error_text

SHOWN = 300  # characters of an answer shown, at most
MARKS = {"correct": "✓", "partial": "½", "incorrect": "✗", "missing": "·", "invalid": "?",
         "timeout": "⌛", "unproven": "~", "error": "!", "ambiguous": "⁇"}


def check_view(exercise: Exercise, result: SubmissionResult, reveal: bool | frozenset[str],
               lang: str | None = None) -> str:
    """A student's self-check; words in ``lang``, else in the exercise's language. ``reveal``:
    the expected answers of every task, or of the tasks named."""
    lang = lang or exercise.lang
    t = gettext_for(lang)
    if result.status == "error":
        return printable(f"{t('could not grade')}: {error_text(result, lang)}")  # the error names the file
    lines = [f"{exercise.title} — {printable(result.name or result.student)}", ""]
    if result.variant:  # a parameterised exercise: the student's own numbers
        lines[1:1] = [f"{t('your numbers')}: " + described(result.variant)]
    prompts = {t.key: t.prompt for t in exercise.tasks}
    verdicts = max((len(t(task.verdict)) for task in result.tasks), default=0)
    verdicts = max(verdicts, len(t("incorrect")))  # as wide as before in English
    for task in result.tasks:
        shown = reveal is True or (isinstance(reveal, frozenset) and task.task in reveal)
        lines.extend(_task_lines(task, prompts.get(task.task), shown, lang, verdicts))
    lines.append("")
    points = "–" if result.score is None else format(result.score, "g")
    score = f"{t('score')}: {points} / {result.max_score:g}"
    if result.needs_review:
        score += f" ({t('some answers could not be decided; your teacher will look at them')})"
    lines.append(score)
    lines.extend(f"{t('warning')}: {printable(w)}" for w in _warnings(result, lang))
    return "\n".join(lines)


def _warnings(result: SubmissionResult, lang: str) -> tuple[str, ...]:
    """The warnings in ``lang``; in English when they have no codes (results from before codes)."""
    if len(result.warning_messages) != len(result.warnings):
        return result.warnings
    return tuple(describe_failure(w, lang) for w in result.warning_messages)


def mapping_view(exercise: Exercise, result: SubmissionResult, lang: str = "en") -> str:
    """Where in the notes each task's answer was found, and the text taken (``--show-mapping``)."""
    if result.status == "error":
        return ""
    t = gettext_for(lang)
    lines = [f"{t('where the answers were found')}:"]
    for task in result.tasks:
        if task.found_at is not None:
            answer = elided(task.answer or "", SHOWN)
            lines.append(f"  {task.task:<16} {printable(task.found_at)}  {printable(answer)}")
        elif task.verdict == "ambiguous" and task.message is not None:
            places = dict(task.message.params).get("places", "")
            shown = elided(task.answer or "", SHOWN)
            lines.append(f"  {task.task:<16} {t('ambiguous')}: {printable(places)}  {printable(shown)}")
        else:
            lines.append(f"  {task.task:<16} {t('not found')}")
    lines.extend(f"  {t('note')}: {printable(w)}" for w in _warnings(result, lang))
    return "\n".join(lines) + "\n"


LINE_LABELS = ("answer", "read as", "note", "mistake", "notation", "credit", "expected")


def _task_lines(task: TaskResult, prompt: str | None, reveal: bool, lang: str, verdicts: int) -> list[str]:
    t = gettext_for(lang)
    width = max(len(t(label)) for label in LINE_LABELS) + 2  # the values line up in either language

    def line(label: str, text: str) -> str:
        return f"    {(t(label) + ':').ljust(width)}{text}"

    points = "–" if task.score is None else f"{task.score:g}"
    head = f"{MARKS[task.verdict]} {task.task:<16} {t(task.verdict):<{verdicts}} {points}/{task.max_score:g}"
    lines = [head + (f"   {prompt}" if prompt else "")]
    if task.answer is not None and task.answer.strip():
        lines.append(line("answer", printable(elided(task.answer, SHOWN, lang))))
    if task.read_as is not None and task.read_as.replace(" ", "") != (task.answer or "").replace(" ", ""):
        lines.append(line("read as", task.read_as))
    if task.message is not None:
        lines.append(line("note", printable(describe(task.message, lang))))
    lines.extend(line(finding_role(d.code), f"{printable(describe_diagnosis(d, lang))} [{d.code}]")
                 for d in task.diagnoses)
    if reveal:
        lines.append(line("expected", task.expected))
    return lines


def solution_view(exercise: Exercise, problems: tuple[SolvedProblem, ...]) -> str:
    """The worked solution; ``problems`` carry their words (``solve(exercise, lang)``)."""
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
