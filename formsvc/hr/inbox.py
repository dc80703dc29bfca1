"""The inbox: every request, suggestion and survey response, filtered and searched; a
detail page with every field and the attachments (served only to logged-in staff)."""
from __future__ import annotations

from flask import abort, render_template, request

from .. import perbaikan, skm
from ..extensions import db
from ..models import Submission, SurveyResponse
from . import bp, dates
from .auth import current_staff
from .exports import xlsx_limit
from .filters import is_overdue, read_filters, submission_query, survey_query

PER_PAGE = 25


@bp.app_template_filter("hr_overdue")
def overdue_filter(submission: Submission) -> bool:
    return is_overdue(submission)


@bp.get("/")
def inbox():
    filters = read_filters()
    page = request.args.get("halaman", 1, type=int)
    if filters.is_survey:
        pagination = db.paginate(survey_query(filters), page=page, per_page=PER_PAGE, error_out=False)
    else:
        pagination = db.paginate(submission_query(filters, current_staff()), page=page,
                                 per_page=PER_PAGE, error_out=False)
    # Requests the applicant answered from the status page ("Kirim perbaikan") since HR last acted.
    answered = set() if filters.is_survey else perbaikan.answered_ids(s.id for s in pagination.items)
    return render_template("hr/inbox.html", filters=filters, form=filters.form, pagination=pagination,
                           today=dates.today(), answered=answered, xlsx_limit=xlsx_limit())


@bp.get("/survei/<int:response_id>")
def survey_detail(response_id: int):
    response = db.session.get(SurveyResponse, response_id)
    if response is None:
        abort(404)
    return render_template("hr/survey_detail.html", response=response, unsur=skm.UNSUR)
