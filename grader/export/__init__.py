"""Scores and feedback out, in the formats the platforms read: Canvas and Moodle gradebook CSV,
a plain CSV gradebook, Gradescope's autograder results, LTI 1.3 score objects, JUnit XML.

Every exporter reads results (codes and parameters) and words feedback itself; none ever
exports a false zero: a submission that could not be graded, or that needs a teacher's look, is
no final grade (an empty cell and a warning, ``gradingProgress: PendingManual``/``Failed``,
``status: failed``).
"""

# the formats and their files' extensions: here, not in write.py, so that the command line
# offers them without importing the exporters
EXTENSIONS = {"canvas": "csv", "moodle": "csv", "csv": "csv", "gradescope": "json", "lti": "jsonl",
              "junit": "xml"}
FORMAT_NAMES = tuple(EXTENSIONS)
