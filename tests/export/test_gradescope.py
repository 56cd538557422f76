"""The Gradescope autograder bundle, run as Gradescope runs it: unzipped into an
/autograder-shaped folder, run_autograder grades the uploaded file into results/results.json."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.export.gradescope_bundle import RUN, autograde, find_upload
from tests.conftest import ROOT
from tests.hostile_corpus import GRADESCOPE_UPLOADS, UPLOAD_FIFO, UPLOAD_HANNA


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    done = subprocess.run([sys.executable, "-m", "grader", "gradescope-bundle", "gradient-descent",
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    return out


def test_bundle_contents(autograder_zip):
    archive = zipfile.ZipFile(autograder_zip)
    names = archive.namelist()
    assert {"setup.sh", "run_autograder", "exercises/gradient-descent.yaml"} <= set(names)
    assert any(n.startswith("wheels/grader-") and n.endswith(".whl") for n in names)
    assert archive.getinfo("run_autograder").external_attr >> 16 & stat.S_IXUSR


@pytest.mark.parametrize("upload,sid,score", [("hanna.yaml", "s08", 7.0), ("finn.yaml", "s06", 5.5)])
def test_run_autograder_grades_the_upload(tmp_path, autograder_zip, upload, sid, score):
    root = tmp_path / "autograder"
    zipfile.ZipFile(autograder_zip).extractall(root / "source")
    (root / "submission").mkdir()
    shutil.copy(ROOT / "examples" / "submissions" / upload, root / "submission" / upload)
    (root / "submission_metadata.json").write_text(json.dumps(metadata({**S08, "sid": sid})), encoding="utf-8")
    script = root / "source" / "run_autograder"
    script.chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "GRADER_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    results = valid_results((root / "results" / "results.json").read_bytes())
    assert results["score"] == score and f"Nagekeken als student `{sid}`" in results["output"]
    assert [t["name"] for t in results["tests"]][:2] == ["gd1.derivative", "gd1.slope1"]
    assert all(t["output_format"] == "md" for t in results["tests"])


def test_an_empty_upload_still_gets_a_results_file(tmp_path):
    (tmp_path / "submission").mkdir()
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "grader", "autograde", "--exercises",
                           str(ROOT / "exercises" / "gradient-descent.yaml"), "--submission",
                           str(tmp_path / "submission"), "--out", str(out)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    data = valid_results(out.read_bytes())
    # Gradescope's spec requires a score here; the output says it is no grade
    assert data["score"] == 0 and data["tests"][0]["status"] == "failed"
    assert data["output"].startswith("**Niet nagekeken.**") and "Er is geen antwoordbestand" in data["output"]


# --- the autograder as Gradescope runs it -----------------------------------------------------

HANNA = (ROOT / "examples" / "submissions" / "hanna.yaml").read_bytes()
TOP_FIELDS = {"score", "execution_time", "output", "output_format", "visibility", "stdout_visibility",
              "extra_data", "tests", "leaderboard"}
TEST_FIELDS = {"score", "max_score", "status", "name", "number", "output", "output_format", "tags",
               "visibility"}
OUTPUT_FORMATS = {"text", "html", "simple_format", "md", "ansi"}
VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}
NOT_GRADED = "**Not graded.**"
try:
    from markdown_it import MarkdownIt

    COMMONMARK: MarkdownIt | None = MarkdownIt("commonmark")
except ImportError:  # a CommonMark renderer is not among grader's test dependencies
    COMMONMARK = None


def _no_constant(name: str) -> float:
    raise AssertionError(f"{name} is not JSON")


def valid_results(raw: bytes) -> dict:
    """results.json read as Gradescope reads it, and checked against its spec: UTF-8 JSON, a
    top-level score unless every test has one, each test's fields and values; and never a
    silent 0: a result that is not a grade says so in its first line."""
    data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    assert isinstance(data, dict) and set(data) <= TOP_FIELDS, data.keys()
    tests = data.get("tests", [])
    assert isinstance(tests, list)
    if not tests or not all("score" in t for t in tests):
        assert "score" in data, "score is required unless every test has one"
    for value in [data.get("score"), *(t.get(k) for t in tests for k in ("score", "max_score"))]:
        assert value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    assert data.get("output_format", "text") in OUTPUT_FORMATS
    assert data.get("visibility", "visible") in VISIBILITIES
    for test in tests:
        assert set(test) <= TEST_FIELDS, test.keys()
        assert isinstance(test.get("name", ""), str) and isinstance(test.get("output", ""), str)
        assert test.get("status", "passed") in ("passed", "failed")
        assert test.get("output_format", "text") in OUTPUT_FORMATS
        assert test.get("visibility", "visible") in VISIBILITIES
        assert ("score" in test) == ("max_score" in test)
    status = data["extra_data"]["grader_status"]
    if status == "error":
        assert data["output"].startswith(NOT_GRADED) or data["output"].startswith("**Niet nagekeken.**")
    if status == "review":
        assert "**Not final.**" in data["output"] or "**Nog niet definitief.**" in data["output"]
    return data


def make_upload(folder: Path, files) -> None:
    """An /autograder/submission folder holding ``files`` (see hostile_corpus)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content.startswith(b"->"):
            path.symlink_to(content[2:].decode())
        elif content == UPLOAD_FIFO:
            os.mkfifo(path)
        else:
            path.write_bytes(HANNA if content == UPLOAD_HANNA else content)


def metadata(*users: dict) -> dict:
    """submission_metadata.json as Gradescope writes it (only the fields grader reads vary)."""
    return {"id": 123456, "created_at": "2026-12-01T10:00:00.000000+01:00", "submission_method": "upload",
            "assignment": {"id": 25828, "title": "Gradient descent", "group_submission": len(users) > 1},
            "users": list(users), "previous_submissions": []}


S08 = {"email": "hanna@school.example", "id": 1234, "name": "Hanna Peters", "sid": "s08"}


def autograder_root(tmp_path: Path, files, meta: dict | None, exercise: str = "gradient-descent") -> Path:
    """An /autograder-shaped folder: source/ (run_autograder and the exercises, as the bundle
    unzips), submission/, results/, submission_metadata.json."""
    root = tmp_path / "autograder"
    (root / "source" / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / f"{exercise}.yaml", root / "source" / "exercises")
    (root / "source" / "run_autograder").write_text(RUN.replace("@STUDENT_ID@", "sid"), encoding="utf-8")
    (root / "source" / "run_autograder").chmod(0o755)
    make_upload(root / "submission", files)
    if meta is not None:
        (root / "submission_metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def run_autograder(root: Path) -> tuple[subprocess.CompletedProcess, dict]:
    """run_autograder, with this source tree as the installed grader."""
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "GRADER_PYTHON": sys.executable,
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], capture_output=True, env=env,
                          check=False)
    results = root / "results" / "results.json"
    assert results.exists(), done.stderr.decode(errors="replace")
    return done, valid_results(results.read_bytes())


def grade_upload(root: Path, student_id: str = "sid") -> dict:
    """What run_autograder does, in this process."""
    text = autograde(root / "source" / "exercises", root / "submission", root / "submission_metadata.json",
                     student_id)
    return valid_results(text.encode("utf-8"))


def test_an_unreadable_file_whose_name_is_not_utf8_gets_a_results_file(tmp_path):
    """Issue 24: the autograder stopped with a traceback and wrote no results.json."""
    root = autograder_root(tmp_path, [("r\udce9.yaml", b"student: [\n")], metadata(S08))
    done, data = run_autograder(root)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert data["extra_data"]["grader_status"] == "error" and data["score"] == 0
    output = data["tests"][0]["output"]
    assert "r\\\\udce9" in output and "YAML-fout" in output  # Markdown for the text r\\udce9; the exercise is Dutch


def test_a_failure_of_grader_itself_still_writes_a_valid_results_file(tmp_path, monkeypatch):
    from grader.running.batch import Engine

    def broken(*_args, **_kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(Engine, "grade", broken)
    data = grade_upload(autograder_root(tmp_path, [("answers.yaml", HANNA)], metadata(S08)))
    assert data["extra_data"]["grader_status"] == "error"
    assert "grader zelf liep vast (RuntimeError)" in data["output"]


@pytest.mark.parametrize("files,graded,said", [
    ([("__MACOSX/._answers.yaml", b"\x00\x05\x16\x07"), ("answers.yaml", HANNA)], True, "`__MACOSX/`"),
    ([("README.md", b"# Homework 3\n"), ("answers.yaml", HANNA)], True, "`README.md`"),
    ([(".answers.yaml", b"student: ["), ("answers.yaml", HANNA)], True, "`.answers.yaml`"),
    ([("answers.yaml", HANNA), ("answers-old.yaml", HANNA)], False,
     "Er zijn 2 antwoordbestanden ingeleverd (`answers-old.yaml`, `answers.yaml`)"),
    ([("answers.yaml", HANNA), ("notes.md", b"---\nstudent: s08\nexercise: gradient-descent\n---\n")], False,
     "Er zijn 2 antwoordbestanden ingeleverd"),
    ([("answers.yaml", b"->/etc/passwd")], False, "Overgeslagen: `answers.yaml`"),
    ([("answers.yaml", HANNA), ("passwd.yaml", b"->/etc/passwd")], True, "Overgeslagen: `passwd.yaml`"),
    ([("notes.pdf", b"%PDF")], False, ".yaml, .yml, .json, .md of .ipynb"),
])
def test_the_one_answer_file_is_graded_and_the_rest_is_said(tmp_path, files, graded, said):
    """Issue 24: the first file in sorted order was taken (a Mac's __MACOSX/._answers.yaml, a
    README.md), a second answer file was ignored silently, and a link out was read."""
    data = grade_upload(autograder_root(tmp_path, files, metadata(S08)))
    assert (data["extra_data"]["grader_status"] == "graded") == graded
    if graded:
        assert data["score"] == 7.0
    assert said in data["output"]
    assert "root:" not in json.dumps(data)


def test_find_upload_lists_what_it_did_not_read(tmp_path):
    make_upload(tmp_path / "s", [("__MACOSX/._answers.yaml", b"x"), ("README.md", b"# hi\n"),
                                 ("answers.yaml", HANNA), ("out.yaml", b"->/etc/passwd")])
    upload = find_upload(tmp_path / "s")
    assert upload.file == tmp_path / "s" / "answers.yaml"
    assert upload.not_read == ("README.md", "__MACOSX/") and upload.skipped == ("out.yaml",)


def test_a_lone_markdown_file_is_the_answer_file(tmp_path):
    """Notes need no front matter when they are all that was uploaded (a README beside an
    answer file is not read, see above)."""
    make_upload(tmp_path / "s", [("my notes.md", b"# Week 3\n")])
    assert find_upload(tmp_path / "s").file == tmp_path / "s" / "my notes.md"


def test_notes_are_graded_as_the_uploader_and_say_where_each_answer_was_found(tmp_path):
    """A student's own notes (no front matter: no student, no exercise) on a one-exercise bundle."""
    notes = (ROOT / "examples" / "notes" / "seed-notes.md").read_bytes()
    root = autograder_root(tmp_path, [("my notes.md", notes)], metadata(S08))
    data = grade_upload(root)
    assert data["score"] == 7.0 and "Nagekeken als student `s08`" in data["output"]
    assert data["tests"][0]["output"].endswith("Gevonden op: `my notes.md:61`")
    assert str(tmp_path) not in json.dumps(data)


def _with_student(line: bytes) -> bytes:
    return HANNA.replace(b"student: s08\n", line)


@pytest.mark.parametrize("content,meta,student_id,graded,said", [
    (HANNA, metadata(S08), "sid", True, "Nagekeken als student `s08` (sid in Gradescope)."),
    (_with_student(b"student: S08\n"), metadata(S08), "sid", True, "Nagekeken als student `s08`"),
    (_with_student(b"student:\n"), metadata(S08), "sid", True, "Nagekeken als student `s08`"),
    (_with_student(b""), metadata(S08), "sid", True, "Nagekeken als student `s08`"),
    (_with_student(b"student: s09\n"), metadata(S08), "sid", False,
     "Dit bestand is van student `s09`, maar volgens Gradescope heeft `s08` het ingeleverd"),
    (_with_student(b"student: hanna@school.example\n"), metadata(S08), "email", True,
     "Nagekeken als student `hanna@school.example` (email in Gradescope)."),
    (HANNA, metadata(S08), "email", False, "Dit bestand is van student `s08`, maar volgens Gradescope heeft "
                                           "`hanna@school.example` het ingeleverd"),
    (HANNA, metadata({**S08, "sid": None}), "sid", False,
     "Gradescope heeft geen sid van `Hanna Peters`: de docent moet"),
    (HANNA, metadata({**S08, "sid": "s03"}, S08), "sid", True, "Nagekeken als student `s08`"),
    (_with_student(b"student: ''\n"), metadata({**S08, "sid": "s03"}, S08), "sid", False,
     "een groepsinzending moet zeggen wiens getallen ze beantwoordt: een van s03, s08"),
    (HANNA, {"users": "nobody"}, "sid", False, "submission_metadata.json van Gradescope is niet te lezen"),
    (HANNA, metadata({**S08, "sid": "s08\x1b[2J"}), "sid", False, "niet te lezen (an implausible sid)"),
])
def test_the_student_is_the_one_gradescope_says_uploaded(tmp_path, content, meta, student_id, graded, said):
    """Issue 20: submission_metadata.json was never read: a file naming another student was
    graded as that student, and a blank student could not be graded."""
    data = grade_upload(autograder_root(tmp_path, [("answers.yaml", content)], meta), student_id)
    assert (data["extra_data"]["grader_status"] == "graded") == graded, data["output"]
    assert said in data["output"]
    if graded:
        assert data["score"] == 7.0


def test_an_answer_sheet_with_a_blank_student_is_graded(tmp_path, run):
    """Issue 20: the sheet from ``grader template`` leaves student blank and could not be
    graded on Gradescope; the student is Gradescope's."""
    sheet = run("template", "gradient-descent")
    assert sheet.exit_code == 0 and "student: \n" in sheet.stdout
    answers = yaml.safe_load(HANNA)["answers"]
    filled = re.sub(r"(## (\S+)\n(?:> .*\n)?)", lambda m: f"{m.group(1)}\n{answers[m.group(2)]}\n", sheet.stdout)
    data = grade_upload(autograder_root(tmp_path, [("answers.md", filled.encode())], metadata(S08)))
    assert data["score"] == 7.0 and "Nagekeken als student `s08`" in data["output"]


def test_a_variant_is_drawn_for_the_student_gradescope_names(tmp_path):
    """A blank student is graded on the uploader's numbers: as the same file naming them."""
    variants = HANNA.replace(b"exercise: gradient-descent\n", b"exercise: gradient-descent-variants\n")
    blank = grade_variant(tmp_path / "blank", variants.replace(b"student: s08\n", b""))
    named = grade_variant(tmp_path / "named", variants.replace(b"student: s08\n", b"student: s05\n"))
    assert blank["score"] == named["score"]
    assert [t["output"] for t in blank["tests"]] == [t["output"] for t in named["tests"]]
    own = grade_variant(tmp_path / "own", variants)  # s08's own variant differs from s05's
    assert own["extra_data"]["grader_status"] == "error" and "`s08`" in own["output"]


def grade_variant(tmp_path: Path, content: bytes) -> dict:
    meta = metadata({**S08, "sid": "s05"})
    return grade_upload(autograder_root(tmp_path, [("answers.yaml", content)], meta, "gradient-descent-variants"))


def test_each_answer_shows_how_it_was_read(tmp_path):
    data = grade_upload(autograder_root(tmp_path, [("answers.yaml", HANNA)], metadata(S08)))
    first = data["tests"][0]
    assert first["output"].endswith("Je antwoord: `6\\theta` · Gelezen als: `6*θ`")


@pytest.mark.parametrize("field", ["sid", "email"])
def test_the_bundle_tells_run_autograder_which_field_is_the_id(tmp_path, monkeypatch, field):
    import grader.export.gradescope_bundle as gradescope

    monkeypatch.setattr(gradescope, "grader_wheel", lambda: ("grader-0-py3-none-any.whl", b"wheel"))
    gradescope.bundle([ROOT / "exercises" / "gradient-descent.yaml"], tmp_path / "a.zip", field)
    run = zipfile.ZipFile(tmp_path / "a.zip").read("run_autograder").decode()
    assert f'--metadata "$ROOT/submission_metadata.json" --student-id {field} ' in run


def test_the_command_offers_the_fields_the_autograder_reads():
    from grader.cli import STUDENT_ID_FIELDS as offered
    from grader.export.gradescope_bundle import STUDENT_ID_FIELDS

    assert offered == STUDENT_ID_FIELDS


def test_without_metadata_the_files_student_is_taken(tmp_path):
    root = autograder_root(tmp_path, [("answers.yaml", HANNA)], None)
    assert grade_upload(root)["score"] == 7.0


@pytest.mark.parametrize("case,files,expected", GRADESCOPE_UPLOADS, ids=[c[0] for c in GRADESCOPE_UPLOADS])
def test_hostile_uploads(tmp_path, case, files, expected):
    """Every hostile upload gets a valid results.json that says what happened: graded, or not
    graded with its reason; nothing outside the upload is read, no Markdown is injected."""
    data = grade_upload(autograder_root(tmp_path, files, metadata(S08)))
    assert data["extra_data"]["grader_status"] == ("graded" if expected == "graded" else "error"), data["output"]
    if expected == "graded":
        assert data["score"] == 7.0
    text = json.dumps(data, ensure_ascii=False)
    assert "root:" not in text and "\x1b" not in text and "\x07" not in text
    for output in [data.get("output", ""), *(t["output"] for t in data["tests"])]:
        outside_code = re.sub(r"(`+).*?\1", "", output)
        assert "](" not in re.sub(r"\\.", "", outside_code), output
        if COMMONMARK is not None:  # as Gradescope shows it: no link, image or HTML made of a name
            html = COMMONMARK.render(output)
            assert "<a " not in html and "<img" not in html and "<script" not in html, html


# --- export gradescope: one file per result ----------------------------------------------------

def test_export_writes_one_file_per_result(tmp_path):
    """Issue 24: a duplicate's error file overwrote the graded result of the same student, and
    unreadable a.yaml and a.json shared one a--None.json."""
    from grader.exercise.find import load_exercises
    from grader.export.write import Options, export
    from grader.running.classrun import grade_class

    folder = tmp_path / "class"
    make_upload(folder, [("hanna.yaml", HANNA), ("hanna-again.yaml", HANNA), ("a.yaml", b"student: ["),
                         ("a.json", b"{")])
    report = grade_class(load_exercises([str(ROOT / "exercises" / "gradient-descent.yaml")]), [folder],
                         tmp_path / "out").report
    assert len(report.results) == 4
    written, _ = export(report, "gradescope", tmp_path / "gs", Options())
    assert len(set(written)) == 4 and all(p.exists() for p in written)
    files = {p.name: valid_results(p.read_bytes()) for p in written}
    assert sorted(d["extra_data"]["grader_status"] for d in files.values()) == ["error", "error", "error", "graded"]
    assert sorted(files) == ["a.json--unknown.json", "a.yaml--unknown.json",
                             "s08--gradient-descent--hanna-again.yaml.json", "s08--gradient-descent--hanna.yaml.json"]
    assert files["s08--gradient-descent--hanna-again.yaml.json"]["score"] == 7.0  # the first, in path order
    assert "komt dubbel voor" in files["s08--gradient-descent--hanna.yaml.json"]["output"]  # in the exercise's Dutch


@pytest.mark.parametrize("names,expected", [
    ([("s08", "e", "x/a.yaml"), ("s08", "e", "x/b.yaml")], ["s08--e--a.yaml", "s08--e--b.yaml"]),
    ([(None, None, "x/a.yaml"), (None, None, "x/a.json")], ["a.yaml--unknown", "a.json--unknown"]),
    ([("s08", "e", "x/a.yaml"), ("s08", "e", "y/a.yaml")], ["s08--e--x/a.yaml", "s08--e--y/a.yaml"]),
    ([("s08", "e", "a.yaml"), ("s08", "e", "a.yaml")], ["s08--e--a.yaml--1", "s08--e--a.yaml--2"]),
    ([("s08", "e", "a.yaml"), ("S08", "e", "b.yaml")], ["s08--e--a.yaml", "S08--e--b.yaml"]),
    ([("s08", "e", "a.yaml"), ("s09", "e", "a.yaml")], ["s08--e", "s09--e"]),
])
def test_result_file_names_are_distinct(names, expected):
    from grader.export.write import result_file_names
    from grader.results.model import failed

    assert result_file_names([failed(path, "x", student, None, exercise) for student, exercise, path in names]) \
        == expected


# --- properties: whatever the text, a valid results.json ---------------------------------------

@settings(max_examples=200, deadline=None)
@given(error=st.text(), answer=st.text(), read_as=st.none() | st.text(), student=st.text())
def test_any_text_gives_valid_results(error, answer, read_as, student):
    """Errors, answers and ids are the student's text (a lone surrogate, control characters,
    backticks, Markdown): every results.json is UTF-8 JSON by the spec, with no link or image
    made of that text."""
    from grader.export.gradescope import results_json
    from grader.results.model import TaskResult, failed, summarize

    task = TaskResult("gd1.derivative", "incorrect", 0.0, 1.0, answer, read_as, "6*θ")
    for result in (failed("a.yaml", error, student), summarize("a.yaml", student, None, "e", (task,), 1.0)):
        data = valid_results(results_json(result, "en").encode("utf-8"))
        for output in [data.get("output", ""), *(t["output"] for t in data["tests"])]:
            outside_code = re.sub(r"(`+).*?\1", "", output, flags=re.S)
            assert "](" not in re.sub(r"\\.", "", outside_code)
            if COMMONMARK is not None:
                html = COMMONMARK.render(output)
                assert "<a " not in html and "<img" not in html and "<script" not in html, html


NAMES = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1,
                max_size=20).filter(lambda n: n not in (".", ".."))


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.tuples(NAMES, st.sampled_from(["", ".yaml", ".md", ".json", ".ipynb", ".pdf"])),
                      max_size=6, unique=True))
def test_find_upload_takes_one_file_or_none(tmp_path_factory, names):
    folder = tmp_path_factory.mktemp("upload")
    for stem, suffix in names:
        try:
            (folder / f"{stem}{suffix}").write_bytes(b"---\nstudent: s\n---\n" if suffix == ".md" else b"x")
        except OSError:  # a name the file system refuses (too long in bytes)
            continue
    upload = find_upload(folder)
    everything = {p.name for p in folder.iterdir()}
    assert set(upload.answer_files) | {n.rstrip("/") for n in upload.not_read} == everything
    assert upload.file is None or len(upload.answer_files) == 1
    assert all(not n.startswith(".") for n in upload.answer_files)


@pytest.mark.parametrize("policy, shown", [(None, False), ("never", False), ("after-check", True),
                                           ("always", True)])
def test_the_autograder_follows_the_exercises_reveal_policy(tmp_path, policy, shown):
    """A student reads Gradescope's output at once: a self-check, so the corrected gradient
    (θ1^3, 2θ2/5) of Hanna's sum shows only where the exercise's policy reveals it."""
    root = autograder_root(tmp_path, [("answers.yaml", HANNA)], metadata(S08))
    if policy is not None:
        exercise = root / "source" / "exercises" / "gradient-descent.yaml"
        text = exercise.read_text(encoding="utf-8")
        exercise.write_text(text.replace("\nproblems:", f"\nfeedback: {{reveal: {policy}}}\nproblems:", 1),
                            encoding="utf-8")
    data = grade_upload(root)
    gradient = next(t for t in data["tests"] if t["name"] == "gd2.gradient")
    assert "gradiënt is een vector" in gradient["output"]  # the mistake is always named
    assert ("θ1^3, 2\\*θ2/5" in gradient["output"]) == shown
