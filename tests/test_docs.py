"""The README and docs/ as a newcomer reads them: every link leads somewhere, and CI runs the
README's own two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
CODE = re.compile(r"`+[^`]*`+|```.*?```", re.S)  # a link written as an example is no link


def links(page: Path) -> list[str]:
    return LINK.findall(CODE.sub("", page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_leads_to_a_file(page: Path) -> None:
    targets = [target for target in links(page) if "://" not in target]
    missing = [target for target in targets if not (page.parent / target).exists()]
    assert not missing, f"{page.name} links to what does not exist: {missing}"


def test_every_page_of_docs_is_linked_from_the_readme() -> None:
    linked = {Path(target).name for target in links(ROOT / "README.md")}
    pages = {page.name for page in PAGES[1:]}
    assert len((ROOT / "README.md").read_text(encoding="utf-8")) <= 8000, "a README a newcomer reads through"
    assert pages <= linked, f"not in the README's index: {sorted(pages - linked)}"


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_readme_has_exactly_two_commands_and_ci_runs_them() -> None:
    install, tests = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install.replace("pip install .", "pip install --quiet .") in ci
    extra, pytest_command = tests.split(" && ")
    assert extra.replace("pip install", "pip install --quiet") in ci
    assert ci.rstrip().endswith(pytest_command)
    assert "[test]" not in install, "the first command is for users: no test tools"


DERIVATIVE_EXAMPLE = re.compile(r"^- `derivative: \[([^\]]+)\]` asks for \S+ = `([^`]+)`", re.M)


def test_the_derivative_examples_of_the_exercise_page_are_what_grader_expects(tmp_path) -> None:
    """A teacher read `derivative: [x, y]` as both first partials: the page shows each form
    with its answer, and these are the answers grader computes."""
    from grader.exercise import load_exercise
    from grader.parse import read_answer

    page = (ROOT / "docs" / "exercises.md").read_text(encoding="utf-8")
    examples = DERIVATIVE_EXAMPLE.findall(page)
    assert [names for names, _ in examples] == ["x", "y", "x, y", "x, x"]
    tasks = "".join(f"      - {{id: t{k}, derivative: [{names}]}}\n" for k, (names, _) in enumerate(examples))
    path = tmp_path / "d.yaml"
    path.write_text(f"id: d\ntitle: D\nproblems:\n  - id: z\n    function: 'Z(x, y) = x^2 y^3'\n"
                    f"    tasks:\n{tasks}", encoding="utf-8")
    for task, (_, answer) in zip(load_exercise(path).tasks, examples, strict=True):
        assert (task.expected - read_answer(answer, task.vocabulary).value).expand() == 0, task.key


def test_every_diagnosis_code_is_in_the_code_table_of_the_diagnosis_page() -> None:
    from grader.codes import DIAGNOSIS_CODES

    table = (ROOT / "docs" / "diagnosis.md").read_text(encoding="utf-8")
    assert [code for code in DIAGNOSIS_CODES if f"| `{code}` |" not in table] == []


def test_the_architecture_page_names_every_module() -> None:
    """docs/architecture.md is where a newcomer finds a module's job: one added without a word
    there is one they will not find."""
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [p for p in sorted((ROOT / "grader").rglob("*.py")) if p.name not in ("__init__.py", "__main__.py")]
    assert [str(p.relative_to(ROOT)) for p in modules
            if f"`{p.stem}`" not in page and f"{p.stem}.py" not in page] == []


def test_the_commands_page_names_every_bundled_exercise() -> None:
    import yaml

    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    ids = [yaml.safe_load(path.read_text(encoding="utf-8"))["id"] for path in sorted((ROOT / "exercises").glob("*.yaml"))]
    assert [i for i in ids if f"`{i}`" not in page] == []
