"""Reports: the IKM (SKM) report with HR's "tindak lanjut" per period, and the page-feedback
report. The numbers and the survey charts come from the survey area (formsvc/skm.py,
formsvc/survey/charts.py, formsvc/feedback.py); this module shows them to HR and stores
the follow-up text that the public results page (/api/survei/hasil/) publishes."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from .. import skm
from ..extensions import db, transaction
from ..feedback import page_feedback_report as feedback_summaries
from ..models import SurveyFollowUp, utcnow
from ..survey import charts as survey_charts
from ..survey.views import period_options
from . import audit, bp, dates
from .auth import current_staff
from .forms import FollowUpForm, PageFeedbackFilterForm

TREND_QUARTERS = 8


def _selected_period(quarters: list[skm.Period]) -> tuple[skm.Period | None, str | None]:
    wanted = (request.values.get("periode") or "").strip()
    if not wanted:
        return (quarters[-1] if quarters else skm.period_of(dates.today(), "quarter")), None
    try:
        return skm.parse_period(wanted), None
    except skm.PeriodError as error:
        return (quarters[-1] if quarters else None), str(error)


def save_follow_up(period: skm.Period, text: str, staff) -> None:
    with transaction():
        follow_up = db.session.scalar(select(SurveyFollowUp).where(SurveyFollowUp.period == period.code))
        if follow_up is None:
            follow_up = SurveyFollowUp(period=period.code, text=text)
            db.session.add(follow_up)
        follow_up.text = text
        follow_up.staff_id = staff.id
        follow_up.updated_at = utcnow()
        audit.record("follow_up", target=period.code, staff=staff)


@bp.route("/laporan/ikm", methods=["GET", "POST"])
def ikm_report():
    quarters = list(reversed(skm.latest_periods("quarter", TREND_QUARTERS)))  # oldest first
    period, error = _selected_period(quarters)
    services = skm.services()
    service = request.args.get("layanan") or None
    if service not in services:
        service = None
    follow_up = db.session.scalar(select(SurveyFollowUp).where(SurveyFollowUp.period == period.code)) \
        if period else None
    form = FollowUpForm(formdata=None if request.method == "GET" else request.form,
                        text=follow_up.text if follow_up else None)
    if request.method == "POST" and period is not None and form.validate():
        save_follow_up(period, form.text.data, current_staff())
        flash(f"Tindak lanjut {period.label} disimpan dan tampil di halaman hasil survei.", "success")
        return redirect(url_for("hr.ikm_report", periode=period.code, layanan=service))
    report = skm.ikm_report(period, service) if period else None
    trend = skm.trend(quarters, service)
    return render_template(
        "hr/ikm.html", period=period, error=error, options=period_options(quarters, period),
        services=services, service=service, report=report, trend=trend, form=form, follow_up=follow_up,
        by_service=skm.service_reports(period) if period and not service else [],
        unsur=skm.UNSUR,
        unsur_svg=survey_charts.unsur_chart(report, "hr-grafik-unsur") if report and report.respondents else None,
        trend_svg=survey_charts.trend_chart(trend, "hr-grafik-tren") if trend else None,
    ), (400 if error or form.errors else 200)


@bp.get("/laporan/umpan-balik")
def page_feedback_report():
    form = PageFeedbackFilterForm(request.args)
    form.validate()
    since = dates.utc_start_of(form.dari.data) if form.dari.data and not form.dari.errors else None
    until = dates.utc_end_of(form.sampai.data) if form.sampai.data and not form.sampai.errors else None
    pages = feedback_summaries(since=since, until=until)
    if form.hanya_tidak_membantu.data:
        pages = [p for p in pages if p.not_helpful]
    return render_template("hr/page_feedback.html", form=form, pages=pages[:100], total=len(pages))
