"""Matrix values: a matrix is the tuple of its entries, row by row, that knows its shape.

A tuple, so that everything that takes a vector's components one by one (checking each entry,
per-entry credit, the mistake models, substituting a variant's numbers) takes a matrix's entries
the same way, row-major. Its shape takes part in equality: a matrix never equals a vector, or a
matrix of another shape, with the same entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

import sympy as sp


class Matrix(tuple[sp.Expr, ...]):
    """``Matrix.of_rows([[a, b], [c, d]])`` has the entries ``(a, b, c, d)`` and two columns.

    Immutable and hashable like a tuple (tuple subclasses cannot have slots, so the column
    count sits in the instance dictionary and any assignment is refused)."""

    columns: int

    def __new__(cls, entries: Iterable[sp.Expr], columns: int) -> Matrix:
        items = tuple(entries)
        if columns < 1 or not items or len(items) % columns:
            raise ValueError(f"{len(items)} entries do not fill rows of {columns}")
        made = super().__new__(cls, items)
        object.__setattr__(made, "columns", columns)
        return made

    @classmethod
    def of_rows(cls, rows: Iterable[Iterable[sp.Expr]]) -> Matrix:
        listed = [tuple(row) for row in rows]
        if not listed or len({len(row) for row in listed}) != 1:
            raise ValueError("the rows of a matrix must be equally long")
        return cls((entry for row in listed for entry in row), len(listed[0]))

    @property
    def shape(self) -> tuple[int, int]:
        return len(self) // self.columns, self.columns

    @property
    def rows(self) -> tuple[tuple[sp.Expr, ...], ...]:
        width = self.columns
        return tuple(tuple(self[at:at + width]) for at in range(0, len(self), width))

    def transposed(self) -> Matrix:
        return Matrix.of_rows(zip(*self.rows, strict=True))

    def position(self, index: int) -> str:
        """Where the entry ``index`` (row-major, from 0) stands, as people count: ``"1,2"``."""
        row, column = divmod(index, self.columns)
        return f"{row + 1},{column + 1}"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Matrix cannot be changed")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Matrix):
            return self.columns == other.columns and tuple.__eq__(self, other)
        if isinstance(other, tuple):
            return False
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash((tuple(self), self.columns, "matrix"))

    def __reduce__(self) -> tuple[Any, ...]:
        return Matrix, (tuple(self), self.columns)

    def __repr__(self) -> str:
        return f"Matrix({list(map(list, self.rows))})"


Entries: TypeAlias = tuple[sp.Expr, ...]


def same_shape(template: Entries, entries: Iterable[sp.Expr]) -> Entries:
    """``entries`` in the shape of ``template``: a matrix stays a matrix when its entries are
    rewritten one by one (a variant's numbers put in, components reordered)."""
    if isinstance(template, Matrix):
        return Matrix(entries, template.columns)
    return tuple(entries)


def map_entries(value: Entries, change: Callable[[sp.Expr], sp.Expr]) -> Entries:
    """Every component of a vector, or entry of a matrix, changed by ``change``."""
    return same_shape(value, (change(entry) for entry in value))
