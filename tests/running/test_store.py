"""Where results live on disk: atomic writes, the journal and what a torn line costs."""

from __future__ import annotations

import json

import pytest

from grader.results.model import SubmissionResult, failed
from grader.results.write import submission_json
from grader.running.store import MANIFEST_NAME, Journal, file_key, owned_files, write_atomic


def test_write_atomic_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    write_atomic(target, "old\n")
    import grader.running.store as store

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


def _tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_folder_keeps_one_runs_files_and_every_file_grader_did_not_write(tmp_path):
    folder = tmp_path / "report"
    first = [folder / "students" / "a.html", folder / "students" / "b.html", folder / "index.html"]
    with owned_files(folder, first):
        for path in first:
            write_atomic(path, "x")
    write_atomic(folder / "students" / "notes-of-the-teacher.html", "mine")
    write_atomic(folder / "README.txt", "mine")
    second = [folder / "students" / "a.html", folder / "index.html"]
    with owned_files(folder, second):
        for path in second:
            write_atomic(path, "y")
    assert _tree(folder) == [MANIFEST_NAME, "README.txt", "index.html", "students/a.html",
                             "students/notes-of-the-teacher.html"]


def test_a_run_that_fails_half_way_removes_nothing_and_leaves_nothing_untracked(tmp_path):
    folder = tmp_path / "exports"
    with owned_files(folder, [folder / "a.json", folder / "b.json"]):
        write_atomic(folder / "a.json", "x")
        write_atomic(folder / "b.json", "x")
    with pytest.raises(OSError), owned_files(folder, [folder / "c.json"]):
        write_atomic(folder / "c.json", "x")
        raise OSError(28, "No space left on device")
    assert _tree(folder) == [MANIFEST_NAME, "a.json", "b.json", "c.json"]
    with owned_files(folder, [folder / "a.json"]):
        write_atomic(folder / "a.json", "y")
    assert _tree(folder) == [MANIFEST_NAME, "a.json"]  # c.json, written by the failed run, too


@pytest.mark.parametrize("line", ["../outside.json", "/tmp/outside.json", "sub/../../outside.json",
                                  "precious.txt", "sub\\..\\..\\outside.json", "./outside.json", ""])
def test_an_edited_manifest_never_removes_a_file_outside_the_folder_or_of_another_kind(tmp_path, line):
    folder = tmp_path / "sub" / "exports"
    outside = tmp_path / "sub" / "outside.json"
    folder.mkdir(parents=True)
    outside.write_text("keep")
    (folder / "precious.txt").write_text("keep")
    (folder / MANIFEST_NAME).write_text(f"{line}\n", encoding="utf-8")
    with owned_files(folder, [folder / "a.json"]):
        write_atomic(folder / "a.json", "x")
    assert outside.read_text() == "keep" and (folder / "precious.txt").read_text() == "keep"
