"""Finding exercises: by path, or by id among the exercises bundled with grader."""

from __future__ import annotations

import hashlib
from pathlib import Path

from grader.errors import ExerciseError, ExerciseErrors, GraderError, NotFound
from grader.exercise import Exercise, exercise_files, load_exercise


def bundled_exercises_dir() -> Path:
    """The exercises shipped with grader: inside the installed wheel, or the repo's folder."""
    here = Path(__file__).resolve().parent.parent  # the grader package
    for candidate in (here / "_bundled" / "exercises", here.parent / "exercises"):
        if candidate.is_dir():
            return candidate
    raise GraderError("the bundled exercises are missing from this installation; reinstall grader")


def resolve_exercise_paths(names: list[str]) -> list[Path]:
    """Each name is a file, a folder of exercise files, or the id of a bundled exercise."""
    paths = []
    for name in names:
        path = Path(name)
        if path.exists():
            paths.append(path)
            continue
        bundled = bundled_exercises_dir() / f"{name}.yaml"
        if bundled.is_file():
            paths.append(bundled)
            continue
        available = ", ".join(sorted(p.stem for p in bundled_exercises_dir().glob("*.yaml")))
        raise NotFound(f"no exercise file or bundled exercise '{name}' (bundled: {available})")
    return paths


def load_exercises(names: list[str]) -> dict[str, Exercise]:
    """Load every exercise named; raise :class:`ExerciseErrors` listing all problems found."""
    exercises, errors = load_each_exercise(names)
    if errors:
        raise ExerciseErrors(errors)
    return exercises


def load_each_exercise(names: list[str]) -> tuple[dict[str, Exercise], list[ExerciseError]]:
    """Every exercise named that loads, and the errors of those that do not: one broken file
    in a folder does not hide what the others say (``validate``)."""
    errors: list[ExerciseError] = []
    exercises: dict[str, Exercise] = {}
    files = list(exercise_files(resolve_exercise_paths(names)))
    if not files:
        raise GraderError(f"no exercise files (*.yaml) in {', '.join(names)}")
    for path in files:
        try:
            exercise = load_exercise(path)
        except ExerciseErrors as exc:
            errors.extend(exc.errors)
            continue
        if exercise.id in exercises:
            errors.append(ExerciseError(
                f"exercise id '{exercise.id}' is also used by {exercises[exercise.id].path}", str(path), 1))
            continue
        exercises[exercise.id] = exercise
    return exercises, errors


def exercises_digest(exercises: dict[str, Exercise]) -> str:
    """A short hash of the exercises a class is graded on: a journal of other ones is not resumed."""
    joined = "|".join(f"{k}:{exercises[k].digest}" for k in sorted(exercises))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
