"""Measure grading speed: answers per second on one core, the batch engine with --jobs 1 and
--jobs 2, and the cold start of ``grader check``.

    python benchmarks/bench.py --submissions 1000
    python benchmarks/bench.py --submissions 5000 --jobs 1 2 --reports

Prints one line per measurement. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.classgen import write_class, write_variant_class  # noqa: E402
from grader.exercise.find import load_exercises  # noqa: E402
from grader.reading.submission import read_submission, submission_files  # noqa: E402
from grader.running.grade import grade_submission  # noqa: E402

# As a user's machine runs grader: with Python's bytecode cache. A sandbox that sets
# PYTHONDONTWRITEBYTECODE makes every command compile grader's modules again (~50 ms each).
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def best_of(runs: int, measure, *args):
    """The fastest of several runs: the machine's noise only ever adds time."""
    results = [measure(*args) for _ in range(runs)]
    return min(results, key=_seconds)


def best_in_turns(runs: int, *measures):
    """The fastest run of each of ``measures`` (pairs of a function and its arguments), run in
    turns: a machine whose speed drifts during the benchmark then moves both sides of a ratio
    alike (between two runs of the whole benchmark the in-process figure alone moved 2.5 %)."""
    results: list[list] = [[] for _ in measures]
    for _ in range(runs):
        for found, (measure, args) in zip(results, measures, strict=True):
            found.append(measure(*args))
    return [min(found, key=_seconds) for found in results]


def _seconds(result) -> float:
    return result[0] if isinstance(result, tuple) else result


def in_process(folder: Path) -> tuple[float, int]:
    """Grade every file in one fresh process, no workers: the core's own speed on one core.
    Fresh, because a second run in the same process would find its caches warm."""
    done = subprocess.run([sys.executable, __file__, "--in-process-only", str(folder)], env=ENVIRONMENT, check=True,
                          capture_output=True, text=True)
    seconds, answers = done.stdout.split()
    return float(seconds), int(answers)


def grade_here(folder: Path) -> tuple[float, int]:
    exercises = load_exercises([str(ROOT / "exercises")])
    files = submission_files([folder])
    started = time.perf_counter()
    answers = 0
    for path in files:
        submission = read_submission(path)
        for _ in grade_submission(exercises[submission.exercise], submission):
            answers += 1
    return time.perf_counter() - started, answers


def settled() -> None:
    """Write out what earlier runs left for the kernel to write, before a timed run: else a
    run that writes to disk pays for the files the run before it made (measured: a report to
    disk 2.1 s alone, 5.3 s right after the exports)."""
    os.sync()


def batch(folder: Path, jobs: int, cache: bool = True) -> float:
    out = Path(tempfile.mkdtemp())
    settled()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader", "grade", str(ROOT / "exercises"), "-s", str(folder),
                    "-o", str(out), "--jobs", str(jobs), "--quiet", *([] if cache else ["--no-cache"])],
                   env=ENVIRONMENT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # the run's summary goes to stderr
    elapsed = time.perf_counter() - started
    shutil.rmtree(out)
    return elapsed


def peak_memory(folder: Path, jobs: int) -> tuple[float, float]:
    """Peak resident memory, in MB, of the grader process and of its largest worker, in one
    untimed ``grader grade --no-cache`` run. A worker's is its high-water mark (VmHWM), read
    from /proc every 10 ms while it lives; the grader process's comes with its exit status
    (``wait4``), which Linux gives as the largest of it and its workers. The largest of all
    is the grader process, which holds the class's results: ``getrusage`` of the children, the
    earlier figure, measured that one, not a worker."""
    out = Path(tempfile.mkdtemp())
    command = subprocess.Popen([sys.executable, "-m", "grader", "grade", str(ROOT / "exercises"), "-s", str(folder),
                                "-o", str(out), "--jobs", str(jobs), "--quiet", "--no-cache"], env=ENVIRONMENT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(command.pid, os.WNOHANG)
        if pid:
            command.returncode = os.waitstatus_to_exitcode(status)
            break
        for child in _children(command.pid):
            workers[child] = max(workers.get(child, 0), _high_water_kb(child))
        time.sleep(0.01)
    shutil.rmtree(out)
    worker = max(workers.values(), default=0)
    return max(usage.ru_maxrss, worker) / 1024, worker / 1024


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(child) for child in listed.read().split()]
    except OSError:
        return []


def _high_water_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def unisolated(folder: Path) -> float:
    """``grader grade --jobs 1 --no-cache`` with every submission graded in the command's own
    process, no worker: start-up, journal, results.json and summary as in a real run, so that
    against it what the worker itself costs shows (a measurement only: grader never grades
    unisolated, since only a killed process stops SymPy)."""
    out = Path(tempfile.mkdtemp())
    settled()
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--unisolated-only", str(folder), str(out)], env=ENVIRONMENT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    shutil.rmtree(out)
    return elapsed


def grade_unisolated(folder: Path, out: Path) -> None:
    from grader import cli
    from grader.results.write import submission_json
    from grader.running import batch, worker

    def in_this_process(engine: batch.Engine, paths: list[Path], reading=None) -> list:
        slot = worker.Slot(worker.READING, 0, 0.0, 0.0)
        results = []
        for index, path in enumerate(paths):
            result = worker.grade_job(worker.Job(index, str(path)), engine.exercises, slot)
            if engine.on_result is not None:
                engine.on_result(result, submission_json(result))
            results.append(result)
        return results

    batch.Engine.grade = in_this_process  # type: ignore[method-assign]
    sys.argv = ["grader", "grade", str(ROOT / "exercises"), "-s", str(folder), "-o", str(out), "--jobs", "1",
                "--quiet", "--no-cache"]
    cli.main()


def reports(results: Path, outs: list[Path], where: str | None) -> float:
    """``grader report`` of a graded class: the overview, items.csv and every student's report
    in HTML and Markdown, written under ``where`` (None: the temporary folder's disk). The
    folders are removed only after all runs: deleting ten thousand files just before writing ten
    thousand more makes the file system, not grader, the cost."""
    out = Path(tempfile.mkdtemp(dir=where))
    outs.append(out)
    settled()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader", "report", str(results), "--out", str(out / "report")],
                   env=ENVIRONMENT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def graded_once(folder: Path) -> Path:
    """A folder holding the class's results.json, for timing what reads it."""
    graded = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "grader", "grade", str(ROOT / "exercises"), "-s", str(folder),
                    "-o", str(graded), "--quiet"], env=ENVIRONMENT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return graded


def export_time(graded: Path, fmt: str) -> float:
    out = graded / f"export-{fmt}-{time.perf_counter_ns()}"
    settled()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader", "export", str(graded / "results.json"), "--format", fmt,
                    "--out", str(out), "--timestamp", "2026-11-28T00:00:00.000Z"], env=ENVIRONMENT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def cold_check(runs: int = 5) -> float:
    times = []
    for run in range(runs + 1):  # the first, untimed, leaves the bytecode cache in place
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "grader", "check", "gradient-descent",
                        str(ROOT / "examples/submissions/hanna.yaml")], env=ENVIRONMENT, check=True,
                       stdout=subprocess.DEVNULL)
        if run:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="*", default=[])
    parser.add_argument("--skip-in-process", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="take the best of this many runs")
    parser.add_argument("--reports", action="store_true", help="also time rendering the reports")
    parser.add_argument("--exports", action="store_true", help="also time every export format")
    parser.add_argument("--repetitive", type=int, metavar="FORMS",
                        help="also grade a class whose answers repeat (FORMS written forms per task)")
    parser.add_argument("--variants", action="store_true",
                        help="also grade gradient descent with every student on a variant of their own, "
                             "against the same class on the fixed exercise")
    parser.add_argument("--in-process-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--unisolated-only", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process_only:
        seconds, answers = grade_here(args.in_process_only)
        print(seconds, answers)
        return
    if args.unisolated_only:
        grade_unisolated(*args.unisolated_only)
        return
    folder = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    try:
        answers = write_class(folder, args.submissions)
        print(f"class: {args.submissions} submissions, {answers} answers (cpus: {os.cpu_count()})")
        single = None
        isolated: dict[int, float] = {}  # --jobs 1 --no-cache, when measured in turns with in-process
        alone = None  # the same command grading in its own process
        if not args.skip_in_process:
            if 1 in args.jobs:  # the isolation is their ratio
                (seconds, graded), isolated[1], alone = best_in_turns(
                    args.runs, (in_process, (folder,)), (batch, (folder, 1, False)), (unisolated, (folder,)))
            else:
                seconds, graded = best_of(args.runs, in_process, folder)
            single = graded / seconds
            print(f"in-process, one core: {seconds:.2f} s, {single:.0f} answers/s")
        fixed = None
        if args.jobs:
            one = Path(tempfile.mkdtemp(prefix="grader-bench-one-"))
            write_class(one, 1)
            fixed = best_of(args.runs, batch, one, 1)
            shutil.rmtree(one)
            print(f"grader grade of 1 submission (start-up, loading exercises, writing): {fixed:.2f} s")
        for jobs in args.jobs:
            # Like with like: the in-process figure grades every answer, so isolation is
            # measured without the verdict cache; the cache's own gain is the second line.
            seconds = isolated.get(jobs) or best_of(args.runs, batch, folder, jobs, False)
            line = f"grader grade --jobs {jobs} --no-cache: {seconds:.2f} s, {answers / seconds:.0f} answers/s"
            if single is not None and jobs == 1:
                line += f" (isolation costs {100 * (1 - answers / seconds / single):.0f}% against in-process"
                if fixed is not None:
                    steady = answers / (seconds - fixed)
                    line += f"; {100 * (1 - steady / single):.0f}% without the fixed start-up"
                line += ")"
            print(line)
            if Path("/proc/self/status").exists():
                grader, worker = peak_memory(folder, jobs)
                print(f"peak memory with --jobs {jobs}: grader process {grader:.0f} MB, largest worker {worker:.0f} MB")
            if alone is not None and jobs == 1:
                print(f"grader grade --jobs 1 --no-cache grading in its own process, no worker (for comparison "
                      f"only): {alone:.2f} s; the worker costs {100 * (seconds / alone - 1):+.0f}% against it")
            cached = best_of(args.runs, batch, folder, jobs, True)
            print(f"grader grade --jobs {jobs} (verdict cache on, the default): {cached:.2f} s, "
                  f"{answers / cached:.0f} answers/s")
        if args.repetitive:
            repeated = Path(tempfile.mkdtemp(prefix="grader-bench-forms-"))
            total = write_class(repeated, args.submissions, forms=args.repetitive)
            for jobs in args.jobs or [1]:
                for cache in (False, True):
                    seconds = best_of(args.runs, batch, repeated, jobs, cache)
                    print(f"repetitive class ({args.repetitive} forms per task), grader grade --jobs {jobs} "
                          f"{'with' if cache else 'without'} the cache: {seconds:.2f} s, "
                          f"{total / seconds:.0f} answers/s")
            shutil.rmtree(repeated)
        if args.variants:
            for variants, label in ((False, "fixed gradient-descent"),
                                    (True, "gradient-descent-variants, every student a variant of their own")):
                place = Path(tempfile.mkdtemp(prefix="grader-bench-variants-"))
                total = write_variant_class(place, args.submissions, variants)
                for jobs in args.jobs or [1]:
                    for cache in (False, True):
                        seconds = best_of(args.runs, batch, place, jobs, cache)
                        print(f"{label}: grader grade --jobs {jobs}{'' if cache else ' --no-cache'}: "
                              f"{seconds:.2f} s, {total / seconds:.0f} answers/s")
                if args.reports and variants:
                    graded = graded_once(place)
                    outs = [graded]
                    where, written = ("/dev/shm", "in memory (tmpfs)") if Path("/dev/shm").is_dir() else (None, "on disk")
                    seconds = best_of(args.runs, reports, graded / "results.json", outs, where)
                    print(f"{label}: grader report (every student's pictures on their own numbers) "
                          f"written {written}: {seconds:.2f} s")
                    for out in outs:
                        shutil.rmtree(out)
                shutil.rmtree(place)
        if args.exports:
            graded = graded_once(folder)
            for fmt in ("canvas", "moodle", "csv", "gradescope", "lti", "junit"):
                seconds = best_of(args.runs, export_time, graded, fmt)
                print(f"grader export --format {fmt} ({args.submissions} submissions): {seconds:.2f} s")
            shutil.rmtree(graded)
        if args.reports:
            graded = graded_once(folder)
            outs: list[Path] = [graded]
            places = [(None, "on disk")] + ([("/dev/shm", "in memory (tmpfs)")] if Path("/dev/shm").is_dir() else [])
            for where, label in places:
                seconds = best_of(args.runs, reports, graded / "results.json", outs, where)
                print(f"grader report (overview, items.csv, {args.submissions} students in HTML and "
                      f"Markdown) written {label}: {seconds:.2f} s")
            for out in outs:
                shutil.rmtree(out)
        print(f"grader check, cold start (median of 5): {cold_check():.2f} s")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
