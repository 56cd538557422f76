"""The verdicts a worker keeps, bounded in bytes: a class writes the same right answer and the
same few wrong ones, so an answer graded once need not be graded again."""

from __future__ import annotations

from collections.abc import Mapping

from grader.exercise import Exercise, Problem, Task
from grader.kinds import kind_of
from grader.results.model import TaskResult

CacheKey = tuple[str, str, str | None, tuple[str | None, ...]]
# What a worker's verdicts may take, estimated: VERDICT_BYTES for a verdict of a short answer
# (its key and result objects), the texts it holds on top. Bounded in bytes, not by count: a
# count large enough for a class's distinct short answers would let answers at the reader's
# length limit outgrow the rest of the worker (figures in docs/benchmarks.md).
MAX_CACHED_BYTES = 16 * 1024 * 1024
VERDICT_BYTES = 700


class VerdictCache(dict[CacheKey, TaskResult]):
    """Verdicts by all that they depend on (``grade_task``), within ``MAX_CACHED_BYTES``: once
    that is spent, later answers are graded as if there were no cache. Answers that a class
    writes often come early, so they are the ones kept."""

    def __init__(self) -> None:
        super().__init__()
        self.bytes = 0  # estimated (verdict_bytes)

    def keep(self, key: CacheKey, result: TaskResult) -> bool:
        """Keep ``result`` under ``key`` if it fits; whether it did."""
        size = verdict_bytes(key, result)
        if self.bytes + size > MAX_CACHED_BYTES:
            return False
        self[key] = result
        self.bytes += size
        return True


def verdict_bytes(key: CacheKey, result: TaskResult) -> int:
    """A kept verdict's memory, estimated: the objects, and the answers' texts (the result's
    answer is the key's own text, the same string)."""
    _problem, _task, own, earlier = key
    texts = (own, *earlier, result.read_as)
    return VERDICT_BYTES + sum(len(text) for text in texts if text is not None)


def cache_key(exercise: Exercise, problem: Problem, task: Task,
               answers: Mapping[str, str]) -> CacheKey | None:
    """None when an answer the grade reads is longer than the reader takes: it is refused at
    once anyway, and as a key it would keep up to 100,000 characters for the whole run (50,000
    such keys are gigabytes) and be passed on to every other worker."""
    own = answers.get(task.key)
    earlier = tuple(answers.get(k) for k in depends_on(exercise, task))
    limit = exercise.limits.max_length
    if any(text is not None and len(text) > limit for text in (own, *earlier)):
        return None
    return (exercise.problem_digest(problem), task.key, own, earlier)


def depends_on(exercise: Exercise, task: Task) -> tuple[str, ...]:
    """The other answers grading ``task`` reads, as its kind says (follow-through): for slope k
    the student's step k−1, for step k also their slope k, and for both their derivative or
    gradient; nothing for a task without follow-through."""
    return tuple(t.key for t in kind_of(task).depends_on(task, exercise))
