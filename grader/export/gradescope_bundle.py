"""Gradescope's autograder: ``grader gradescope-bundle`` builds the zip a course uploads (a
``setup.sh`` that installs grader's wheel, a ``run_autograder`` that grades the student's
uploaded file, and the exercises), and ``grader autograde`` is what ``run_autograder`` calls:
it grades the upload and writes ``results/results.json`` in Gradescope's format (what it does
is in :mod:`grader.running.gradescope_upload`). Grading needs no network; only ``setup.sh`` installs
grader's dependencies when Gradescope builds the image.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from grader.errors import GraderError
from grader.running.gradescope_upload import STUDENT_ID_FIELDS, autograde, find_upload

__all__ = ["STUDENT_ID_FIELDS", "autograde", "bundle", "find_upload", "grader_wheel"]

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image.
set -euo pipefail
cd "$(dirname "$0")"
apt-get install -y python3 python3-pip python3-venv >/dev/null 2>&1 || true
python3 -m venv /opt/grader
/opt/grader/bin/pip install --quiet ./wheels/*.whl
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission; it needs no network.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${GRADER_PYTHON:-/opt/grader/bin/python}"
mkdir -p "$ROOT/results"
"$PYTHON" -m grader autograde --exercises "$ROOT/source/exercises" --submission "$ROOT/submission" \\
    --metadata "$ROOT/submission_metadata.json" --student-id @STUDENT_ID@ --out "$ROOT/results/results.json"
"""


def bundle(exercise_paths: list[Path], out: Path, student_id: str = "sid") -> None:
    """The autograder zip: setup.sh, run_autograder, grader's wheel, the exercises.
    ``student_id``: the field of Gradescope's ``users[]`` that holds the student's id as the
    exercises know it (one of :data:`STUDENT_ID_FIELDS`)."""
    if student_id not in STUDENT_ID_FIELDS:
        raise GraderError(f"--student-id must be one of {', '.join(STUDENT_ID_FIELDS)}, not '{student_id}'")
    wheel_name, wheel = grader_wheel()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "setup.sh", SETUP, executable=True)
        _add(archive, "run_autograder", RUN.replace("@STUDENT_ID@", student_id), executable=True)
        archive.writestr(f"wheels/{wheel_name}", wheel)
        for path in exercise_paths:
            archive.writestr(f"exercises/{path.name}", path.read_bytes())


def _add(archive: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = (0o755 if executable else 0o644) << 16
    archive.writestr(info, text)


def grader_wheel() -> tuple[str, bytes]:
    """grader as a wheel: built from the source tree when there is one, else packed again from
    the installed files (their RECORD still describes them)."""
    source = Path(__file__).resolve().parent.parent
    if (source / "pyproject.toml").is_file() and (source / "exercises").is_dir():
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                                   "--no-build-isolation", "--wheel-dir", folder, str(source)],
                                  capture_output=True, text=True, check=False)
            wheels = list(Path(folder).glob("grader-*.whl"))
            if done.returncode == 0 and wheels:
                return wheels[0].name, wheels[0].read_bytes()
    return _repacked()


def _repacked() -> tuple[str, bytes]:
    try:
        dist = distribution("grader")
    except PackageNotFoundError:
        raise GraderError("grader is not installed; install it to build a Gradescope bundle") from None
    files = [f for f in dist.files or [] if not str(f).endswith(".pyc")]
    if not any(str(f).startswith("grader/") for f in files):
        raise GraderError("this grader is an editable install; build the bundle from its source tree")
    version = dist.version
    out = io.BytesIO()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wheel:
        for file in files:
            name = str(file)
            if name.endswith("RECORD") or "__pycache__" in name or name.startswith(".."):
                continue
            data = Path(file.locate()).read_bytes()
            wheel.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            writer.writerow([name, f"sha256={digest}", len(data)])
        writer.writerow([f"grader-{version}.dist-info/RECORD", "", ""])
        wheel.writestr(f"grader-{version}.dist-info/RECORD", record.getvalue())
    return f"grader-{version}-py3-none-any.whl", out.getvalue()
