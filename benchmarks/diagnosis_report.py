"""How many wrong answers get a diagnosis: the bundled example class and a generated class.

    python benchmarks/diagnosis_report.py [--submissions 1000]

"Wrong" is incorrect or partial; a false diagnosis is a mistake code on a correct answer
(notation warnings and follow-through credit are not mistakes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.classgen import write_class  # noqa: E402

NOT_MISTAKES = {"negative-base-notation", "carried-error"}


def report(label: str, submissions: Path) -> None:
    out = Path(tempfile.mkdtemp(prefix="grader-diag-"))
    subprocess.run([sys.executable, "-m", "grader", "grade", str(ROOT / "exercises"), "-s", str(submissions),
                    "-o", str(out), "-q"], check=False, stdout=subprocess.DEVNULL)
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    tasks = [t for r in data["results"] for t in r["tasks"]]
    wrong = [t for t in tasks if t["verdict"] in ("incorrect", "partial")]
    diagnosed = [t for t in wrong if {d["code"] for d in t["diagnoses"]} - NOT_MISTAKES]
    false = [t for t in tasks if t["verdict"] == "correct"
             and {d["code"] for d in t["diagnoses"]} - NOT_MISTAKES]
    codes = Counter(d["code"] for t in tasks for d in t["diagnoses"])
    print(f"{label}: {len(tasks)} answers, {len(wrong)} wrong, {len(diagnosed)} of them diagnosed "
          f"({100 * len(diagnosed) / max(1, len(wrong)):.0f}%), {len(false)} false diagnoses on right answers")
    print("  codes: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    for t in wrong:
        if t not in diagnosed:
            print(f"  undiagnosed: {t['task']}: {t['answer']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=1000)
    args = parser.parse_args()
    report("example class", ROOT / "examples" / "submissions")
    generated = Path(tempfile.mkdtemp(prefix="grader-diag-class-"))
    write_class(generated, args.submissions)
    report(f"generated class of {args.submissions}", generated)


if __name__ == "__main__":
    main()
