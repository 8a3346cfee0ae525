"""Render view models to self-contained HTML with autoescaping always on."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined

from grader.report.model import EssayPage, IndexPage


@cache
def environment() -> Environment:
    """Create the Jinja2 environment once; essay text can never inject markup."""
    return Environment(
        loader=PackageLoader("grader.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def stylesheet() -> str:
    """Return the report stylesheet, inlined into every page so reports work offline."""
    return (resources.files("grader.report") / "templates" / "style.css").read_text("utf-8")


def today() -> str:
    """Return the report date, honouring SOURCE_DATE_EPOCH for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = datetime.fromtimestamp(int(epoch), UTC).date() if epoch else date.today()
    return day.isoformat()


def render_essay(page: EssayPage) -> str:
    """Render one essay report."""
    return environment().get_template("essay.html").render(page=page, css=stylesheet())


def render_index(page: IndexPage) -> str:
    """Render the class overview."""
    return environment().get_template("index.html").render(page=page, css=stylesheet())
