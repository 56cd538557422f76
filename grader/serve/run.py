"""Running the application on uvicorn, the way ``grader serve`` does."""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from grader.errors import GraderError
from grader.exercise import Exercise
from grader.serve.limits import DEFAULT_SERVE_LIMITS, ServeLimits
from grader.serve.pool import CheckPool

if TYPE_CHECKING:
    import uvicorn

    from grader.serve.service import CollectMode

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(exercises: Mapping[str, Exercise], *, host: str = "127.0.0.1", port: int = 8000,
          reveal: bool | None = None, limits: ServeLimits = DEFAULT_SERVE_LIMITS,
          on_ready: Callable[[str], None] | None = None, collector: CollectMode | None = None,
          forwarded_allow_ips: str | None = None, open_variants: bool = False) -> None:
    """Serve ``exercises`` until interrupted. The address is bound and the checking workers
    started first, while this process has one thread (forking is safest then);
    ``on_ready(url)`` is then told where the pages are. ``collector``: collect mode on.
    ``forwarded_allow_ips``: the proxies whose X-Forwarded-For is believed (none by default).
    ``open_variants``: any visitor may see any student's numbers (``create_app``)."""
    import uvicorn

    from grader.reading import notemap  # noqa: F401  (imported before forking: a worker reads notes with it)
    from grader.running.batch import default_jobs
    from grader.serve.app import create_app

    listening = listen(host, port)
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, 10)  # a server runs for days: full collections as Python's default
    pool = CheckPool(exercises, limits.workers or default_jobs(), limits.queue)
    try:
        pool.start()
        app = create_app(exercises, limits=limits, reveal=reveal, pool=pool, collector=collector,
                         open_variants=open_variants)
        config = server_config(app, limits=limits, forwarded_allow_ips=forwarded_allow_ips)
        if on_ready is not None:
            on_ready(url(host, listening.getsockname()[1]))
        uvicorn.Server(config).run(sockets=[listening])
    finally:
        pool.close()
        listening.close()


def server_config(app: Any, log_level: str = "warning", limits: ServeLimits = DEFAULT_SERVE_LIMITS,
                  forwarded_allow_ips: str | None = None) -> uvicorn.Config:
    """uvicorn's configuration of the server. No access log, at any ``log_level``: it would
    print every request's query string, and a student's personal link carries their token.
    X-Forwarded-For is believed only from ``forwarded_allow_ips`` (uvicorn's own default
    believes 127.0.0.1, so any local client could pick its address and dodge its limits).
    Connections are bounded in number and in time (:func:`with_header_deadline`)."""
    import uvicorn

    return uvicorn.Config(app, log_level=log_level, access_log=False, server_header=False,
                          timeout_graceful_shutdown=5, proxy_headers=forwarded_allow_ips is not None,
                          forwarded_allow_ips=forwarded_allow_ips or "",
                          limit_concurrency=limits.max_connections or None,
                          timeout_keep_alive=max(1, round(limits.keep_alive_seconds)),
                          http=with_header_deadline(limits.read_seconds))


def with_header_deadline(seconds: float) -> type[asyncio.Protocol]:
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request's headers have not all
    come ``seconds`` after it opened or after its last answer: uvicorn waits for them for ever,
    so unfinished headers trickled in (slowloris) would keep connections open without end. A
    request's body has its own deadline (``bounded_body``)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Deadlined(H11Protocol):
        deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            self.deadline = self.loop.call_later(seconds, self._late, self.cycle)

        def _late(self, cycle: object) -> None:
            if self.cycle is cycle and not self.transport.is_closing():  # no request began since
                self.transport.close()

    return Deadlined


BACKLOG = 2048  # uvicorn's own default


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: any free one); a GraderError saying why not."""
    try:
        family, kind, proto, _name, _address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        # with its protocol said (IPPROTO_TCP), so that asyncio turns Nagle's algorithm off on
        # every connection: with it on, a response written in two parts waits for the client's
        # delayed ACK, 40 ms per request
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # listening from here on: a client told the address (on_ready) may connect before
        # uvicorn's loop accepts, and waits in the backlog instead of being refused
        sock.listen(BACKLOG)
    except OSError as exc:
        raise GraderError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                          "--port or --host") from None
    sock.set_inheritable(True)
    return sock


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS
