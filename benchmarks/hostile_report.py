"""Grade the hostile corpus of tests/hostile_corpus.py one answer at a time through the batch
engine and report each verdict, the slowest case and the peak memory of a worker.

    python benchmarks/hostile_report.py
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.exercise.find import load_exercises  # noqa: E402
from grader.report.hygiene import printable  # noqa: E402
from grader.running.batch import Engine  # noqa: E402
from tests.hostile_corpus import BROKEN_FILES, EXERCISE_OF, HOSTILE_ANSWERS  # noqa: E402


def main() -> None:
    exercises = load_exercises([str(ROOT / "exercises")])
    folder = Path(tempfile.mkdtemp(prefix="grader-hostile-"))
    timings = []
    verdicts: Counter[str] = Counter()
    for number, (name, key, text, _allowed) in enumerate(HOSTILE_ANSWERS):
        path = folder / f"h{number:03d}.json"
        path.write_text(json.dumps({"student": f"h{number}", "exercise": EXERCISE_OF[key[0]],
                                    "answers": {key: text}}), encoding="utf-8")
        started = time.perf_counter()
        (result,) = Engine(exercises, jobs=1).grade([path])
        elapsed = time.perf_counter() - started
        task = next(t for t in result.tasks if t.task == key)
        verdicts[task.verdict] += 1
        timings.append((elapsed, name))
        print(printable(f"{elapsed * 1000:8.1f} ms  {task.verdict:<9} {name}: {task.message or ''}"))
    for name, content, _words in BROKEN_FILES:
        path = folder / name
        path.write_bytes(content)
        started = time.perf_counter()
        (result,) = Engine(exercises, jobs=1).grade([path])
        elapsed = time.perf_counter() - started
        verdicts["file error" if result.status == "error" else "file graded"] += 1
        timings.append((elapsed, name))
        print(printable(f"{elapsed * 1000:8.1f} ms  {result.status:<9} {name}: {result.error}"))
    slowest = max(timings)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\ncases: {len(HOSTILE_ANSWERS)} answers + {len(BROKEN_FILES)} files; "
          f"verdicts: {dict(sorted(verdicts.items()))}")
    print(f"slowest: {slowest[1]} at {slowest[0] * 1000:.0f} ms (each includes starting a worker)")
    print(f"peak memory of a worker: {peak:.0f} MB")


if __name__ == "__main__":
    main()
