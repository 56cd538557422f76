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
