"""The SKM survey (/api/survei/) and its public results (/api/survei/hasil/).

The survey is a public form: no session authority, so no CSRF token; instead an Origin
check, a honeypot and a per-IP rate limit. Reached from a confirmation or status page with
?ref=<reference>, it prefills the service of that submission and accepts one response per
reference (SurveyResponse.reference is unique).
"""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from .. import skm
from ..extensions import csrf, db, limiter
from ..models import SurveyFollowUp
from ..security import check_origin
from . import charts
from .choices import service_groups
from .forms import SurveyForm
from .store import AlreadyAnswered, already_answered, find_submission, save_response, service_of
from .text import init_filters

bp = Blueprint("survey", __name__, url_prefix="/api/survei")
init_filters(bp)  # `paragraf` for the follow-up text

def _ratelimit() -> str:
    return current_app.config["SURVEY_RATELIMIT"]  # per IP (formsvc/config.py)


@bp.app_template_filter("angka")
def angka_filter(value, digits: int = 2) -> str:
    return charts.angka(value, digits)


def _form(formdata=None, submission=None) -> SurveyForm:
    return SurveyForm(formdata, service_groups=service_groups(current_app.config.get("DOCS_DIR")),
                      submission_service=service_of(submission) if submission else None,
                      ref=submission.reference if submission else "")


@bp.get("/")
def survey():
    submission = find_submission(request.args.get("ref"))
    if submission is not None and already_answered(submission.reference):
        return render_template("survey/already.html", reference=submission.reference)
    form = _form(submission=submission)
    return render_template("survey/form.html", form=form, submission=submission)


@bp.post("/")
@csrf.exempt
@limiter.limit(_ratelimit, methods=["POST"])
def submit():
    check_origin()
    # A reference that does not (or no longer) exist is ignored, never reported.
    submission = find_submission(request.form.get("ref"))
    form = _form(request.form, submission)
    form.ref.data = submission.reference if submission else ""
    if form.honeypot_filled():
        # Look like success so that the bot learns nothing; store nothing.
        return redirect(url_for("survey.thanks"), 303)
    if not form.validate():
        return render_template("survey/form.html", form=form, submission=submission), 400
    reference = submission.reference if submission else None
    try:
        save_response(answers=form.scores(), umur=form.umur.data,
                      jenis_kelamin=form.jenis_kelamin.data, pendidikan=form.pendidikan.data,
                      pekerjaan=form.pekerjaan.data, layanan=form.layanan.data,
                      saran=form.saran.data, reference=reference)
    except AlreadyAnswered:
        return render_template("survey/already.html", reference=reference)
    return redirect(url_for("survey.thanks"), 303)


@bp.get("/terima-kasih/")
def thanks():
    return render_template("survey/thanks.html")


# --------------------------------------------------------------------------- results

RESULT_PERIODS = 8  # quarters in the trend chart and the summary table


@bp.get("/hasil/")
def results():
    quarters = list(reversed(skm.latest_periods("quarter", RESULT_PERIODS)))  # oldest first
    wanted = request.args.get("periode", "").strip()
    error = None
    selected = quarters[-1] if quarters else None
    if wanted:
        try:
            selected = skm.parse_period(wanted)
        except skm.PeriodError as exc:
            error = str(exc)
    if selected is None and not error:
        return render_template("survey/results.html", selected=None, report=None, error=None,
                               trend=[], options=[], follow_up=None, services=[])
    report = skm.ikm_report(selected) if selected else None
    trend = skm.trend(quarters)
    follow_up = None
    if selected is not None:
        follow_up = db.session.execute(
            select(SurveyFollowUp).where(SurveyFollowUp.period == selected.code)).scalar_one_or_none()
    options = period_options(quarters, selected)
    return render_template(
        "survey/results.html", selected=selected, report=report, error=error, trend=trend,
        options=options, follow_up=follow_up,
        services=skm.service_reports(selected) if selected else [],
        unsur_svg=charts.unsur_chart(report) if report else None,
        trend_svg=charts.trend_chart(trend) if trend else None,
        unsur=skm.UNSUR, population_note=skm.POPULATION_NOTE if report and report.population is None else None,
    ), (400 if error else 200)


def period_options(quarters: list[skm.Period], selected: skm.Period | None) -> list[tuple[str, list[skm.Period]]]:
    """The period picker: the quarters with responses, their semesters and years, and the
    months with responses within them (besides typing ?periode=2026-08)."""
    return skm.period_options(quarters, selected, skm.latest_periods("month", 3 * len(quarters)))
