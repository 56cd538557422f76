"""A class run as a teacher runs it: every file found, nothing graded lost, byte-identical."""

from __future__ import annotations

import shutil

from grader.classrun import grade_class, same_file
from grader.library import load_exercises
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "submissions"


def test_the_same_class_in_any_file_order_and_jobs_gives_the_same_bytes(tmp_path):
    exercises = load_exercises([str(ROOT / "exercises")])
    first = tmp_path / "one"
    shutil.copytree(EXAMPLES, first)
    grade_class(exercises, [first], tmp_path / "a", jobs=1)
    files = sorted(first.iterdir(), reverse=True)
    grade_class(exercises, files, tmp_path / "b", jobs=2)
    assert (tmp_path / "a" / "results.json").read_bytes() == (tmp_path / "b" / "results.json").read_bytes()


def test_summary_counts_agree_with_the_file(tmp_path):
    run = grade_class(load_exercises([str(ROOT / "exercises")]), [EXAMPLES], tmp_path)
    assert run.graded_now == len(run.report.results) == 14 and run.errors == 0
    assert run.warnings == ()


def test_same_file_is_one_spelling(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert same_file("a/b.yaml") == same_file(tmp_path / "a" / "b.yaml") == same_file("./a/../a/b.yaml")


def test_the_verdict_cache_changes_no_byte(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT))
    from benchmarks.classgen import write_class

    folder = tmp_path / "class"
    write_class(folder, 150, forms=8)  # answers that repeat, descent steps following through
    exercises = load_exercises([str(ROOT / "exercises")])
    outputs = []
    for jobs, cache in ((1, False), (1, True), (2, True)):
        out = tmp_path / f"out-{jobs}-{cache}"
        grade_class(exercises, [folder], out, jobs=jobs, cache=cache)
        outputs.append((out / "results.json").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
