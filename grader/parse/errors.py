from __future__ import annotations


class ParseError(Exception):
    """The answer cannot be read. ``code`` selects the message; ``params`` fill it in.

    ``position`` is a 0-based character offset into the answer as written (None when the
    problem is the answer as a whole, such as its length). Not a frozen dataclass: Python
    must be able to set ``__traceback__`` on an exception.
    """

    def __init__(self, code: str, position: int | None = None,
                 params: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(code, position, params)
        self.code = code
        self.position = position
        self.params = params

    def __str__(self) -> str:  # for logs and tests; users see messages.render()
        where = f" at {self.position}" if self.position is not None else ""
        return f"{self.code}{where} {dict(self.params)}"


def parse_error(code: str, position: int | None = None, **params: object) -> ParseError:
    return ParseError(code, position, tuple((k, str(v)) for k, v in params.items()))
