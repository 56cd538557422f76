"""grader serve's bounds on a client: checks per address (429), a busy server (503), both
with Retry-After, as JSON and as a page; the address counted is the connection's own."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from grader.api import load_exercises
from grader.serve import ServeLimits, create_app
from grader.serve.pool import Busy, TooManyChecks

ANSWERS = {"exercise": "gradient-descent", "answers": {"gd1.derivative": "6θ"}}


class _RefusingPool:
    """A pool that refuses every check as ``refusal`` says, and notes who asked."""

    def __init__(self, refusal: type[Exception]) -> None:
        self.refusal = refusal
        self.asked: list[tuple[str, int]] = []

    async def check(self, job, client="", per_client=0, gone=None):
        self.asked.append((client, per_client))
        raise self.refusal


@pytest.fixture(scope="module")
def exercises():
    return load_exercises(["gradient-descent"])


@pytest.mark.parametrize(("refusal", "status", "code"), [(Busy, 503, "request-busy"),
                                                         (TooManyChecks, 429, "request-too-many-checks")])
def test_a_refused_check_says_when_to_try_again(exercises, refusal, status, code):
    pool = _RefusingPool(refusal)
    app = create_app(exercises, limits=ServeLimits(requests_per_minute=0, checks_per_client=3), pool=pool)
    with TestClient(app) as client:
        response = client.post("/api/check", json=ANSWERS)
        assert response.status_code == status and response.json()["error"]["code"] == code
        assert response.headers["Retry-After"] == "5"
        page = client.post("/exercises/gradient-descent", data={"answer:gd1.derivative": "6θ"})
        assert page.status_code == status and page.headers["Retry-After"] == "5"
    assert pool.asked == [("testclient", 3)] * 2


def test_a_hang_up_is_heard_after_the_body():
    import asyncio

    from grader.serve.http import hung_up

    messages = iter([{"type": "http.request", "body": b"", "more_body": False}, {"type": "http.disconnect"}])
    heard: list[str] = []

    async def receive():
        message = next(messages)
        heard.append(message["type"])
        return message

    asyncio.run(hung_up(receive))
    assert heard == ["http.request", "http.disconnect"]


# -- connections: slow and vanishing clients, forwarded addresses -----------------------------
def _request(receive, path="/api/validate", headers=()):
    from starlette.requests import Request

    scope = {"type": "http", "method": "POST", "path": path, "headers": list(headers), "query_string": b""}
    return Request(scope, receive)


def test_a_body_sent_slower_than_the_bound_is_refused_with_408():
    import asyncio

    from grader.serve.http import bounded_body
    from grader.serve.service import RequestError

    async def never():  # a client that sent its headers and then nothing more
        await asyncio.Event().wait()

    with pytest.raises(RequestError) as refused:
        asyncio.run(bounded_body(_request(never), 1000, seconds=0.01))
    assert (refused.value.status, refused.value.code) == (408, "request-too-slow")


def test_a_client_hanging_up_mid_body_is_one_info_line_not_a_traceback(exercises, caplog):
    import asyncio
    import logging

    pool = _RefusingPool(Busy)
    app = create_app(exercises, limits=ServeLimits(requests_per_minute=0), pool=pool)
    messages = iter([{"type": "http.request", "body": b'{"exer', "more_body": True}, {"type": "http.disconnect"}])
    sent: list[dict] = []

    async def receive():
        return next(messages)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/check", "raw_path": b"/api/check",
             "headers": [(b"content-type", b"application/json")], "query_string": b"", "http_version": "1.1",
             "scheme": "http", "server": ("127.0.0.1", 8000), "client": ("127.0.0.9", 5000), "root_path": "",
             "app": app}
    with caplog.at_level(logging.DEBUG):
        asyncio.run(app(scope, receive, send))  # raises nothing: uvicorn would log a traceback
    assert [r.levelname for r in caplog.records if r.name.startswith("grader")] == ["INFO"]
    assert not any(r.exc_info for r in caplog.records)
    assert sent[0]["status"] == 499


def test_forwarded_addresses_are_believed_only_from_the_proxies_named(exercises):
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from grader.serve.run import server_config

    app = create_app(exercises, pool=_RefusingPool(Busy))
    plain = server_config(app)
    plain.load()
    assert plain.proxy_headers is False and not isinstance(plain.loaded_app, ProxyHeadersMiddleware)
    proxied = server_config(app, forwarded_allow_ips="10.0.0.1")
    proxied.load()
    assert proxied.proxy_headers is True and proxied.forwarded_allow_ips == "10.0.0.1"


def test_connections_are_bounded_in_number_and_time(exercises):
    from grader.serve.run import server_config

    limits = ServeLimits(max_connections=7, keep_alive_seconds=3, read_seconds=11)
    config = server_config(create_app(exercises, pool=_RefusingPool(Busy)), limits=limits)
    assert (config.limit_concurrency, config.timeout_keep_alive) == (7, 3)


def test_a_connection_whose_headers_never_end_is_closed():
    """Unfinished headers (slowloris): closed when the deadline passes, whatever the client
    trickles meanwhile (the socket's own timeout only ends a test that would hang)."""
    import socket
    import threading

    import uvicorn

    from grader.serve.run import listen, server_config

    app = create_app(load_exercises(["gradient-descent"]), pool=_RefusingPool(Busy))
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(server_config(app, limits=ServeLimits(read_seconds=0.2)))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        while not server.started:
            thread.join(0.05)
            assert thread.is_alive()
        with socket.create_connection(sock.getsockname(), timeout=60) as slow:
            slow.sendall(b"GET /api/exercises HTTP/1.1\r\nHost: x\r\nX-a: ")
            assert slow.recv(100) == b""  # closed by the server, nothing answered
        with socket.create_connection(sock.getsockname(), timeout=60) as kept:  # after an answer too
            kept.sendall(b"GET /api/exercises HTTP/1.1\r\nHost: x\r\n\r\nGET /api/exercises HTTP/1.1\r\n")
            answer = b""
            while chunk := kept.recv(65536):
                answer += chunk
            assert answer.count(b"HTTP/1.1 200") == 1
    finally:
        server.should_exit = True
        thread.join()
        sock.close()
