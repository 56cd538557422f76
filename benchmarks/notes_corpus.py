"""Notes as students write them, mapped as a teacher would map them.

``examples/notes/corpus/`` holds students' notes in the styles they use (Obsidian, Typora,
Notion and VS Code Markdown, a Jupyter notebook; Dutch and English); the seed notes are
``examples/notes/seed-notes.md``. ``examples/notes/corpus-teacher.yaml`` says, written by hand,
where a teacher finds each task's answer and what it is. This counts, per file and in total,
the tasks grader maps as the teacher did: the same place and the same result (the last part
of the text taken, spaces aside), or nothing where the teacher found nothing.

    python benchmarks/notes_corpus.py          # per file and in total
    python benchmarks/notes_corpus.py --all    # and every task mapped otherwise
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.exercise.find import load_exercises
from grader.reading.notemap import map_notes, split_top
from grader.reading.submission import read_submission

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "notes" / "corpus"
TEACHER = ROOT / "examples" / "notes" / "corpus-teacher.yaml"


@dataclass(frozen=True)
class Taken:
    """Where an answer stands (``18``, ``cell 2, line 5``) and its result; None: no answer."""

    at: str | None
    answer: str | None

    def same(self, other: Taken) -> bool:
        return self.at == other.at and _squeezed(self.answer) == _squeezed(other.answer)

    def shown(self) -> str:
        return "none" if self.at is None else f"{self.at}: {self.answer}"


def _squeezed(text: str | None) -> str | None:
    return None if text is None else "".join(text.split())


def graders_mapping(name: str, exercise_id: str) -> dict[str, Taken]:
    """Task -> what grader takes from the notes (an ambiguous task is taken as nothing)."""
    path = CORPUS / name
    exercise = load_exercises([exercise_id])[exercise_id]
    submission = read_submission(path, student="teacher", exercise=exercise_id, as_notes=True)
    assert submission.notes is not None
    mapping = map_notes(exercise, submission.notes)
    taken = {task.key: Taken(None, None) for task in exercise.tasks}
    for found in mapping.found:
        at = found.where[len(str(path)):].lstrip(": ")
        taken[found.task] = Taken(at, split_top(found.text)[-1])
    return taken


def teachers_mapping(tasks: dict[str, object]) -> dict[str, Taken]:
    return {key: Taken(None, None) if value == "none" else Taken(str(value["at"]), str(value["answer"]))
            for key, value in tasks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="show every task mapped otherwise")
    show_all = parser.parse_args().all
    expected = yaml.safe_load(TEACHER.read_text(encoding="utf-8"))
    agreed = total = 0
    for entry, spec in expected.items():
        name = entry.split()[0]
        teacher = teachers_mapping(spec["tasks"])
        grader = graders_mapping(name, spec["exercise"])
        same = [key for key in teacher if teacher[key].same(grader[key])]
        agreed, total = agreed + len(same), total + len(teacher)
        print(f"{entry:<48} {len(same):>3} / {len(teacher)}")
        if show_all:
            for key in teacher:
                if key not in same:
                    print(f"    {key:<14} teacher {teacher[key].shown()}\n    {'':<14} grader  {grader[key].shown()}")
    print(f"{'total':<48} {agreed:>3} / {total}")


if __name__ == "__main__":
    main()
