"""The Newton path on the descent picture: beside gradient descent's in colours and a legend
line of its own (both languages), or alone for a problem that asks Newton steps only."""

from __future__ import annotations

import pytest
from markupsafe import escape

from grader.exercise.find import load_exercises
from grader.reading.submission import Submission
from grader.report.pictures import NEWTON, NEWTON_THEIRS, RIGHT, THEIRS
from grader.report.write import student_report
from grader.results.model import SubmissionResult
from grader.running.grade import grade_submission
from tests.conftest import ROOT

EXERCISE = load_exercises([str(ROOT / "tests" / "data" / "notes" / "newton-exercise.yaml")])["newton-notes"]
# right descent, a Newton step 1 taken as a descent step, Newton step 2 right from it
ANSWERS = {"nt1.newton1": "2.5", "nt1.newton2": "1.65", "nt2.step1": "(2.4, 1.92)", "nt2.step2": "(1.02, 1.84)",
           "nt2.newton1": "(2.4, 1.92)", "nt2.newton2": "(1.6, 0)"}


def result() -> SubmissionResult:
    tasks = tuple(grade_submission(EXERCISE, Submission("t.yaml", "s1", EXERCISE.id, ANSWERS)))
    return SubmissionResult("t.yaml", "graded", "s1", None, EXERCISE.id, 0.0, 1.0, tasks=tasks)


def pictures(html: str) -> list[str]:
    return [part.split("</svg>", 1)[0] for part in html.split("<svg ")[1:]]


@pytest.mark.parametrize("lang,words,captions", [
    ("en", ("the right path", "your path", "Newton's method", "your Newton steps"),
     ("Newton path", "Descent and Newton paths")),
    ("nl", ("het juiste pad", "jouw pad", "methode van Newton", "jouw Newton-stappen"),
     ("Pad van Newton", "Paden van de descent en van Newton")),
])
def test_the_newton_path_is_beside_the_descent_path(golden, lang, words, captions):
    html = student_report(EXERCISE, result(), "html", lang, reveal=True)
    golden(f"newton/report.{lang}.html", html)
    assert [part.split("</figcaption>")[0] for part in html.split("<figcaption>")[1:]] == list(captions)
    one, both = pictures(html)
    assert all(f">{escape(word)}</text>" in both for word in words)
    assert all(f'fill="{colour}"' in both for colour in (RIGHT, THEIRS, NEWTON, NEWTON_THEIRS))
    # the Newton-only problem: Newton's colours and legend alone
    assert f">{escape(words[2])}</text>" in one and f">{words[0]}</text>" not in one
    assert f'fill="{RIGHT}"' not in one and f'fill="{NEWTON}"' in one


def test_unrevealed_newton_steps_show_the_students_path_alone():
    html = student_report(EXERCISE, result(), "html", "en", reveal=False)
    _, both = pictures(html)
    assert ">your Newton steps</text>" in both and "Newton&#39;s method" not in both


@pytest.mark.parametrize("lang,theirs", [("en", "your Newton steps"), ("nl", "jouw Newton-stappen")])
def test_a_legend_names_no_newton_steps_of_the_student_when_none_was_answered(lang, theirs):
    answers = {k: v for k, v in ANSWERS.items() if "newton" not in k}
    tasks = tuple(grade_submission(EXERCISE, Submission("t.yaml", "s1", EXERCISE.id, answers)))
    unanswered = SubmissionResult("t.yaml", "graded", "s1", None, EXERCISE.id, 0.0, 1.0, tasks=tasks)
    html = student_report(EXERCISE, unanswered, "html", lang, reveal=True)
    assert all(escape(theirs) not in picture for picture in pictures(html))
    both = pictures(html)[-1]
    assert escape("your path" if lang == "en" else "jouw pad") in both  # their descent steps stay named
    assert escape("Newton's method" if lang == "en" else "methode van Newton") in both
