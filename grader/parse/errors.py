from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParseError(Exception):
    """The answer cannot be read. ``code`` selects the message; ``params`` fill it in.

    ``position`` is a 0-based character offset into the answer as written (None when the
    problem is the answer as a whole, such as its length).
    """

    code: str
    position: int | None = None
    params: tuple[tuple[str, str], ...] = field(default=())

    def __str__(self) -> str:  # for logs and tests; users see messages.render()
        where = f" at {self.position}" if self.position is not None else ""
        return f"{self.code}{where} {dict(self.params)}"


def parse_error(code: str, position: int | None = None, **params: object) -> ParseError:
    return ParseError(code, position, tuple((k, str(v)) for k, v in params.items()))
