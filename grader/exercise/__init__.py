"""Exercises: the model (``model``) and reading it from YAML (``reader``)."""

from grader.exercise.model import TASK_KINDS, Descent, Exercise, Problem, Task, TaskKind
from grader.exercise.reader import exercise_files, load_exercise

__all__ = ["TASK_KINDS", "Descent", "Exercise", "Problem", "Task", "TaskKind", "exercise_files",
           "load_exercise"]
