"""Reading the CSV files teachers bring (a roster, a quiz export): what Python's csv module
cannot read (a cell over its 131,072-character limit, a stray quote at the end of a file in
strict dialects) ends with one line naming the file and the line, not a traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import TypeVar

from grader.errors import GraderError

T = TypeVar("T")


class Table:
    """The records of a CSV text under its header row, read as they are asked for."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self._reader = csv.DictReader(io.StringIO(text, newline=""))  # a quoted cell may hold a newline
        self.headers: list[str] = self._guarded(lambda: list(self._reader.fieldnames or []))

    def __iter__(self) -> Iterator[dict[str, str | None]]:
        while True:
            try:
                record = self._guarded(lambda: next(self._reader))
            except StopIteration:
                return
            yield record

    def _guarded(self, read: Callable[[], T]) -> T:
        try:
            return read()
        except csv.Error as exc:
            # line_num counts the lines of the records read whole: the one that failed starts next
            raise GraderError(f"cannot read this CSV line ({exc}); is it an export or roster as "
                              "the LMS wrote it?", self.source, self._reader.line_num + 1) from None
