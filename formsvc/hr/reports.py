"""Reports: the IKM (SKM) report with HR's "tindak lanjut" per period, and the page-feedback
report. The numbers and the survey charts come from the survey area (formsvc/skm.py,
formsvc/survey/charts.py, formsvc/feedback.py); this module shows them to HR and stores
the follow-up text that the public results page publishes."""
from __future__ import annotations

from flask import render_template

from . import bp


@bp.get("/laporan/ikm")
def ikm_report():
    return render_template("hr/pending_report.html", title="Laporan IKM", section="ikm")


@bp.get("/laporan/umpan-balik")
def page_feedback_report():
    return render_template("hr/pending_report.html", title="Umpan balik halaman", section="feedback")
