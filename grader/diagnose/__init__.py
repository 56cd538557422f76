"""Naming the mistake: plausible wrong answers are generated from the exercise itself, and a
student's answer is tested against them with the same equivalence checks as the right answer.

A diagnosis is claimed only when a mistake model reproduces the answer; when several do, the
simplest is reported (the models are tried in order of simplicity). No diagnosis is better than
a wrong one.
"""

from grader.diagnose.models import Candidate, Finding

__all__ = ["Candidate", "Finding"]
