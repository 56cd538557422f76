"""Scores and feedback out, in the formats the platforms read: Canvas and Moodle gradebook CSV,
a plain CSV gradebook, Gradescope's autograder results, LTI 1.3 score objects, JUnit XML.

Every exporter reads results (codes and parameters) and words feedback itself; none ever
exports a false zero: a submission that could not be graded, or that needs a teacher's look, is
no final grade (an empty cell and a warning, ``gradingProgress: PendingManual``/``Failed``,
``status: failed``).
"""
