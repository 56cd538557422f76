"""Running the grading: one task, one submission in a killable worker, a batch of them, a whole
class with its journal and its results file."""
