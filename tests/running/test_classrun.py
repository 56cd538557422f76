"""A class run as a teacher runs it: every file found, nothing graded lost, byte-identical."""

from __future__ import annotations

import shutil

import pytest

from grader.exercise.find import load_exercises
from grader.running.classrun import grade_class, read_results, same_file
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


def _one_class(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("anouk.yaml", "bram.yaml", "chloe.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    return load_exercises([str(ROOT / "exercises")]), folder


def _disk_full_after(count: int, monkeypatch) -> None:
    """The journal's file fills the disk after ``count`` lines (ENOSPC at the write)."""
    import errno

    from grader.running.store import Journal

    start = Journal.start

    class Full:
        def __init__(self, real):
            self.real, self.lines = real, 0

        def write(self, text):
            self.lines += 1
            if self.lines > count:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.real.write(text)

        def flush(self):
            self.real.flush()

        def close(self):
            self.real.close()

    def start_then_fill(journal, keep):
        start(journal, keep)
        journal._out = Full(journal._out)

    monkeypatch.setattr(Journal, "start", start_then_fill)


def test_a_journal_that_fills_the_disk_still_gives_results_and_says_so(tmp_path, monkeypatch, run):
    """A full disk at the journal was a traceback, exit 1 and no results.json: now the run goes
    on, results.json is complete, a warning says the journal stopped, and --resume takes over
    what it did hold."""
    exercises, folder = _one_class(tmp_path)
    _disk_full_after(1, monkeypatch)
    result = run("grade", str(ROOT / "exercises"), "-s", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "warning: could not write" in result.stderr and "No space left on device" in result.stderr
    assert len(read_results(tmp_path / "out" / "results.json").results) == 3
    monkeypatch.undo()
    again = grade_class(exercises, [folder], tmp_path / "out", resume=True)
    assert (again.reused, again.graded_now) == (1, 2)


def test_a_full_disk_for_results_too_is_one_line_and_exit_2(tmp_path, monkeypatch, run):
    _exercises, folder = _one_class(tmp_path)
    _disk_full_after(2, monkeypatch)
    import errno

    import grader.running.classrun as classrun

    def full(_path, _text, durable=True):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(classrun, "write_atomic", full)
    result = run("grade", str(ROOT / "exercises"), "-s", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "-q")
    assert result.exit_code == 2 and "Traceback" not in result.output
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"error: cannot write {tmp_path / 'out' / 'results.json'}: No space")
    assert "run again with --resume: the 2 result(s) recorded in" in line


def test_a_second_run_into_the_same_out_is_refused_while_the_first_holds_it(tmp_path):
    import fcntl
    import os

    import pytest

    from grader.errors import OutputError

    exercises, folder = _one_class(tmp_path)
    out = tmp_path / "out"
    grade_class(exercises, [folder], out)  # leaves its lock file: it blocks nothing after the run
    before = (out / "results.json").read_bytes()
    handle = os.open(out / ".grader-lock", os.O_RDWR)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a run in another process holds it
        with pytest.raises(OutputError, match=r"another grader run is writing to .*; wait for it"):
            grade_class(exercises, [folder], out)
    finally:
        os.close(handle)
    assert (out / "results.json").read_bytes() == before
    assert grade_class(exercises, [folder], out).graded_now == 3  # released: a dead run's lock blocks nothing


def test_a_lock_held_by_a_killed_process_blocks_nothing(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    exercises, folder = _one_class(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys, time\n"
                               f"h = os.open({str(out / '.grader-lock')!r}, os.O_RDWR | os.O_CREAT)\n"
                               "fcntl.flock(h, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(600)\n"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert grade_class(exercises, [folder], out).graded_now == 3


def test_out_inside_the_submissions_folder_is_not_graded_next_time(tmp_path):
    """--out inside --submissions: the second run graded grader's own results.json and the
    Gradescope export as 15 broken submissions."""
    exercises, folder = _one_class(tmp_path)
    out = folder / "out"
    from grader.export.write import Options, export

    first = grade_class(exercises, [folder], out)
    export(first.report, "gradescope", out / "exports" / "gradescope", Options())
    second = grade_class(exercises, [folder], out)
    assert second.errors == 0 and len(second.report.results) == 3
    same = grade_class(exercises, [folder], folder)  # --out the submissions folder itself
    assert same.errors == 0 and len(same.report.results) == 3


@pytest.mark.parametrize("module,function,options", [
    ("grader.report.write", "write_reports", ["--report", "md"]),
    ("grader.export.write", "export", ["--export", "csv"]),
])
def test_grade_holds_out_until_its_reports_and_exports_are_written(tmp_path, module, function, options):
    """Two `grader grade --out DIR` at once: while the first writes its report (or export),
    paused there, the second is refused; it would interleave its files with the first's."""
    import os
    import subprocess
    import sys

    from click.testing import CliRunner

    from grader.cli import cli
    from tests.helpers import FINISHES_SECONDS

    _exercises, folder = _one_class(tmp_path)
    out = tmp_path / "out"
    first = [str(ROOT / "exercises"), "--submissions", str(folder), "--out", str(out), "--jobs", "1", *options]
    script = (f"import sys\nimport {module} as stage\nreal = stage.{function}\n"
              "def paused(*args, **kwargs):\n    print('writing', flush=True)\n    sys.stdin.readline()\n"
              "    return real(*args, **kwargs)\n"
              f"stage.{function} = paused\nfrom grader.cli import cli\ncli(['grade', *{first!r}])\n")
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdin is not None
        assert writer.stdout.readline().strip() == "writing"  # graded; now writing, and paused
        second = CliRunner().invoke(cli, ["grade", *first])
        assert second.exit_code == 2, second.output
        assert "another grader run is writing to" in second.stderr
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.wait(FINISHES_SECONDS) == 0, writer.stderr.read() if writer.stderr else ""
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert CliRunner().invoke(cli, ["grade", *first]).exit_code == 0  # released once the first is done
