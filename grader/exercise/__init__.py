"""Exercises: the model (``model``) and reading it from YAML (``reader``)."""

from grader.exercise.model import Descent, Exercise, Problem, Task
from grader.exercise.reader import exercise_files, load_exercise

__all__ = ["Descent", "Exercise", "Problem", "Task", "exercise_files", "load_exercise"]
