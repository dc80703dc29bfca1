"""`{{ formulir survei }}`: the SKM questionnaire embedded in a documentation page.

Registered in formsvc/embed.py's EMBEDDABLE (this module is one of its PROVIDERS) and called
by the site build inside its template-only app: the same form as /api/survei/, posting there,
with the knowledge base being built as the list of services.
"""
from __future__ import annotations

from flask import render_template

from ..embed import EmbedContext, embeddable
from .choices import service_groups
from .forms import SurveyForm

ACTION = "/api/survei/"


@embeddable("survei")
def render_survey_embed(context: EmbedContext) -> str:
    form = SurveyForm(None, service_groups=service_groups(str(context.docs_dir)))
    return render_template("survey/_form.html", form=form, action=ACTION, submission=None)
