"""Load on ``grader serve``: N simulated students type the example answers (a preview request
after each pause in typing), then press Check; repeated for a number of rounds. Measures
throughput, p50/p99 latency of validate and check, errors (any answer but 200), and the
server's memory (the server and its workers) over the run; then the same checks through
``grader check`` one process per request, the yardstick.

    python benchmarks/serve_load.py --students 50 --rounds 3
    python benchmarks/serve_load.py --students 20 --rounds 2 --pace 0 --yardstick 0   # capacity

Starts ``grader serve`` itself on a free port (``--rate 0 --checks-per-client 0``: the simulated
students share one address). Prints one line per measurement. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(ROOT)}
EXAMPLES = [*sorted((ROOT / "examples" / "submissions").glob("*.yaml")),
            *sorted((ROOT / "examples" / "variants").glob("*.yaml"))]
PAUSES_PER_ANSWER = 3  # previews while one answer is typed: after a third, two thirds, all of it
TYPING_PAUSE = (0.3, 0.9)  # seconds between previews, as a student types
THINKING = (0.5, 2.0)  # seconds before Check, after the last answer


def submissions() -> list[dict]:
    """The example submissions, their answers to the exercise's tasks only (a few examples
    hand in an answer under a key that is no task, which the API refuses with 404)."""
    sys.path.insert(0, str(ROOT))
    from grader.api import load_exercises

    exercises = load_exercises()
    found = []
    for path in EXAMPLES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        tasks = {t.key for t in exercises[data["exercise"]].tasks}
        found.append({"path": path, "exercise": data["exercise"], "student": str(data["student"]),
                      "answers": {k: str(v) for k, v in data["answers"].items() if k in tasks}})
    return found


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "grader", "serve", "--port", "0", "--rate", "0",
                                "--checks-per-client", "0", "--workers", str(workers)],
                               cwd=ROOT, env=ENVIRONMENT,
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"at (http://\S+/)", line)
    if not found:
        process.kill()
        raise SystemExit(f"grader serve did not start: {line}")
    return process, found.group(1)


def memory_mb(pid: int) -> float:
    """Resident memory of the server and its workers (its children), in MB."""
    total = 0
    pids = [pid]
    try:
        pids += [int(p) for t in os.listdir(f"/proc/{pid}/task")
                 for p in Path(f"/proc/{pid}/task/{t}/children").read_text().split()]
    except OSError:
        pass
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.samples, self.done = pid, [], threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.samples.append(memory_mb(self.pid))
            self.done.wait(0.5)


async def student(client: httpx.AsyncClient, given: dict, rounds: int, pace: float, times: dict,
                  errors: list[str], rng: random.Random) -> None:
    await asyncio.sleep(pace * rng.uniform(0, 2.0))  # students do not all start at once
    variant = "variants" in given["path"].parts
    who = given["student"] if variant else None
    for _ in range(rounds):
        for task, answer in given["answers"].items():
            for part in range(1, PAUSES_PER_ANSWER + 1):
                typed = answer[: max(1, len(answer) * part // PAUSES_PER_ANSWER)]
                await asyncio.sleep(pace * rng.uniform(*TYPING_PAUSE))
                body = {"exercise": given["exercise"], "task": task, "answer": typed, "student": who}
                await timed(client, "/api/validate", body, times["validate"], errors)
        await asyncio.sleep(pace * rng.uniform(*THINKING))
        body = {"exercise": given["exercise"], "answers": given["answers"], "student": who}
        await timed(client, "/api/check", body, times["check"], errors)


async def timed(client: httpx.AsyncClient, route: str, body: dict, into: list[float], errors: list[str]) -> None:
    started = time.perf_counter()
    try:
        response = await client.post(route, json=body)
        status = response.status_code
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    into.append(time.perf_counter() - started)
    if status != 200:
        errors.append(f"{route}: {status}")
    elif route == "/api/check":  # a grader failure (a worker killed or out of time) is an error too
        failed = [t["task"] for t in response.json()["tasks"] if t["verdict"] in ("error", "timeout")]
        errors.extend(f"{route}: {task} not decided" for task in failed)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_after_another(url: str, pid: int, count: int) -> tuple[float, float]:
    """Previews one after another on one kept-alive connection: wall and server CPU seconds each."""
    body = {"exercise": "gradient-descent", "task": "gd2.step1", "answer": "(-4 - 0.1*64, 2 - 0.1*0.8) = (-10.4, 1.92)"}
    with httpx.Client(base_url=url) as client:
        for _ in range(50):  # warm: the first requests import and build what later ones reuse
            client.post("/api/validate", json=body)
        cpu, started = cpu_seconds(pid), time.perf_counter()
        for _ in range(count):
            client.post("/api/validate", json=body)
        return (time.perf_counter() - started) / count, (cpu_seconds(pid) - cpu) / count


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def load(url: str, students: int, rounds: int, pace: float) -> tuple[dict, list[str], float]:
    given = submissions()
    times: dict[str, list[float]] = {"validate": [], "check": []}
    errors: list[str] = []
    rng = random.Random(1)
    limits = httpx.Limits(max_connections=students, max_keepalive_connections=students)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(student(client, given[n % len(given)], rounds, pace, times, errors,
                                       random.Random(rng.random())) for n in range(students)))
        elapsed = time.perf_counter() - started
    return times, errors, elapsed


def yardstick(count: int) -> list[float]:
    """The same checks as `grader check --json`, one process per request, one after another."""
    given = submissions()
    seconds = []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(count):
            chosen = given[n % len(given)]
            path = Path(folder) / f"s{n}.yaml"
            path.write_text(json.dumps({"student": chosen["student"], "exercise": chosen["exercise"],
                                        "answers": chosen["answers"]}), encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "grader", "check", chosen["exercise"], str(path), "--json"],
                           cwd=ROOT, env=ENVIRONMENT, capture_output=True, check=False)
            seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="grader serve --workers (0: the cores)")
    parser.add_argument("--yardstick", type=int, default=20, help="checks through grader check")
    parser.add_argument("--sequential", type=int, default=500, help="previews one after another, first")
    parser.add_argument("--pace", type=float, default=1.0,
                        help="times the typing and thinking pauses (0: none, the server's capacity)")
    options = parser.parse_args()
    process, url = start_server(options.workers)
    sampler = Sampler(process.pid)
    sampler.start()
    try:
        if options.sequential:
            wall, cpu = one_after_another(url, process.pid, options.sequential)
            print(f"one preview after another: {1000 * wall:.2f} ms each, {1000 * cpu:.2f} ms of the server's CPU")
        times, errors, elapsed = asyncio.run(load(url, options.students, options.rounds, options.pace))
    finally:
        sampler.done.set()
        sampler.join()
        process.terminate()
        process.wait(60)
    requests = len(times["validate"]) + len(times["check"])
    print(f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), Python {sys.version.split()[0]}")
    print(f"{options.students} students, {options.rounds} rounds: {requests} requests in {elapsed:.1f} s, "
          f"{requests / elapsed:.1f} requests/s ({len(times['check']) / elapsed:.2f} checks/s)")
    for kind in ("validate", "check"):
        values = times[kind]
        print(f"{kind}: {len(values)} requests, p50 {1000 * percentile(values, 0.5):.1f} ms, "
              f"p99 {1000 * percentile(values, 0.99):.1f} ms, max {1000 * max(values):.1f} ms")
    print(f"errors (not 200, or a task timeout/error): {len(errors)}"
          + (f" ({', '.join(sorted(set(errors))[:5])})" if errors else ""))
    samples = sampler.samples
    print(f"server memory (server + workers, RSS): start {samples[0]:.0f} MB, peak {max(samples):.0f} MB, "
          f"end {samples[-1]:.0f} MB")
    if options.yardstick:
        seconds = yardstick(options.yardstick)
        print(f"yardstick: grader check, one process per request: {len(seconds)} checks, p50 "
              f"{1000 * statistics.median(seconds):.0f} ms, p99 {1000 * percentile(seconds, 0.99):.0f} ms, "
              f"{len(seconds) / sum(seconds):.2f} checks/s one after another")


if __name__ == "__main__":
    main()
