"""Issue 4's hostile corpus, graded in one batch with a normal class."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from grader.exercise.find import load_exercises
from grader.running.classrun import grade_class
from tests.conftest import ROOT
from tests.helpers import FINISHES_SECONDS, say
from tests.hostile_corpus import BROKEN_FILES, EXERCISE_OF, HOSTILE_ANSWERS, PWNED


@pytest.mark.slow  # 91 hostile cases and a class in one batch
def test_hostile_corpus_in_one_batch_with_a_normal_class(tmp_path, monkeypatch, golden):
    monkeypatch.chdir(tmp_path)  # a successful injection would create PWNED here
    folder = tmp_path / "subs"
    shutil.copytree(ROOT / "examples" / "submissions", folder / "normal")
    hostile = folder / "hostile"
    hostile.mkdir()
    for number, (name, key, text, _verdicts) in enumerate(HOSTILE_ANSWERS):
        data = {"student": f"h{number:03d}", "name": name, "exercise": EXERCISE_OF[key[0]],
                "answers": {key: text}}
        (hostile / f"h{number:03d}.json").write_text(json.dumps(data), encoding="utf-8")
    broken = folder / "broken"
    broken.mkdir()
    for name, content, _words in BROKEN_FILES:
        (broken / name).write_bytes(content)
    started = time.monotonic()
    run = grade_class(load_exercises([str(ROOT / "exercises")]), [folder], tmp_path / "out", jobs=2)
    elapsed = time.monotonic() - started
    assert elapsed < FINISHES_SECONDS  # every case is bounded by a limit: none may hang
    assert len(HOSTILE_ANSWERS) + len(BROKEN_FILES) >= 40

    results = {Path(r.submission).relative_to(folder).as_posix(): r for r in run.report.results}
    # the normal class gets the same grades as when graded alone
    normal = {k: (r.student, r.score) for k, r in results.items() if k.startswith("normal/")}
    golden_scores = json.loads((ROOT / "tests" / "golden" / "example-results.json").read_text())
    assert normal == {f"normal/{Path(r['submission']).name}": (r["student"], r["score"])
                      for r in golden_scores["results"]}
    # every hostile answer: no credit, and a verdict with a reason
    verdicts = Counter()
    for number, (name, key, _text, allowed) in enumerate(HOSTILE_ANSWERS):
        result = results[f"hostile/h{number:03d}.json"]
        task = next(t for t in result.tasks if t.task == key)
        verdicts[task.verdict] += 1
        assert task.verdict in allowed, f"{name}: {task.verdict} {say(task.message)}"
        assert not task.score or allowed == ("correct",), name
        if task.verdict not in ("incorrect", "correct"):
            assert task.message, name
    # every broken file: status error with a one-line reason
    for name, _content, words in BROKEN_FILES:
        result = results[f"broken/{name}"]
        assert result.status == "error" and result.score is None, name
        assert words in result.error and "\n" not in result.error, (name, result.error)
    assert not (tmp_path / PWNED).exists() and not (ROOT / PWNED).exists()


def test_no_text_ever_reaches_sympys_eval_based_parsers(monkeypatch, tmp_path):
    """sympify of a string and parse_expr run eval; grading a class (diagnosis included) must
    never call them. sympify imports parse_expr when called, so patching it catches both."""
    import sympy.parsing.sympy_parser as sympy_parser

    def refuse(*args, **kwargs):
        raise AssertionError(f"eval-based parser called with {args[:1]!r}")

    monkeypatch.setattr(sympy_parser, "parse_expr", refuse)
    monkeypatch.setattr(sympy_parser, "eval_expr", refuse)
    run = grade_class(load_exercises([str(ROOT / "exercises")]), [ROOT / "examples" / "submissions"],
                      tmp_path, jobs=1)
    assert all(r.status == "graded" for r in run.report.results)
    assert not any(t.verdict == "error" for r in run.report.results for t in r.tasks)
    # the patch is live: a string through sympify now fails
    import sympy
    with pytest.raises(AssertionError):
        sympy.sympify("x + 1")
