"""docs/api.md's examples run as they are written, one after the other, from the project folder."""

from __future__ import annotations

import re
import tempfile

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "api.md"


def examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def test_the_page_has_examples_of_every_function():
    code = "".join(examples())
    for name in ("load_exercise", "check_answer", "check_submission", "grade_class", "read_results",
                 "write_reports", "export_results"):
        assert f"grader.{name}(" in code, name


def test_the_examples_of_docs_api_run(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the examples' output goes there
    namespace: dict[str, object] = {"__name__": "docs_api"}
    for number, block in enumerate(examples(), 1):
        exec(compile(block, f"docs/api.md, example {number}", "exec"), namespace)  # our own docs
