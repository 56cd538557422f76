"""The Gradescope autograder bundle, run as Gradescope runs it: unzipped into an
/autograder-shaped folder, run_autograder grades the uploaded file into results/results.json."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


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


@pytest.mark.parametrize("upload,score", [("hanna.yaml", 7.0), ("finn.yaml", 5.5)])
def test_run_autograder_grades_the_upload(tmp_path, autograder_zip, upload, score):
    root = tmp_path / "autograder"
    zipfile.ZipFile(autograder_zip).extractall(root / "source")
    (root / "submission").mkdir()
    shutil.copy(ROOT / "examples" / "submissions" / upload, root / "submission" / upload)
    script = root / "source" / "run_autograder"
    script.chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "GRADER_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == score
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
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "score" not in data and data["tests"][0]["status"] == "failed"
    assert "no submission file" in data["output"]
