"""Feedback reports: what grader found, rendered for the student who reads to learn (jinja2
templates in the top-level ``reports/`` folder, math as MathML built from grader's own syntax
tree, so an answer shows exactly as it was read)."""

# a page's template per format (its tasks: student_task.*); here, not in write.py, so that
# the command line offers the formats without importing jinja2
FORMATS = {"html": "student.html.j2", "md": "student.md.j2"}
