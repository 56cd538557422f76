"""Rendering reports with jinja2: templates from the top-level ``reports/`` folder (shipped
inside the wheel), labels from the catalog (``labels``), and nothing of a student's text ever
reaching a page as markup: HTML templates autoescape everything, Markdown templates escape
``&``, ``<`` and ``>`` (raw HTML in Markdown is rendered by most LMS comment boxes)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from grader.report.labels import labels_for
from grader.report.student import StudentView


def templates_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_bundled" / "reports", here.parent / "reports"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the report templates are missing from this installation; reinstall grader")


def _markdown_text(value: object) -> object:
    """Every value a Markdown template prints, as text: ``<script>`` stays visible as such."""
    if value is None or isinstance(value, Markup | int | float):
        return value
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@cache
def environment(markdown: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=not markdown,
        finalize=_markdown_text if markdown else None,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates do not change during a run: no stat() per page
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, lang: str, **context: object) -> str:
    env = environment(template.endswith(".md.j2"))
    return env.get_template(template).render(lang=lang, t=labels_for(lang), **context)


class StudentPages:
    """Renders students' reports; a task looking the same for two students (same answer,
    verdict, diagnoses, picture) is rendered once: a class repeats itself."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str, object], Markup] = {}

    def render(self, fmt: str, lang: str, view: StudentView) -> str:
        parts = []
        for task in view.tasks:
            key = (fmt, lang, task)
            part = self._parts.get(key)
            if part is None:
                part = Markup(render(f"student_task.{fmt}.j2", lang, task=task))
                if len(self._parts) < 50_000:
                    self._parts[key] = part
            parts.append(part)
        return render(f"student.{fmt}.j2", lang, view=view, tasks=parts)
