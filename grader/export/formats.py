"""The export formats, each a function of the gradebook (or the results) to the bytes a platform
imports. CSV through the csv module with formula-like cells neutralised; JSON and XML through
their standard modules."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree

from grader.export.gradebook import Gradebook, short_feedback
from grader.export.ids import canvas_ids, moodle_id
from grader.report.hygiene import csv_cell, escaped
from grader.results.model import GradeReport, SubmissionResult

CANVAS_HEAD = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def _csv(rows: list[list[object]]) -> str:
    """Scores are given as numbers (float, or None for no score) and written as numbers; every
    str is text from people and neutralised where a spreadsheet could read a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return out.getvalue()


def canvas(book: Gradebook, assignment_ids: Mapping[str, str]) -> str:
    """Canvas's gradebook import: the five identity columns, a column per exercise titled
    ``Title (assignment id)`` when the id is known, and the ``Points Possible`` row second."""
    titles = [f"{e.title} ({assignment_ids[e.id]})" if e.id in assignment_ids else e.title
              for e in book.exercises]
    rows: list[list[object]] = [[*CANVAS_HEAD, *titles],
                                ["Points Possible", "", "", "", "",
                                 *(e.max_score for e in book.exercises)]]
    for row in book.rows:
        person = row.person
        rows.append([person.name or person.id, "", *canvas_ids(person),
                     person.section, *(c.score for c in row.cells)])
    return _csv(rows)


def moodle(book: Gradebook, identifier: str = "idnumber") -> str:
    """Moodle's grade import: an identifier column and, per exercise, a grade column and a
    feedback column, always both (importing feedback alone deletes Moodle's grades)."""
    head: list[object] = [identifier]
    for exercise in book.exercises:
        head += [exercise.title, f"{exercise.title} feedback"]
    rows: list[list[object]] = [head]
    for row in book.rows:
        line: list[object] = [moodle_id(row.person, identifier)]
        for cell in row.cells:  # Moodle shows feedback as HTML: no Markdown
            line += [cell.score, "" if cell.result is None else
                     short_feedback(cell.result, cell.exercise.lang, html=True)]
        rows.append(line)
    return _csv(rows)


def plain(book: Gradebook) -> str:
    """A plain gradebook: student, name, per exercise score and max and every task's score,
    the total, the status and whether a teacher must look."""
    head: list[object] = ["student", "name"]
    tasks: dict[str, list[str]] = {}
    for row in book.rows:
        for cell in row.cells:
            if cell.result is not None:
                tasks.setdefault(cell.exercise.id, [])
                for task in cell.result.tasks:
                    if task.task not in tasks[cell.exercise.id]:
                        tasks[cell.exercise.id].append(task.task)
    for exercise in book.exercises:
        head += [f"{exercise.id} score", f"{exercise.id} max",
                 *(f"{exercise.id}:{key}" for key in tasks.get(exercise.id, []))]
    head += ["total", "status", "needs_review"]
    rows: list[list[object]] = [head]
    for row in book.rows:
        line: list[object] = [row.person.id, row.person.name]
        total = 0.0
        statuses = []
        for cell in row.cells:
            scores = {t.task: t.score for t in cell.result.tasks} if cell.result is not None else {}
            line += [cell.score, cell.exercise.max_score,
                     *(scores.get(key) for key in tasks.get(cell.exercise.id, []))]
            total += cell.score or 0.0
            statuses.append(cell.status)
        final = all(s == "graded" for s in statuses)
        review = str(any(s == "review" for s in statuses)).lower()
        line += [total if final else None, _status(statuses), review]
        rows.append(line)
    return _csv(rows)


def _status(statuses: Sequence[str]) -> str:
    for status in ("error", "review", "missing"):
        if status in statuses:
            return status
    return "graded"


def _only(result: SubmissionResult, key: str) -> SubmissionResult:
    from dataclasses import replace

    return replace(result, tasks=tuple(t for t in result.tasks if t.task == key))


def lti(book: Gradebook, timestamp: str) -> str:
    """One LTI 1.3 Assignment-and-Grade-Services score object per person and exercise (JSON
    Lines). A score is given only when it is final: PendingManual for a teacher's look, Failed
    for what could not be graded, NotReady for no submission."""
    lines = []
    for row in book.rows:
        for cell in row.cells:
            score: dict[str, object] = {"userId": row.person.id}
            progress = {"graded": ("Completed", "FullyGraded"), "review": ("Submitted", "PendingManual"),
                        "error": ("Submitted", "Failed"), "missing": ("Initialized", "NotReady")}
            activity, grading = progress[cell.status]
            if cell.score is not None:
                score["scoreGiven"] = cell.score
            score["scoreMaximum"] = cell.exercise.max_score
            if cell.result is not None:
                score["comment"] = cell.feedback
            score |= {"timestamp": timestamp, "activityProgress": activity, "gradingProgress": grading,
                      "grader:exercise": cell.exercise.id}
            lines.append(json.dumps(score, ensure_ascii=False, sort_keys=False))
    return "".join(line + "\n" for line in lines)


def junit(report: GradeReport, languages: Mapping[str, str]) -> str:
    """JUnit XML: a test suite per submission, a test case per task: failure for a wrong
    answer (with the diagnosis), error for one that could not be graded, skipped for an
    unscored one."""
    root = ElementTree.Element("testsuites", name="grader")
    for result in sorted(report.results, key=lambda r: r.sort_key):
        lang = languages.get(result.exercise or "", "en")
        suite = ElementTree.SubElement(root, "testsuite", name=f"{result.student or result.submission}"
                                       f" / {result.exercise or '?'}")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if result.status == "error":
            case = ElementTree.SubElement(suite, "testcase", classname=result.exercise or "grader",
                                          name="submission")
            ElementTree.SubElement(case, "error", message=result.error or "could not be graded")
            counts["tests"], counts["errors"] = 1, 1
        for task in result.tasks:
            case = ElementTree.SubElement(suite, "testcase", classname=result.exercise or "", name=task.task)
            counts["tests"] += 1
            text = short_feedback(_only(result, task.task), lang, markdown=False)
            if task.verdict in ("timeout", "error"):
                ElementTree.SubElement(case, "error", message=task.verdict).text = text
                counts["errors"] += 1
            elif task.verdict in ("unproven", "ambiguous"):
                ElementTree.SubElement(case, "skipped",
                                       message=f"{task.verdict}: flagged for review").text = text
                counts["skipped"] += 1
            elif task.verdict != "correct":
                ElementTree.SubElement(case, "failure", message=task.verdict).text = text
                counts["failures"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
    ElementTree.indent(root)
    return _xml_characters(ElementTree.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


# What XML 1.0 cannot hold even as a character reference: the C0 controls but tab and line
# ends (a file name with ESC or BEL), and U+FFFE/U+FFFF. ElementTree writes them raw.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_characters(text: str) -> str:
    """``text`` (serialised XML) with every character XML cannot hold as its visible escape
    (``\\x1b``), as the terminal shows it: ElementTree writes none of them as markup, so the
    whole text can be mended at once."""
    return escaped(_NOT_XML, text)
