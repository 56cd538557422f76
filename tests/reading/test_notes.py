"""A student's own notes as a submission: the seed notes verbatim grade as their hand
transcription does; notes in other styles (English, reordered, answers inside sentences, a
notebook, a task left out, an answer given twice, hostile Markdown) map as the golden files say."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import GraderError
from grader.exercise.find import load_exercises
from grader.messages import describe_failure
from grader.reading.notemap import map_notes
from grader.reading.notes import clean_math, equations, read_markdown
from grader.reading.submission import read_submission
from grader.report.terminal import mapping_view
from grader.running.batch import Engine, Reading
from grader.running.classrun import grade_class
from tests.conftest import ROOT
from tests.helpers import say

NOTES = ROOT / "tests" / "data" / "notes"
SEED = ROOT / "examples" / "notes" / "seed-notes.md"
TRANSCRIBED = {"gradient-descent": ROOT / "examples" / "submissions" / "hanna.yaml",
               "partial-derivatives": ROOT / "examples" / "notes" / "hanna-partial-derivatives.yaml",
               "linear-cost": ROOT / "examples" / "notes" / "hanna-linear-cost.yaml"}


def verdicts(result):
    return [(t.task, t.verdict, t.score, [(d.code, d.params) for d in t.diagnoses]) for t in result.tasks]


@pytest.mark.parametrize("exercise", sorted(TRANSCRIBED))
def test_the_seed_notes_verbatim_grade_as_their_transcription(exercise):
    exercises = load_exercises([exercise])
    engine = Engine(exercises, jobs=1)
    (from_notes,) = engine.grade([SEED], Reading("s08", exercise, as_notes=True))
    (by_hand,) = Engine(exercises, jobs=1).grade([TRANSCRIBED[exercise]])
    assert from_notes.status == by_hand.status == "graded"
    assert verdicts(from_notes) == verdicts(by_hand)
    assert [t.answer for t in from_notes.tasks] == [t.answer for t in by_hand.tasks]
    assert all(t.found_at is not None and t.found_at.startswith(f"{SEED}:") for t in from_notes.tasks)


def test_the_seed_notes_flag_what_they_should_and_nothing_else():
    exercises = load_exercises(["gradient-descent"])
    (result,) = Engine(exercises, jobs=1).grade([SEED], Reading("s08", "gradient-descent", as_notes=True))
    codes = {t.task: [d.code for d in t.diagnoses] for t in result.tasks}
    assert codes["gd2.gradient"] == ["gradient-as-sum"]          # a gradient written as a sum
    assert codes["gd2.step1"] == ["negative-base-notation"]      # -4^3 for (-4)^3
    assert {t.task: t.verdict for t in result.tasks if t.verdict != "correct"} == {"gd2.gradient": "incorrect"}
    found = {t.task: t.found_at for t in result.tasks}
    assert found["gd1.step1"] == f"{SEED}:70" and found["gd1.step2"] == f"{SEED}:76"  # not the θ = 1.6 above it
    assert result.warnings == ()


@pytest.mark.parametrize("name, exercise", [
    ("english.md", "gradient-descent"), ("missing.md", "partial-derivatives"),
    ("ambiguous.md", "partial-derivatives"), ("hostile.md", "partial-derivatives"),
    ("notebook.ipynb", "partial-derivatives"), ("subscripts.md", "partial-derivatives"),
    ("align.md", "partial-derivatives"),
])
def test_notes_in_other_styles_map_as_the_golden_files_say(golden, monkeypatch, name, exercise):
    monkeypatch.chdir(ROOT)  # locations as a student sees them: relative to where they work
    exercises = load_exercises([exercise])
    (result,) = Engine(exercises, jobs=1).grade([Path("tests/data/notes") / name])
    lines = [mapping_view(exercises[exercise], result)]
    lines += [f"{t.task}: {t.verdict} {[d.code for d in t.diagnoses]}" for t in result.tasks]
    golden(f"notes/{Path(name).stem}.txt", "\n".join(lines) + "\n")


def test_english_reordered_inline_notes_find_every_task_and_the_mistake():
    exercises = load_exercises(["gradient-descent"])
    (result,) = Engine(exercises, jobs=1).grade([NOTES / "english.md"])
    assert result.student == "s31" and result.name == "Robin Smith"
    tasks = {t.task: t for t in result.tasks}
    assert all(t.found_at for t in result.tasks)
    assert [d.code for d in tasks["gd1.step1"].diagnoses] == ["ascent"]
    assert [d.code for d in tasks["gd1.step2"].diagnoses] == ["carried-error"]  # follow-through
    assert result.score == 7.0


def test_an_answer_given_twice_or_fitting_two_tasks_is_graded_by_nobody():
    exercises = load_exercises(["partial-derivatives"])
    (result,) = Engine(exercises, jobs=1).grade([NOTES / "ambiguous.md"])
    tasks = {t.task: t for t in result.tasks}
    for key in ("p1.dx", "p1.dy"):
        assert tasks[key].verdict == "ambiguous" and tasks[key].score is None and tasks[key].needs_review
    assert dict(tasks["p1.dx"].message.params)["places"].count("ambiguous.md:") == 3
    assert result.needs_review and tasks["p1.dxdy"].verdict == "correct"


def test_a_notebook_is_read_by_its_markdown_cells_only():
    notes = read_submission(NOTES / "notebook.ipynb").notes
    assert notes is not None
    assert not any("= 0" in p.math for p in notes.pieces)  # the code cell and its output say ∂Z/∂x = 0
    assert notes.front == {"student": "s35", "name": "Noa Jansen", "exercise": "partial-derivatives"}


def test_hostile_notes_are_text_and_bounded(tmp_path):
    exercises = load_exercises(["partial-derivatives"])
    (result,) = Engine(exercises, jobs=1).grade([NOTES / "hostile.md"])
    tasks = {t.task: t for t in result.tasks}
    assert tasks["p3.dx"].verdict == "invalid"  # <b> in math is no markup, and no answer
    assert "rm -rf" not in json.dumps([t.answer for t in result.tasks])  # code blocks are not read
    huge = tmp_path / "huge.md"
    huge.write_text("---\nstudent: s36\nexercise: partial-derivatives\n---\n" + "$x$ " * 2_000_000)
    deep = tmp_path / "deep.md"
    deep.write_text("---\nstudent: s37\nexercise: partial-derivatives\n---\n$Z(x,y) = -3x^3y^2 + 5$\n\n"
                    "$\\frac{\\partial Z}{\\partial x} = " + "(" * 4_000 + "x" + ")" * 4_000 + "$\n"
                    + "$y$ " * 5_000 + "\n" + "$" * 3_001 + "\n")
    too_big, nested = Engine(exercises, jobs=1).grade([huge, deep])
    assert too_big.status == "error" and "too large" in too_big.error and too_big.score is None
    assert nested.status == "graded"
    assert any("more than 2000 pieces of math" in w for w in nested.warnings)
    dutch = [say(w, "nl") for w in nested.warning_messages]
    assert any("meer dan 2000 stukken wiskunde" in w for w in dutch)


def test_notes_in_a_class_folder_need_front_matter_and_carry_their_places(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "robin.md").write_text((NOTES / "english.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "README.md").write_text("# How to hand in\n\n$x = 1$\n", encoding="utf-8")
    (folder / "noa.ipynb").write_text((NOTES / "notebook.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    run = grade_class(load_exercises(["gradient-descent", "partial-derivatives"]), [folder], tmp_path / "out")
    assert sorted(r.student for r in run.report.results) == ["s31", "s35"]
    saved = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    robin = next(r for r in saved["results"] if r["student"] == "s31")
    assert robin["tasks"][0]["found_at"] == f"{folder / 'robin.md'}:23"


def test_check_shows_the_mapping_and_reports_say_where(run, tmp_path):
    page = tmp_path / "report.md"
    result = run("check", "gradient-descent", str(SEED), "--notes", "--student", "s08", "--show-mapping",
                 "--markdown", str(page))
    assert result.exit_code == 0, result.output
    assert f"gd1.step1        {SEED}:70  \\theta = 4 - (0.1 \\cdot 24) = 1.6" in result.stdout
    assert f"Gevonden op: {SEED}:88" in page.read_text(encoding="utf-8")


def test_the_start_and_learning_rate_in_the_notes_are_checked(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text("kostenfunctie: $3\\theta^2$\n\nstart $\\theta = 5$\n\n$lr = 0.2$\n\n"
                     "afgeleide $6\\theta$\n", encoding="utf-8")
    exercises = load_exercises(["gradient-descent"])
    mapping = map_notes(exercises["gradient-descent"], read_markdown(notes.read_text(encoding="utf-8"), "n.md"))
    assert tuple(describe_failure(w) for w in mapping.warnings) == (
        "n.md:3: the notes use start 5, the exercise 4: the answers are graded with 4",
        "n.md:5: the notes use learning rate 0.2, the exercise 0.1: the answers are graded with 0.1")
    assert mapping.answers == {"gd1.derivative": "6\\theta"}


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("$\\{}()=^_ \nxyθ0123456789+-*/&|`<>#-:afgeleid")), max_size=400))
def test_any_text_reads_as_notes_without_error(text):
    """The notes reader never fails on text: at worst it finds no math, or says in one line
    that the front matter does not read."""
    try:
        notes = read_markdown(text, "n.md")
    except GraderError as exc:
        assert str(exc).startswith("n.md") and "front matter" in str(exc)
        return
    assert all(p.where.startswith("n.md:") and p.math for p in notes.pieces)
    map_notes(load_exercises(["partial-derivatives"])["partial-derivatives"], notes)


def test_aligned_rows_split_at_row_ends_only():
    """A row's spacing (``\\\\[2pt]``) goes on with the chain, and the rows of a pmatrix inside
    an aligned block stay the matrix's."""
    math = (r"\begin{aligned} J(\theta) &= \theta^2 \\[2pt] &= 4 \\ "
            r"\theta_1 &= \begin{pmatrix} 1 \\ 2 \end{pmatrix} \end{aligned}")
    assert [text for _, text in equations(math)] == [
        r"J(\theta)  = \theta^2 = 4", r"\theta_1  = \begin{pmatrix} 1 \\ 2 \end{pmatrix}"]
    assert clean_math(math) == r"J(\theta) = \theta^2 = 4 \theta_1 = \begin{pmatrix} 1 \\ 2 \end{pmatrix}"


# -- the trial's notes (issue 20), with the text as written -------------------------------------
TRIAL = str(NOTES / "trial-exercise.yaml")
QUADRATIC = "Cost function $J(\\theta) = 3\\theta^2$, start $\\theta = 4$, learning rate $0.1$.\n\n"
BOWL = "$J(\\theta_1, \\theta_2) = \\theta_1^2 + 3\\theta_2^2$\n\n"


def graded_notes(tmp_path, text, exercise=TRIAL):
    """The notes graded against the exercise: task -> (answer, verdict, diagnosis codes), and
    the mapping's warnings."""
    exercises = load_exercises([exercise])
    (chosen,) = exercises
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    (result,) = Engine(exercises, jobs=1).grade([path], Reading("s1", chosen, as_notes=True))
    tasks = {t.task: (t.answer, t.verdict, [d.code for d in t.diagnoses]) for t in result.tasks
             if t.verdict != "missing"}
    return tasks, result.warnings


@pytest.mark.parametrize("givens, then, task, answer", [
    (QUADRATIC, "The derivative is $6\\theta$.", "q1.derivative", "6\\theta"),
    ("Cost function $J(\\theta_1, \\theta_2) = \\theta_1^2 + 3\\theta_2^2$, start $(2, -1)$, learning "
     "rate $0.1$.\n\n", "The gradient is $(2\\theta_1, 6\\theta_2)$.", "q2.gradient", "(2\\theta_1, 6\\theta_2)"),
    ("$J(\\theta_1, \\theta_2) = \\theta_1^2 + 3\\theta_2^2$, start at $(\\theta_1, \\theta_2) = (2, -1)$, "
     "$lr = 0.1$\n\n", "After one step: $(\\theta_1, \\theta_2) = (1.6, -0.4)$", "q2.step1", "(1.6, -0.4)"),
])
def test_the_start_and_rate_beside_the_function_are_givens(tmp_path, givens, then, task, answer):
    tasks, warnings = graded_notes(tmp_path, givens + then + "\n")
    assert tasks == {task: (answer, "correct", [])} and warnings == ()


def test_givens_in_a_sentence_are_still_checked_against_the_exercise(tmp_path):
    text = ("Cost function $J(\\theta_1, \\theta_2) = \\theta_1^2 + 3\\theta_2^2$, start $(3, -1)$, "
            "learning rate $0.2$.\n")
    _, warnings = graded_notes(tmp_path, text)
    assert warnings == (
        f"{tmp_path / 'notes.md'}:1: the notes use start (3, -1), the exercise (2, -1): the answers are "
        "graded with (2, -1)",
        f"{tmp_path / 'notes.md'}:1: the notes use learning rate 0.2, the exercise 0.1: the answers are "
        "graded with 0.1")


def test_nabla_alone_on_a_line_is_the_gradient_and_at_a_point_a_slope(tmp_path):
    text = BOWL + "$\\nabla J = (2\\theta_1, 6\\theta_2)$\n\nAt the start: $\\nabla J(2,-1) = (4, -6)$\n"
    tasks, _ = graded_notes(tmp_path, text)
    assert tasks == {"q2.gradient": ("(2\\theta_1, 6\\theta_2)", "correct", []),
                     "q2.slope1": ("(4, -6)", "correct", [])}


def test_a_gradient_at_a_point_answers_no_gradient_task(tmp_path):
    """gd2 has no slope task: ∇J at the start is working, never the gradient."""
    text = ("$J(\\theta_1, \\theta_2) = \\frac{1}{4}\\theta_1^4 + \\frac{1}{5}\\theta_2^2$\n\n"
            "$\\nabla J = (\\theta_1^3, \\frac{2}{5}\\theta_2)$\n\nAt the start: $\\nabla J(-4, 2) = (-64, 0.8)$\n")
    tasks, _ = graded_notes(tmp_path, text, "gradient-descent")
    assert tasks == {"gd2.gradient": ("(\\theta_1^3, \\frac{2}{5}\\theta_2)", "correct", [])}


def test_an_update_with_an_arrow_is_read_as_in_yaml(tmp_path):
    text = QUADRATIC + "Update: $\\theta \\leftarrow 4 - 0.1 \\cdot 24 = 1.6$\n"
    tasks, _ = graded_notes(tmp_path, text)
    assert tasks == {"q1.step1": ("\\theta \\leftarrow 4 - 0.1 \\cdot 24 = 1.6", "correct", [])}
    assert clean_math("6x^2y \\leftarrow eerst x dan y") == "6x^2y"  # a remark after an arrow goes


NARRATIVE = ("$Z(x, y) = \\sin(xy) + x^2 y$\n\n$Z_x = y\\cos(xy) + 2xy$\n\n"
             "To get $Z_{xy}$: differentiate $Z_x$ with respect to $y$, product rule on $y\\cos(xy)$.\n\n"
             "$Z_y = x\\cos(xy) + x^2$\n")


def test_math_in_a_narrative_sentence_answers_nothing(tmp_path):
    tasks, _ = graded_notes(tmp_path, NARRATIVE)
    assert tasks == {"z1.dx": ("y\\cos(xy) + 2xy", "correct", []), "z1.dy": ("x\\cos(xy) + x^2", "correct", [])}


def test_two_real_candidates_are_ambiguous_and_shown_once_each(tmp_path):
    exercises = load_exercises([TRIAL])
    path = tmp_path / "notes.md"
    path.write_text(NARRATIVE + "\nOr rather $Z_x = y\\cos(xy) + 2x$\n", encoding="utf-8")
    (result,) = Engine(exercises, jobs=1).grade([path], Reading("s1", "descent-trial", as_notes=True))
    task = next(t for t in result.tasks if t.task == "z1.dx")
    assert task.verdict == "ambiguous" and task.needs_review
    assert dict(task.message.params)["places"] == f"{path}:3, {path}:9"
    assert task.answer == "y\\cos(xy) + 2xy | y\\cos(xy) + 2x"  # the report shows both


def test_the_report_of_an_ambiguous_task_shows_its_candidates(run, tmp_path):
    notes, page = tmp_path / "notes.md", tmp_path / "report.md"
    notes.write_text(NARRATIVE + "\nOr rather $Z_x = y\\cos(xy) + 2x$\n", encoding="utf-8")
    result = run("check", TRIAL, str(notes), "--notes", "--student", "s1", "--markdown", str(page))
    assert result.exit_code == 0, result.output
    shown = page.read_text(encoding="utf-8")
    assert "`y\\cos(xy) + 2xy | y\\cos(xy) + 2x`" in shown
    assert f"({notes}:3, {notes}:9)" in shown  # each place once


def test_a_rule_line_is_working_and_an_ascent_after_it_is_named(tmp_path):
    text = (BOWL + "$\\theta = \\theta + \\alpha \\nabla J$ so $(2 + 0.1 \\cdot 4, -1 + 0.1 \\cdot (-6)) "
            "= (2.4, -1.6)$\n\n$\\theta = (2.4, -1.6) - 0.1 \\cdot (4.8, -9.6) = (1.92, -0.64)$\n")
    tasks, _ = graded_notes(tmp_path, text)
    assert tasks == {
        "q2.step1": ("(2 + 0.1 \\cdot 4, -1 + 0.1 \\cdot (-6)) = (2.4, -1.6)", "incorrect", ["ascent"]),
        "q2.step2": ("(2.4, -1.6) - 0.1 \\cdot (4.8, -9.6) = (1.92, -0.64)", "correct", ["carried-error"])}


def test_a_rule_in_the_same_chain_is_working_too(tmp_path):
    text = QUADRATIC + "$\\theta = \\theta - \\alpha J'(\\theta) = 4 - 0.1 \\cdot 24 = 1.6$\n"
    tasks, _ = graded_notes(tmp_path, text)
    assert tasks == {"q1.step1": ("\\theta = 4 - 0.1 \\cdot 24 = 1.6", "correct", [])}


def test_vector_arithmetic_in_working_shows_a_forgotten_learning_rate(tmp_path):
    text = BOWL + "$\\theta = (2, -1) - (4, -6) = (-2, 5)$\n"
    tasks, _ = graded_notes(tmp_path, text)
    assert tasks == {"q2.step1": ("(2, -1) - (4, -6) = (-2, 5)", "incorrect", ["learning-rate-missing"])}


def test_math_under_a_lone_dollar_pair_stands_on_its_own_line():
    """Notion and Typora put ``$$`` on lines of their own: the place is the math's line."""
    notes = read_markdown("intro\n\n$$\n\\frac{\\partial Z}{\\partial x} = 4x^3\n$$\n\n$$\n\\begin{aligned}\n"
                          "Z_x &= 4x^3 \\\\\nZ_y &= 5y^4\n\\end{aligned}\n$$\n", "n.md")
    assert [(p.where, p.math) for p in notes.pieces] == [
        ("n.md:4", "\\frac{\\partial Z}{\\partial x} = 4x^3"), ("n.md:9", "Z_x = 4x^3"), ("n.md:10", "Z_y = 5y^4")]


def test_a_word_labelled_piece_beside_a_named_answer_is_no_rival(tmp_path):
    text = ("First, $f(x) = e^{3x^2}$. By the chain rule the derivative is $f'(x) = 6x e^{3x^2}$, "
            "the inner derivative $6x$ times the outer one.\n")
    tasks, _ = graded_notes(tmp_path, text, "chain-rule")
    assert tasks == {"c1.dx": ("6x e^{3x^2}", "correct", [])}


def test_a_function_named_by_a_latex_command_starts_its_problem(tmp_path):
    text = ("$f(x, y) = \\sin(xy) + \\cos(x)^2$, $f_y = x\\cos(xy)$\n\n"
            "Last, the sigmoid $\\sigma(z) = \\frac{1}{1 + e^{-z}}$. Its derivative: "
            "$\\sigma'(z) = \\frac{e^{-z}}{(1 + e^{-z})^2}$.\n")
    tasks, _ = graded_notes(tmp_path, text, "chain-rule")
    assert tasks == {"c3.dy": ("x\\cos(xy)", "correct", []),
                     "c4.dz": ("\\frac{e^{-z}}{(1 + e^{-z})^2}", "correct", [])}


def test_a_label_that_names_a_derivative_says_which_task(tmp_path):
    text = ("Problem 1, \\(Z(x, y) = x^4 + x^3 y^2 + y^5 + 8\\):\n- ∂Z/∂x: \\(4x^3 + 3x^2 y^2\\)\n"
            "- ∂Z/∂y: \\(2x^3 y + 5y^4\\)\n")
    tasks, _ = graded_notes(tmp_path, text, "partial-derivatives")
    assert tasks == {"p1.dx": ("4x^3 + 3x^2 y^2", "correct", []), "p1.dy": ("2x^3 y + 5y^4", "correct", [])}


def test_an_assignment_with_colon_equals_and_its_rule_in_one_chain(tmp_path):
    text = ("$J(\\theta) = 3\\theta^2$, begin bij $\\theta = 4$, $\\alpha = 0.1$.\n\n"
            "$\\theta := \\theta - \\alpha \\cdot J'(\\theta) = 4 - 0.1 \\cdot 24 = 1.6$\n")
    tasks, _ = graded_notes(tmp_path, text, "gradient-descent")
    assert tasks == {"gd1.step1": ("\\theta = 4 - 0.1 \\cdot 24 = 1.6", "correct", [])}



def test_a_name_beside_its_value_in_a_table_row_says_which_task(tmp_path):
    text = ("Opgave 1: $Z(x,y) = x^4 + x^3y^2 + y^5 + 8$\n\n| afgeleide | antwoord |\n|---|---|\n"
            "| $\\partial Z/\\partial x$ | $4x^3 + 3x^2y^2$ |\n| $\\partial Z/\\partial y$ | $2x^3y + 5y^4$ |\n")
    tasks, _ = graded_notes(tmp_path, text, "partial-derivatives")
    assert tasks == {"p1.dx": ("4x^3 + 3x^2y^2", "correct", []), "p1.dy": ("2x^3y + 5y^4", "correct", [])}


def test_theta_with_the_step_as_subscript_is_that_step(tmp_path):
    text = ("Functie: $J(\\theta) = 3\\theta^2$ met beginwaarde $\\theta_0 = 4$\n\n"
            "- nieuwe waarde: $\\theta_1 = 4 - 0.1 \\cdot 24 = 1.6$\n- nieuwe waarde: $\\theta^{(2)} = 0.64$\n")
    tasks, warnings = graded_notes(tmp_path, text, "gradient-descent")
    assert tasks == {"gd1.step1": ("\\theta_1 = 4 - 0.1 \\cdot 24 = 1.6", "correct", []),
                     "gd1.step2": ("\\theta^{(2)} = 0.64", "correct", [])}
    assert warnings == ()


def test_a_variable_named_in_words_before_an_answer_says_which_derivative(tmp_path):
    text = ("$Z(x,y) = x^4 + x^3y^2 + y^5 + 8$\n\nAfgeleide naar $x$: $4x^3 + 3x^2y^2$, naar $y$: $2x^3y + 5y^4$\n\n"
            "Then differentiate with respect to $y$, product rule on $3x^2y^2$.\n")
    tasks, _ = graded_notes(tmp_path, text, "partial-derivatives")
    assert tasks == {"p1.dx": ("4x^3 + 3x^2y^2", "correct", []), "p1.dy": ("2x^3y + 5y^4", "correct", [])}


def test_a_lone_variable_labelled_as_the_derivative_is_an_answer(tmp_path):
    tasks, _ = graded_notes(tmp_path, "$f(x) = e^{3x^2}$\n\nafgeleide: $x$\n", "chain-rule")
    assert tasks["c1.dx"][:2] == ("x", "incorrect")


FRAGMENTS = ["$", "$$", "\n", " ", "J(\\theta) = 3\\theta^2", "J(\\theta_1, \\theta_2) = \\theta_1^2 + 3\\theta_2^2",
             "\\theta", "\\theta_1", "=", ":=", "\\leftarrow", "←", "\\nabla J", "(2, -1)", "(4, -6)", "0.1",
             "\\alpha", "lr", "start", "learning rate", "update:", "helling", "afgeleide naar", "|", "Z_x",
             "\\frac{\\partial Z}{\\partial x}", "J'(4)", "-", "+", "\\cdot", "\\begin{aligned}", "&=",
             "\\\\", "\\end{aligned}", "\\text{met}", "x", "y", ",", "(", ")", "1.6", "\\sigma(z)",
             "\\qquad", ";", ",\\ ", "\\theta^{(1)}", "\\theta_0", "\\vec\\theta_2", "\\boldsymbol{\\theta}^{(2)}",
             "Z", "Z = \\sin(xy) + x^2 y", "mixed:", "w.r.t. x:", "this gives", "then", "leersnelheid"]


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_notes_in_pieces_of_the_trial_map_without_error(text):
    """Fragments of the trial's notes in any order: the mapping finds what it finds, and never
    fails; every answer it takes is a place in the notes."""
    exercise = load_exercises([TRIAL])["descent-trial"]
    try:
        notes = read_markdown(text, "n.md")
    except GraderError:
        return
    mapping = map_notes(exercise, notes)
    assert all(f.where.startswith("n.md:") for f in mapping.found)

# -- the corpus: notes in the styles students use, with a teacher's mapping ------------------------
CORPUS = ROOT / "examples" / "notes" / "corpus"
TEACHER = yaml.safe_load((ROOT / "examples" / "notes" / "corpus-teacher.yaml").read_text(encoding="utf-8"))


def corpus_benchmark():
    """benchmarks/notes_corpus.py, which holds the comparison (loaded once: it is no package)."""
    if "notes_corpus" not in sys.modules:
        spec = importlib.util.spec_from_file_location("notes_corpus", ROOT / "benchmarks" / "notes_corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["notes_corpus"] = module  # its dataclass looks itself up there
        spec.loader.exec_module(module)
    return sys.modules["notes_corpus"]


@pytest.mark.parametrize("entry", sorted(TEACHER))
def test_the_corpus_maps_as_the_teacher_mapped_it(entry):
    """Every task as the teacher found it by hand, but ``c4.form``: it asks for σ'(z) written
    with σ, a free answer the notes give on the line of ``c4.dz``; nothing in the notes says
    it is that task's."""
    bench = corpus_benchmark()
    spec = TEACHER[entry]
    teacher = bench.teachers_mapping(spec["tasks"])
    mapped = bench.graders_mapping(entry.split()[0], spec["exercise"])
    differ = sorted(key for key in teacher if not teacher[key].same(mapped[key]))
    assert differ == (["c4.form"] if entry in ("kettingregel-nl.md", "obsidian-chain-rule-en.md") else [])


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_the_corpus_grades_as_the_golden_files_say(golden, monkeypatch, name):
    monkeypatch.chdir(ROOT)
    path = Path("examples/notes/corpus") / name
    exercise = read_submission(path).exercise
    exercises = load_exercises([exercise])
    (result,) = Engine(exercises, jobs=1).grade([path])
    lines = [mapping_view(exercises[exercise], result)]
    lines += [f"{t.task}: {t.verdict} {[d.code for d in t.diagnoses]}" for t in result.tasks]
    golden(f"notes/corpus/{Path(name).stem}.txt", "\n".join(lines) + "\n")


def test_the_corpus_notebook_code_cells_stay_unread():
    notes = read_submission(CORPUS / "jupyter-gradient-descent.ipynb").notes
    assert notes is not None
    assert {p.where.split(": cell ")[1].split(",")[0] for p in notes.pieces} == {"2", "4", "5", "7"}


# -- what a verification of the landed work still found (issue 20) -------------------------------
GD1 = "$J(\\theta) = 3\\theta^2$\n\n"
GD2 = "$J(\\theta_1, \\theta_2) = \\frac{1}{4}\\theta_1^4 + \\frac{1}{5}\\theta_2^2$\n\n"
P2 = "$Z(x, y) = x^3 + x^2y^4 - 2y^5$\n\n"


@pytest.mark.parametrize("first, second", [
    ("\\theta^{(1)}", "\\theta^{(2)}"), ("\\theta_1", "\\theta_2"),
])
def test_a_numbered_iterate_is_that_step_never_the_start(tmp_path, first, second):
    text = GD1 + f"${first} = 1.6$\n\n${second} = 0.64$\n"
    tasks, warnings = graded_notes(tmp_path, text, "gradient-descent")
    assert tasks == {"gd1.step1": (f"{first} = 1.6", "correct", []),
                     "gd1.step2": (f"{second} = 0.64", "correct", [])}
    assert warnings == ()


@pytest.mark.parametrize("start", ["start: $\\theta_1 = 5$", "$\\theta^{(0)} = 5$", "$\\theta_0 = 5$"])
def test_a_numbered_value_labelled_start_or_numbered_0_is_the_start(tmp_path, start):
    _, warnings = graded_notes(tmp_path, GD1 + start + "\n\n$\\theta^{(1)} = 1.6$\n", "gradient-descent")
    assert warnings == (f"{tmp_path / 'notes.md'}:3: the notes use start 5, the exercise 4: "
                        "the answers are graded with 4",)


@pytest.mark.parametrize("first, second", [
    ("\\theta^{(1)}", "\\theta^{(2)}"), ("\\boldsymbol{\\theta}^{(1)}", "\\vec\\theta_2"),
])
def test_numbered_iterates_of_two_parameters_are_steps(tmp_path, first, second):
    text = GD2 + f"${first} = (2.4, 1.92)$\n\n${second} = (1.02, 1.84)$\n"
    tasks, warnings = graded_notes(tmp_path, text, "gradient-descent")
    assert tasks == {"gd2.step1": ("(2.4, 1.92)", "correct", []), "gd2.step2": ("(1.02, 1.84)", "correct", [])}
    assert warnings == ()


@pytest.mark.parametrize("between", ["\\qquad", "\\quad", ",\\ ", ";", "; \\quad"])
def test_two_labelled_derivatives_in_one_display_are_two_answers(tmp_path, between):
    text = P2 + ("$$\\frac{\\partial Z}{\\partial x} = 3x^2 + 2xy^4" + ("," if "quad" in between else "")
                 + f" {between} \\frac{{\\partial Z}}{{\\partial y}} = 4x^2y^3 - 10y^4$$\n")
    tasks, _ = graded_notes(tmp_path, text, "partial-derivatives")
    assert tasks == {"p2.dx": ("3x^2 + 2xy^4", "correct", []), "p2.dy": ("4x^2y^3 - 10y^4", "correct", [])}


@pytest.mark.parametrize("slope", ["The slope at the start: $24$", "At the start the slope is $24$"])
def test_a_slope_at_the_start_is_an_answer_not_the_start(tmp_path, slope):
    text = GD1 + f"Derivative: $6\\theta$\n\n{slope}\n"
    tasks, warnings = graded_notes(tmp_path, text, "gradient-descent")
    assert tasks == {"gd1.derivative": ("6\\theta", "correct", []), "gd1.slope1": ("24", "correct", [])}
    assert warnings == ()


def test_a_function_written_without_its_arguments_states_the_problem(tmp_path):
    text = ("$Z(x,y) = x^4 + x^3y^2 + y^5 + 8$\n\n$Z_x = 4x^3 + 3x^2y^2$\n\n"
            "For $Z = x^3 + x^2y^4 - 2y^5$ I get $Z_x = 3x^2 + 2xy^4$\n")
    tasks, _ = graded_notes(tmp_path, text, "partial-derivatives")
    assert tasks == {"p1.dx": ("4x^3 + 3x^2y^2", "correct", []), "p2.dx": ("3x^2 + 2xy^4", "correct", [])}


@pytest.mark.parametrize("givens", [
    "leersnelheid $0{,}2$", "stapgrootte $0{,}2$", "learning rate $0.2$", "$\\alpha = 0{,}2$",
])
def test_a_learning_rate_in_dutch_words_is_checked(tmp_path, givens):
    _, warnings = graded_notes(tmp_path, GD1 + givens + "\n", "gradient-descent")
    assert warnings == (f"{tmp_path / 'notes.md'}:3: the notes use learning rate 0.2, the exercise 0.1: "
                        "the answers are graded with 0.1",)


@pytest.mark.parametrize("givens", ["startpunt $\\theta = 5$", "beginwaarde $5$", "begin $\\theta = 5$"])
def test_a_start_in_dutch_words_is_checked(tmp_path, givens):
    _, warnings = graded_notes(tmp_path, GD1 + givens + "\n", "gradient-descent")
    assert warnings == (f"{tmp_path / 'notes.md'}:3: the notes use start 5, the exercise 4: "
                        "the answers are graded with 4",)


def test_working_after_a_rule_line_is_each_next_step(tmp_path):
    text = (BOWL + "$\\theta = \\theta - \\alpha \\nabla J$ so $(2 - 0.1 \\cdot 4, -1 - 0.1 \\cdot (-6)) "
            "= (1.6, -0.4)$\n\nThen $(1.6 - 0.1 \\cdot 3.2, -0.4 - 0.1 \\cdot (-2.4)) = (1.28, -0.16)$\n")
    tasks, _ = graded_notes(tmp_path, text)
    assert tasks == {
        "q2.step1": ("(2 - 0.1 \\cdot 4, -1 - 0.1 \\cdot (-6)) = (1.6, -0.4)", "correct", []),
        "q2.step2": ("(1.6 - 0.1 \\cdot 3.2, -0.4 - 0.1 \\cdot (-2.4)) = (1.28, -0.16)", "correct", [])}


def test_an_ascent_worked_on_after_its_rule_line_is_both_steps(tmp_path):
    text = (BOWL + "$\\theta = \\theta + \\alpha \\nabla J$ so $(2 + 0.1 \\cdot 4, -1 + 0.1 \\cdot (-6)) "
            "= (2.4, -1.6)$\n\nThen $(2.4 + 0.1 \\cdot 4.8, -1.6 + 0.1 \\cdot (-9.6)) = (2.88, -2.56)$\n")
    tasks, _ = graded_notes(tmp_path, text)
    assert tasks == {
        "q2.step1": ("(2 + 0.1 \\cdot 4, -1 + 0.1 \\cdot (-6)) = (2.4, -1.6)", "incorrect", ["ascent"]),
        "q2.step2": ("(2.4 + 0.1 \\cdot 4.8, -1.6 + 0.1 \\cdot (-9.6)) = (2.88, -2.56)", "incorrect", ["ascent"])}


@pytest.mark.parametrize("lines, task, answer", [
    ("mixed: $-xy\\sin(xy) + \\cos(xy) + 2x$", "z1.dxdy", "-xy\\sin(xy) + \\cos(xy) + 2x"),
    ("the mixed one (x first, then y) is $\\boxed{-xy\\sin(xy) + \\cos(xy) + 2x}$", "z1.dxdy",
     "\\boxed{-xy\\sin(xy) + \\cos(xy) + 2x}"),
    ("w.r.t. x: $y\\cos(xy) + 2xy$", "z1.dx", "y\\cos(xy) + 2xy"),
    ("De gemengde afgeleide, eerst naar $x$ en dan naar $y$: $-xy\\sin(xy) + \\cos(xy) + 2x$", "z1.dxdy",
     "-xy\\sin(xy) + \\cos(xy) + 2x"),
    ("Then differentiate $Z_x$ with respect to $y$, product rule on $y\\cos(xy)$: this gives "
     "$\\cos(xy) - xy\\sin(xy) + 2x$", "z1.dxdy", "\\cos(xy) - xy\\sin(xy) + 2x"),
    ("Then differentiate $Z_x$\nwith respect to $y$, product rule on $y\\cos(xy)$: this gives "
     "$\\cos(xy) - xy\\sin(xy) + 2x$", "z1.dxdy", "\\cos(xy) - xy\\sin(xy) + 2x"),
    ("Differentiate with respect to $x$: this gives $y\\cos(xy) + 2xy$", "z1.dx", "y\\cos(xy) + 2xy"),
])
def test_labels_in_words_say_which_derivative(tmp_path, lines, task, answer):
    tasks, _ = graded_notes(tmp_path, "$Z(x, y) = \\sin(xy) + x^2 y$\n\n" + lines + "\n")
    assert tasks == {task: (answer, "correct", [])}


def test_notes_without_a_student_on_an_exercise_with_variants_are_refused(run, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(GD1 + "Derivative: $6\\theta$\n", encoding="utf-8")
    result = run("check", "gradient-descent-variants", str(notes), "--notes")
    assert result.exit_code == 1
    assert "--student" in result.output and "front matter" in result.output
    fixed = run("check", "gradient-descent", str(notes), "--notes")  # the file name stands for the student
    assert fixed.exit_code == 0, fixed.output


def test_the_report_of_an_ambiguous_task_reads_each_candidate(run, tmp_path):
    notes, page = tmp_path / "notes.md", tmp_path / "report.md"
    notes.write_text(NARRATIVE + "\nOr rather $Z_x = y\\cos(xy) + 2x$\n", encoding="utf-8")
    result = run("check", TRIAL, str(notes), "--notes", "--student", "s1", "--markdown", str(page))
    assert result.exit_code == 0, result.output
    task = page.read_text(encoding="utf-8").split("## ⁇ z1.dx")[1].split("\n## ")[0]
    assert [line for line in task.splitlines() if line.startswith("- Read as")] == [
        "- Read as: $y \\cdot \\cos\\left(x \\cdot y\\right) + 2 \\cdot x \\cdot y$",
        "- Read as: $y \\cdot \\cos\\left(x \\cdot y\\right) + 2 \\cdot x$"]
