"""The server every test module of grader serve starts the same way: the bundled exercises (a
module may override ``exercises``), one kept checking worker, and no rate limit."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from grader.api import load_exercises
from grader.serve import ServeLimits, create_app
from grader.serve.pool import CheckPool

UNLIMITED = ServeLimits(requests_per_minute=0, workers=1)


@pytest.fixture(scope="module")
def exercises():
    return load_exercises()


@pytest.fixture(scope="module")
def pool(exercises):
    checks = CheckPool(exercises, 1, 4)
    checks.start()
    yield checks
    checks.close()


@pytest.fixture(scope="module")
def client(exercises, pool):
    with TestClient(create_app(exercises, limits=UNLIMITED, pool=pool)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def open_client(exercises, pool):
    """A server started with ``--open-variants``: any visitor may name any student (by default
    a variant exercise's numbers are given with a personal link only)."""
    with TestClient(create_app(exercises, limits=UNLIMITED, pool=pool, open_variants=True)) as test_client:
        yield test_client
