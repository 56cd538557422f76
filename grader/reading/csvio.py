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
        self._reader = csv.reader(io.StringIO(text, newline=""))  # a quoted cell may hold a newline
        self._lines_read = 0  # lines of the records read whole
        self.headers: list[str] = self._guarded(lambda: next(self._reader, []))

    def rows(self) -> Iterator[list[str]]:
        """The rows under the header as their cells, as many as the file has (a row cut short
        has fewer than the header); blank lines are skipped, as ``csv.DictReader`` does."""
        while True:
            try:
                cells = self._guarded(lambda: next(self._reader))
            except StopIteration:
                return
            if cells:
                yield cells

    def __iter__(self) -> Iterator[dict[str, str | None]]:
        """Each row by header, as ``csv.DictReader`` gives it: a missing cell is None, and of
        two columns with one header the later wins (``columns_named`` finds them)."""
        for cells in self.rows():
            yield {header: cells[k] if k < len(cells) else None for k, header in enumerate(self.headers)}

    def columns_named(self, header: str) -> list[int]:
        """The 1-based numbers of the columns under ``header``."""
        return [k + 1 for k, h in enumerate(self.headers) if h == header]

    def _guarded(self, read: Callable[[], T]) -> T:
        try:
            found = read()
        except csv.Error as exc:  # the record that failed starts after those read whole
            raise GraderError(f"cannot read this CSV line ({exc}); is it an export or roster as "
                              "the LMS wrote it?", self.source, self._lines_read + 1) from None
        self._lines_read = self._reader.line_num
        return found
