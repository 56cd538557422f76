"""What one client may ask of a server, and how many checks may wait: the options of
``grader serve``, with their defaults in one place (the command takes them from here)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from grader.limits import DEFAULT_LIMITS


@dataclass(frozen=True)
class ServeLimits:
    max_body_bytes: int = 64 * 1024            # a JSON request or a form post (not notes)
    max_answer_chars: int = DEFAULT_LIMITS.max_length  # one answer, as grader reads it anyway
    max_notes_bytes: int = 1024 * 1024         # uploaded notes (.md, .ipynb)
    max_student_chars: int = 100               # a student id
    requests_per_minute: int = 600             # per client address; 0: no limit
    burst: int = 120                           # requests a client may send at once
    workers: int = 0                           # checking processes; 0: the cores grader may use
    queue: int = 64                            # checks waiting for a worker; beyond: 503
    checks_per_client: int = 2                 # checks running or waiting per address; beyond: 429
    read_seconds: float = 30.0                 # to send a request's headers, and its body; beyond: closed
    keep_alive_seconds: float = 5.0            # an idle connection between requests is kept open
    max_connections: int = 500                 # open connections; beyond: 503 to new requests

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


DEFAULT_SERVE_LIMITS = ServeLimits()
