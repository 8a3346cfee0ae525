"""Render view models to self-contained HTML with autoescaping always on."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from markupsafe import Markup

from grader.output.report.model import EssayPage
from grader.output.report.overview import IndexPage

if TYPE_CHECKING:  # Jinja2 is imported when a page is rendered: `grader check` prints text
    from jinja2 import Environment


# Shared read-only: a Jinja2 environment is safe to render from many threads once configured.
@cache
def environment() -> Environment:
    """Create the Jinja2 environment once; essay text can never inject markup."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("grader.output.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# Immutable: strings.
@cache
def asset(name: str) -> Markup:
    """Return our own stylesheet or script, inlined into every page so reports work offline."""
    return Markup((resources.files("grader.output.report.templates") / name).read_text("utf-8"))


def today() -> str:
    """Return the report date, honouring SOURCE_DATE_EPOCH for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = datetime.fromtimestamp(int(epoch), UTC).date() if epoch else date.today()
    return day.isoformat()


def render_essay(page: EssayPage) -> str:
    """Render one essay report."""
    template = environment().get_template("essay.html")
    return template.render(page=page, css=asset("style.css"), essay_js=asset("report.js"))


def render_index(page: IndexPage) -> str:
    """Render the class overview."""
    template = environment().get_template("index.html")
    return template.render(page=page, css=asset("style.css"), sort_js=asset("sort.js"))
