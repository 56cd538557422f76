"""grader serve as a student uses it: `grader serve` started as a user starts it, the page opened
in a real headless Chromium (Debian's chromium and chromium-driver, as tests/report/test_browser.py),
typed into and checked; screenshots kept under .ci/artifacts/."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT
from tests.helpers import FINISHES_SECONDS, headless_chromium

ARTIFACTS = ROOT / ".ci" / "artifacts"
DRIVER = shutil.which("chromedriver")
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

if not (DRIVER and BROWSER) and not os.environ.get("CI"):
    pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
                allow_module_level=True)


@contextmanager
def serving(*options: str) -> Iterator[str]:
    """`grader serve OPTIONS` on a free port; its address as it prints it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "grader", "serve", *options, "--port", "0",
                                "--workers", "1"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"at (http://\S+/)", line)
        assert found, line
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(FINISHES_SECONDS)


@pytest.fixture(scope="module")
def server():
    with serving("gradient-descent") as address:
        yield address


@pytest.fixture(scope="module")
def collecting(tmp_path_factory):
    """`grader serve --collect` of a class of two, and the links `grader tokens` made for them."""
    folder = tmp_path_factory.mktemp("collect")
    roster = folder / "class.csv"
    roster.write_text("id,name\ns01,Anouk de Vries\ns02,Bram\n", encoding="utf-8")
    handins = folder / "handins"
    links = subprocess.run([sys.executable, "-m", "grader", "tokens", "--roster", str(roster), "--collect",
                            str(handins)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                           capture_output=True, text=True, check=True).stdout
    tokens = {row["id"]: row["token"] for row in csv.DictReader(io.StringIO(links))}
    with serving("partial-derivatives", "--collect", str(handins), "--roster", str(roster)) as address:
        yield address, tokens, handins


@pytest.fixture(scope="module")
def linking(tmp_path_factory):
    """`grader serve --tokens` (personal links, no hand-ins) of the variants exercise, and s21's link."""
    folder = tmp_path_factory.mktemp("links")
    roster = folder / "class.csv"
    roster.write_text("id,name\ns21,Sanne de Vries\n", encoding="utf-8")
    links = subprocess.run([sys.executable, "-m", "grader", "tokens", "--roster", str(roster), "--tokens",
                            str(folder / "links")], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                           capture_output=True, text=True, check=True).stdout
    (row,) = csv.DictReader(io.StringIO(links))
    with serving("gradient-descent-variants", "--tokens", str(folder / "links"), "--roster", str(roster)) as address:
        yield address, row["token"]


@pytest.fixture(scope="module")
def browser():
    driver = headless_chromium("1000,1400")
    yield driver
    driver.quit()


def waiting(browser):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, FINISHES_SECONDS)


def preview_of(browser, key: str):
    return browser.find_element("id", f"preview-{key}")


def test_a_student_types_sees_the_preview_and_checks(server, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "exercises/gradient-descent")
    derivative = browser.find_element("id", "answer-gd1.derivative")
    derivative.send_keys("6\\theta")
    waiting(browser).until(lambda b: preview_of(b, "gd1.derivative").find_elements("tag name", "math"))
    math = preview_of(browser, "gd1.derivative").find_element("tag name", "math")
    assert math.size["width"] > 0 and "θ" in math.text
    assert preview_of(browser, "gd1.derivative").get_attribute("aria-live") == "polite"

    slope = browser.find_element("id", "answer-gd1.slope1")
    slope.send_keys("6*(")
    waiting(browser).until(lambda b: b.find_elements("css selector", "#preview-gd1\\.slope1 .caret"))
    caret = preview_of(browser, "gd1.slope1").find_element("class name", "caret")
    assert caret.text.split("\n") == ["6*(", "   ^"]
    assert "te vroeg" in preview_of(browser, "gd1.slope1").text

    # the seed's 2-D example, as the seed writes it, reached with the keyboard only
    slope.send_keys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, "[θ1^3, 0.4θ2]", Keys.TAB,
                    "(-4 - 0.1*64, 2 - 0.1*0.8) = (-10.4, 1.92)")
    assert browser.switch_to.active_element.get_attribute("id") == "answer-gd2.step1"
    browser.find_element("id", "check").click()
    waiting(browser).until(lambda b: b.find_elements("id", "result"))
    result = browser.find_element("id", "result")
    verdicts = {s.get_attribute("id"): s.get_attribute("class") for s in
                result.find_elements("css selector", "section.task")}
    assert verdicts["gd1.derivative"] == "task correct"
    assert verdicts["gd1.slope1"] == "task invalid"
    assert verdicts["gd2.step1"] == "task partial"
    assert "[sign-slip]" in result.text and "(−4)^3 = −64" in result.text
    pictures = result.find_elements("css selector", "figure svg")
    assert pictures and all(p.size["width"] > 0 for p in pictures)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1000, browser.execute_script("return document.body.scrollHeight") + 40)
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ARTIFACTS / "serve-checked.png"))


def test_the_page_works_without_javascript(server, browser):
    """The same page with scripts refused by the browser: Check posts the form."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(server + "exercises/gradient-descent")
        browser.find_element("id", "answer-gd1.derivative").send_keys("6θ")
        browser.find_element("id", "answer-gd1.slope1").send_keys("6*(")
        browser.find_element("id", "check").click()
        waiting(browser).until(lambda b: b.find_elements("id", "result"))
        assert browser.find_element("css selector", "#preview-gd1\\.slope1 .caret").text.split("\n") == ["6*(", "   ^"]
        assert browser.find_element("css selector", "section.task.correct").get_attribute("id") == "gd1.derivative"
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
def test_a_student_hands_in_from_their_personal_link_and_sees_the_receipt(collecting, browser, scripts):
    from grader.reading.submission import read_submission

    address, tokens, handins = collecting
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not scripts})
    try:
        browser.get(f"{address}?token={tokens['s01']}")
        assert "Anouk de Vries (s01)" in browser.find_element("id", "handing-in-as").text
        browser.find_element("link text", "Partieel differentiëren").click()
        assert "student-id" not in browser.page_source  # no id to type: the link says who
        answer = f"4x^3 + {3 if scripts else 2}x^2y^2"
        browser.find_element("id", "answer-p1.dx").send_keys(answer)
        browser.find_element("id", "hand-in").click()
        waiting(browser).until(lambda b: b.find_elements("id", "receipt"))
        receipt = browser.find_element("id", "receipt")
        stored = handins / "s01" / "partial-derivatives.yaml"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() in receipt.text
        assert "Ingeleverd" in receipt.text and re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", receipt.text)
        assert read_submission(stored).answers["p1.dx"] == answer  # the later hand-in is the one graded
        if scripts:
            assert browser.switch_to.active_element.get_attribute("id") == "receipt"  # read out
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / f"serve-handed-in-{'js' if scripts else 'nojs'}.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_a_personal_link_shows_the_students_numbers_previews_and_checks_with_them(linking, browser):
    """Without collecting: the link opens Sanne's numbers (a = 9: J'(θ) = 18θ), the preview
    sends the token (a student number would be refused), and Check checks with them."""
    address, token = linking
    browser.get(f"{address}exercises/gradient-descent-variants?token={token}")
    assert "a = 9, s = -3" in browser.find_element("tag name", "header").text
    assert not browser.find_elements("id", "hand-in") and not browser.find_elements("id", "student-id")
    browser.find_element("id", "answer-gd1.derivative").send_keys("18θ")
    waiting(browser).until(lambda b: preview_of(b, "gd1.derivative").find_elements("tag name", "math"))
    browser.find_element("id", "check").click()
    waiting(browser).until(lambda b: b.find_elements("id", "result"))
    assert browser.find_element("css selector", "section.task.correct").get_attribute("id") == "gd1.derivative"
    browser.get(f"{address}exercises/gradient-descent-variants?student=s21")  # a number typed: refused
    assert "open de persoonlijke link" in browser.page_source and "a = 9" not in browser.page_source
