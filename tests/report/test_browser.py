"""The reports as a person sees them: opened in a real headless Chromium (Debian's chromium and
chromium-driver; selenium pointed at the system driver, nothing downloaded), every formula and
picture laid out with a size, and screenshots kept under .ci/artifacts/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from grader.exercise.find import load_exercises
from grader.report.write import student_report
from grader.running.batch import Engine
from tests.conftest import ROOT
from tests.helpers import headless_chromium

ARTIFACTS = ROOT / ".ci" / "artifacts"
DRIVER = shutil.which("chromedriver")
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

if not (DRIVER and BROWSER) and not os.environ.get("CI"):
    pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    driver = headless_chromium("1100,1600")
    yield driver
    driver.quit()


@pytest.mark.parametrize("student,lang", [("hanna.yaml", "nl"), ("finn.yaml", "en")])
def test_student_report_renders_its_math(browser, tmp_path, student, lang):
    exercises = load_exercises(["gradient-descent"])
    (result,) = Engine(exercises, jobs=1).grade([ROOT / "examples" / "submissions" / student])
    page = tmp_path / f"{Path(student).stem}.html"
    page.write_text(student_report(exercises["gradient-descent"], result, "html", lang, reveal=True),
                    encoding="utf-8")
    browser.get(page.as_uri())
    formulas = browser.find_elements("tag name", "math")
    assert len(formulas) >= 7
    for formula in formulas:
        size = formula.size
        assert size["width"] > 0 and size["height"] > 0, formula.get_attribute("outerHTML")[:200]
    pictures = browser.find_elements("css selector", "figure svg")
    assert len(pictures) == 2  # a descent path per problem: the curve, and the contour lines
    for picture in pictures:
        assert picture.size["width"] > 0 and picture.size["height"] > 0
    flagged = browser.find_elements("css selector", "mrow.flag")
    if student == "hanna.yaml":
        assert flagged and flagged[0].size["width"] > 0  # the −(4³) of step 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1100, browser.execute_script("return document.body.scrollHeight") + 40)
    browser.save_screenshot(str(ARTIFACTS / f"report-{Path(student).stem}-{lang}.png"))


def test_class_overview_renders(browser, tmp_path):
    from grader.report.write import write_reports
    from grader.running.classrun import grade_class

    exercises = load_exercises([str(ROOT / "exercises")])
    run = grade_class(exercises, [ROOT / "examples" / "submissions"], tmp_path / "out")
    write_reports(exercises, run.report.results, tmp_path / "report", ("html",), "en")
    browser.get((tmp_path / "report" / "index.html").as_uri())
    charts = browser.find_elements("css selector", "figure svg")
    assert len(charts) == 4
    for chart in charts:
        assert chart.size["width"] > 0 and chart.size["height"] > 0
    links = browser.find_elements("css selector", "td a")
    assert len(links) == 14
    links[0].click()  # a student's report opens from the overview
    assert browser.find_elements("tag name", "math")
    browser.back()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1100, min(browser.execute_script("return document.body.scrollHeight") + 40, 4000))
    browser.save_screenshot(str(ARTIFACTS / "overview-en.png"))


def test_exercise_sheet_shows_the_students_own_numbers(browser, tmp_path):
    from grader.report.exercise_sheets import render_sheet, sheet_view

    exercise = load_exercises(["gradient-descent-variants"])["gradient-descent-variants"]
    page = tmp_path / "sheet.html"
    page.write_text(render_sheet(sheet_view(exercise, "s21", "Sanne de Vries"), "html", "nl"),
                    encoding="utf-8")
    browser.get(page.as_uri())
    formulas = browser.find_elements("tag name", "math")
    assert len(formulas) == 2  # each problem's function, typeset
    for formula in formulas:
        assert formula.size["width"] > 0 and formula.size["height"] > 0
    text = browser.find_element("tag name", "body").text
    assert "Jouw getallen: a = 9, s = -3, lr = 0.1, b = 8, t = 2, u = 4" in text
    assert "de helling in θ = -3" in text and "vanuit (2, 4), lr = 0.1" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "sheet-variant.png"))


def test_hostile_reports_run_nothing_and_fetch_nothing(browser, tmp_path):
    """Issue 24's hostile class (names and answers of images, javascript: links, raw HTML,
    forged score lines; file names with ESC and bytes that are not UTF-8): every HTML report,
    and the Markdown ones rendered by a CommonMark renderer, opened in Chromium: no script
    runs, no image or link of theirs, and no request leaves the report's own files."""
    from markdown_it import MarkdownIt

    from grader.report.write import write_reports
    from grader.running.classrun import grade_class
    from tests.hostile_corpus import write_hostile_class

    write_hostile_class(tmp_path / "subs")
    exercises = load_exercises([str(ROOT / "exercises")])
    run = grade_class(exercises, [tmp_path / "subs"], tmp_path / "out", jobs=1)
    report = tmp_path / "report"
    write_reports(exercises, run.report.results, report, ("html", "md"))
    markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    pages = sorted(report.rglob("*.html"))
    for source in sorted(report.rglob("*.md")):
        page = source.with_name(source.stem + ".md.html")
        page.write_text(markdown.render(source.read_text(encoding="utf-8")), encoding="utf-8")
        pages.append(page)
    assert len(pages) > 40
    for page in pages:
        browser.get(page.as_uri())
        assert not browser.find_elements("tag name", "img"), page.name
        assert not browser.find_elements("tag name", "script"), page.name
        hrefs = [a.get_attribute("href") or "" for a in browser.find_elements("tag name", "a")]
        assert all(href.startswith(report.as_uri()) for href in hrefs), (page.name, hrefs)
        fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(url.startswith("file:") for url in fetched), (page.name, fetched)
        assert browser.execute_script("return typeof window.alert") == "function"  # not replaced
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, page in (("html", "img--partial-derivatives.html"), ("md", "forge--partial-derivatives.md.html")):
        browser.get((report / "students" / page).as_uri())
        browser.set_window_size(1100, min(browser.execute_script("return document.body.scrollHeight") + 40, 3000))
        browser.save_screenshot(str(ARTIFACTS / f"hostile-report-{name}.png"))
    browser.get((report / "index.html").as_uri())
    browser.set_window_size(1100, min(browser.execute_script("return document.body.scrollHeight") + 40, 6000))
    browser.save_screenshot(str(ARTIFACTS / "hostile-overview.png"))


def test_a_matrix_answer_is_laid_out_as_a_table(browser, tmp_path):
    from grader.exercise import load_exercise

    exercise = load_exercise(ROOT / "tests" / "data" / "matrices.yaml")
    (result,) = Engine({"matrices": exercise}, jobs=1).grade([ROOT / "tests" / "data" / "matrices-answers.yaml"])
    page = tmp_path / "matrices.html"
    page.write_text(student_report(exercise, result, "html", "en", reveal=True), encoding="utf-8")
    browser.get(page.as_uri())
    tables = browser.find_elements("css selector", "mtable")
    assert len(tables) == 8
    for table in tables:
        rows = table.find_elements("css selector", "mtr")
        tops = [row.location["y"] for row in rows]
        assert tops == sorted(tops) and len(set(tops)) == len(rows)  # rows one under the other
        for row in rows:
            cells = row.find_elements("css selector", "mtd")
            lefts = [cell.location["x"] for cell in cells]
            assert lefts == sorted(lefts) and len(set(lefts)) == len(cells)  # entries side by side
            assert all(cell.size["width"] > 0 and cell.size["height"] > 0 for cell in cells)
    for table in tables:  # its parentheses as tall as the matrix
        opening = table.find_element("xpath", "preceding-sibling::*[1]")
        assert opening.text == "(" and opening.size["height"] >= table.size["height"] - 4
    flagged = browser.find_elements("css selector", "mtd mrow.flag")
    assert len(flagged) == 1 and flagged[0].size["width"] > 0  # the slipped sign of entry (1,2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1100, browser.execute_script("return document.body.scrollHeight") + 40)
    browser.save_screenshot(str(ARTIFACTS / "report-matrices-en.png"))
