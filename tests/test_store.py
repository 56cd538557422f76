"""Where results live on disk: atomic writes, the journal and what a torn line costs."""

from __future__ import annotations

import json

import pytest

from grader.results import SubmissionResult, failed, submission_json
from grader.store import Journal, file_key, write_atomic


def test_write_atomic_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    write_atomic(target, "old\n")
    import grader.store as store

    def broken_fsync(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", broken_fsync)
    try:
        write_atomic(target, "new\n")
    except OSError:
        pass
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temporary left behind


def test_results_written_piece_by_piece_are_whole_or_not_at_all(tmp_path):
    """results.json is written as it is made, a line at a time (never held whole); a piece
    that cannot be made leaves the earlier file as it was."""
    target = tmp_path / "results.json"
    write_atomic(target, iter(["{", '"a": 1', "}\n"]))
    assert target.read_text() == '{"a": 1}\n'

    def pieces():
        yield "{"
        raise ValueError("a result that cannot be written")

    with pytest.raises(ValueError):
        write_atomic(target, pieces())
    assert target.read_text() == '{"a": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_journal_resumes_what_was_recorded_and_skips_a_torn_line(tmp_path):
    journal = Journal(tmp_path, "fp1")
    journal.start({})
    result = failed("a.yaml", "a.yaml: broken", "s1")
    journal.record("a.yaml|1|2", submission_json(result))
    journal.close()
    with (tmp_path / ".grader-journal.jsonl").open("a") as out:
        out.write('{"key": "b.yaml|1|2", "result": {"subm')  # killed mid-line
    loaded = Journal(tmp_path, "fp1").load()
    assert list(loaded) == ["a.yaml|1|2"] and isinstance(loaded["a.yaml|1|2"], SubmissionResult)
    assert Journal(tmp_path, "other exercises").load() == {}


def test_journal_lines_are_valid_json_even_with_lone_surrogates(tmp_path):
    journal = Journal(tmp_path, "fp")
    journal.start({})
    journal.record("ren\udce9.yaml|1|2", submission_json(failed("ren\udce9.yaml", "x", "s\ud800")))
    journal.close()
    lines = (tmp_path / ".grader-journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[1])["result"]["student"] == "s\ud800"
    assert Journal(tmp_path, "fp").load()["ren\udce9.yaml|1|2"].submission == "ren\udce9.yaml"


def test_file_key_changes_with_the_content(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("a")
    first = file_key(path)
    path.write_text("ab")
    assert file_key(path) != first
    assert file_key(tmp_path / "gone.yaml").endswith("|missing")
