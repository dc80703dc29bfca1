"""`{{ formulir survei }}`: the questionnaire embedded in a documentation page at build time.

Called by the site build (through formsvc/embed.py's EMBEDDABLE registry) without a request,
usually without an application: the form posts to /api/survei/ like the page of its own, and
the list of services comes from the same knowledge base the build is rendering.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from .choices import service_groups
from .forms import SurveyForm

ACTION = "/api/survei/"
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"


def _environment() -> jinja2.Environment:
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.jinja_env
    env = jinja2.Environment(loader=jinja2.PackageLoader("formsvc", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    return env


def survey_embed(page_slug: str | None = None, docs_dir: str | Path | None = None) -> str:
    """The survey form's HTML for the page `page_slug` (its headings one level below the page's)."""
    form = SurveyForm(None, service_groups=service_groups(str(docs_dir or DOCS_DIR)))
    html = _environment().get_template("survey/_form.html").render(
        form=form, action=ACTION, submission=None, heading_level=3)
    return Markup(f'<div class="skm-embed" data-embed="survei">{html}</div>')
