"""The installed grader finds its bundled exercises wherever it runs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_installed_command_finds_bundled_exercises_from_any_folder(tmp_path):
    command = Path(sys.executable).parent / "grader"
    if not command.exists():
        pytest.skip("grader is not installed in this environment")
    done = subprocess.run([str(command), "validate", "gradient-descent", "partial-derivatives"],
                          capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ok:") == 2


def test_wheel_carries_the_exercises(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("grader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for exercise in ("partial-derivatives", "linear-cost", "gradient-descent", "chain-rule"):
        assert f"grader/_bundled/exercises/{exercise}.yaml" in names
    for template in ("student.html.j2", "student.md.j2", "report.css"):
        assert f"grader/_bundled/reports/{template}" in names
