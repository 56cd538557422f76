"""`grader serve` on the command line: its defaults are the library's, it warns when it is
reachable from other machines, and an address it cannot listen on is one line."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

import grader.serve
from grader.cli import cli
from grader.serve import DEFAULT_SERVE_LIMITS
from grader.serve.run import listen, url


@pytest.fixture
def served(monkeypatch):
    """What `grader serve` would serve, without serving it."""
    calls: list[dict] = []

    def serve(exercises, **options):
        calls.append({"exercises": sorted(exercises), **options})
        options["on_ready"](url(options["host"], options["port"]))

    monkeypatch.setattr(grader.serve, "serve", serve)
    return calls


def test_the_defaults_are_the_librarys_and_localhost(served):
    result = CliRunner().invoke(cli, ["serve"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (call,) = served
    assert call["limits"] == DEFAULT_SERVE_LIMITS
    assert (call["host"], call["port"], call["reveal"]) == ("127.0.0.1", 8000, None)
    assert call["forwarded_allow_ips"] is None  # no one's X-Forwarded-For is believed
    assert "gradient-descent" in call["exercises"]  # the bundled exercises
    assert "http://127.0.0.1:8000/" in result.stderr and "warning" not in result.stderr


def test_every_network_is_warned_about(served):
    result = CliRunner().invoke(cli, ["serve", "gradient-descent", "--host", "0.0.0.0", "--reveal",
                                      "--rate", "0", "--workers", "1", "--checks-per-client", "5",
                                      "--forwarded-allow-ips", "10.0.0.1"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "warning: serving on 0.0.0.0" in result.stderr and "TLS" in result.stderr
    (call,) = served
    assert call["exercises"] == ["gradient-descent"] and call["reveal"] is True
    assert call["forwarded_allow_ips"] == "10.0.0.1"
    assert (call["limits"].requests_per_minute, call["limits"].workers, call["limits"].checks_per_client) == (0, 1, 5)


def test_a_port_in_use_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "gradient-descent", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in result.output


def test_port_zero_takes_a_free_port():
    sock = listen("127.0.0.1", 0)
    try:
        assert sock.getsockname()[1] > 0
    finally:
        sock.close()


def test_the_socket_says_it_is_tcp_so_connections_get_nodelay():
    """asyncio turns Nagle's algorithm off only on sockets that say IPPROTO_TCP: without it,
    every response on a kept-alive connection waited 40 ms for the client's delayed ACK."""
    sock = listen("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_collect_mode_serves_a_collector_of_the_roster_for_the_exercises_served(served, tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text("id,name\ns01,Anouk\ns02,Bram\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "partial-derivatives", "--collect", str(tmp_path / "in"),
                                      "--roster", str(roster)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (call,) = served
    collector = call["collector"]
    assert [p.id for p in collector.roster] == ["s01", "s02"] and collector.folder == tmp_path / "in"
    assert collector.exercises == {"partial-derivatives"}
    # the tokens are those grader tokens mailed: the folder's secret, made by whichever ran first
    tokens = CliRunner().invoke(cli, ["tokens", "--roster", str(roster), "--collect", str(tmp_path / "in")])
    assert f"?token={collector.token_of('s01')}" in tokens.stdout
    assert "collecting hand-ins of 2 student(s)" in result.stderr


def test_without_collect_mode_no_collector_is_served(served):
    CliRunner().invoke(cli, ["serve", "gradient-descent"], catch_exceptions=False)
    assert served[0]["collector"] is None


@pytest.mark.parametrize("options", [["--collect", "in"], ["--roster", "class.csv"],
                                     ["--secret", "class.csv"]])
def test_collect_mode_needs_its_folder_and_roster_together(served, tmp_path, monkeypatch, options):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "class.csv").write_text("id\ns01\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "gradient-descent", *options])
    assert result.exit_code == 2 and served == []
    assert "--collect DIR and --roster R.csv together" in result.stderr and "Traceback" not in result.output


def test_the_address_told_is_listening_before_the_server_accepts():
    """grader serve prints its address once the socket is bound; a client that connected at
    once (a browser test, a script) was refused until uvicorn's loop had started listening."""
    import socket

    from grader.serve.run import listen

    server = listen("127.0.0.1", 0)
    try:
        with socket.create_connection(server.getsockname(), timeout=30):
            pass  # queued in the backlog: nobody has accepted it, and it is not refused
    finally:
        server.close()
