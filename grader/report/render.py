"""Rendering reports with jinja2: templates from the top-level ``reports/`` folder (shipped
inside the wheel), labels from the catalog (``labels``), and nothing of a student's text ever
reaching a page as markup: HTML templates autoescape everything; Markdown templates escape
every value as Markdown text (``hygiene.markdown_text``: no image, link, HTML, entity, emphasis
or new line comes of it), and show answers through the ``code`` filter (a code span that shows
``<`` and ``&`` as they are), LaTeX through ``math`` and the report's own links through ``url``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from grader.report.hygiene import inert, markdown_code, markdown_math, markdown_text
from grader.report.labels import labels_for
from grader.report.student import StudentView


def templates_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_bundled" / "reports", here.parent / "reports"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the report templates are missing from this installation; reinstall grader")


def _markdown_text(value: object) -> object:
    """Every value a Markdown template prints, as text: ``<script>`` stays visible as such,
    ``**Score**`` stays two asterisks. Numbers and what a filter made Markdown stay."""
    if value is None or isinstance(value, Markup | int | float):
        return value
    return markdown_text(value)


def _html_text(value: object) -> object:
    """Every value an HTML template prints, with control characters (ESC of a terminal
    sequence in a name) as their visible escapes; autoescaping does the rest."""
    if value is None or isinstance(value, Markup | int | float):
        return value
    return inert(value)


def _code(value: object, table: bool = False) -> Markup:
    return Markup(markdown_code(value, table))


def _math(value: object) -> Markup:
    return Markup(markdown_math(value))


def _url(value: object) -> Markup:
    """A link of the report to its own files (``students/s01--gradient-descent.md``):
    percent-encoded, so nothing in it ends the link or starts another."""
    return Markup(quote(str(value), safe="/._-"))


@cache
def _markdown_labels(lang: str) -> Mapping[str, Markup]:
    """The catalog's labels are grader's own Markdown, printed as they are."""
    return MappingProxyType({key: Markup(text) for key, text in labels_for(lang).items()})


@cache
def environment(markdown: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=not markdown,
        finalize=_markdown_text if markdown else _html_text,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates do not change during a run: no stat() per page
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if markdown:
        env.filters.update(code=_code, math=_math, url=_url)
    return env


def render(template: str, lang: str, **context: object) -> str:
    markdown = template.endswith(".md.j2")
    labels = _markdown_labels(lang) if markdown else labels_for(lang)
    return environment(markdown).get_template(template).render(lang=lang, t=labels, **context)


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
