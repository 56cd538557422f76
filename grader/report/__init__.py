"""Feedback reports: what grader found, rendered for the student who reads to learn (jinja2
templates in the top-level ``reports/`` folder, math as MathML built from grader's own syntax
tree, so an answer shows exactly as it was read)."""
