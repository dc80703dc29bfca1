"""One submission's page: every field, the attachments, the public timeline, the emails
sent about it, and the forms that move it along (status, assignment, answer, publication)."""
from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from sqlalchemy import select

from ..extensions import db
from ..models import STATUS_LABELS, Attachment, OutboxMessage, Submission
from ..perbaikan import clock_start
from . import bp
from .dates import processing_days
from .auth import current_staff
from .filters import is_overdue, staff_choices
from .forms import AssignForm, PublishForm, ReplyForm, StatusForm
from .workflow import TRANSITIONS, StaleChange, assign, change_status, save_reply, set_published

# Served as themselves (with nosniff and as a download); anything else as bytes.
KNOWN_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def get_submission(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    return submission


# --------------------------------------------------------------------------- forms

def status_form(submission: Submission, submitted: bool = False) -> StatusForm:
    form = StatusForm() if submitted else StatusForm(formdata=None, current=submission.status)
    # An empty first option: the officer chooses the new status deliberately (and the
    # required select is valid HTML).
    allowed = {s: STATUS_LABELS[s] for s in TRANSITIONS[submission.status]}
    form.status.choices = {"": "Pilih status baru", **allowed} if allowed else {}
    return form


def assign_form(submission: Submission, submitted: bool = False) -> AssignForm:
    form = AssignForm() if submitted else AssignForm(formdata=None, assignee=str(submission.assignee_id or ""))
    form.assignee.choices = {"": "Belum ditugaskan", **staff_choices(include_specials=False)}
    return form


def detail_forms(submission: Submission, **submitted) -> dict:
    """The forms of the detail page; `submitted` holds the one being re-shown with errors
    (the others must not pick up the posted data)."""
    forms = {
        "status_form": status_form(submission),
        "assign_form": assign_form(submission),
        "reply_form": ReplyForm(formdata=None, reply=submission.reply),
        "publish_form": PublishForm(formdata=None, publish="0" if submission.published else "1"),
    }
    forms.update(submitted)
    return forms


def render_detail(submission: Submission, status: int = 200, **submitted):
    emails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.submission_id == submission.id)
                                .order_by(OutboxMessage.id)).all()
    took = processing_days(clock_start(submission), submission.closed_at) if submission.closed_at else None
    return render_template("hr/detail.html", submission=submission, emails=emails, processing_days=took,
                           overdue=is_overdue(submission), **detail_forms(submission, **submitted)), status


# --------------------------------------------------------------------------- views

@bp.get("/pengajuan/<int:submission_id>")
def detail(submission_id: int):
    return render_detail(get_submission(submission_id))


@bp.get("/pengajuan/<int:submission_id>/lampiran/<int:attachment_id>")
def attachment(submission_id: int, attachment_id: int):
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.submission_id != submission_id or item.content is None:
        abort(404)
    mimetype = item.content_type if item.content_type in KNOWN_TYPES else "application/octet-stream"
    response = send_file(io.BytesIO(item.content), mimetype=mimetype, as_attachment=True,
                         download_name=item.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def _changed_meanwhile(submission: Submission):
    flash(f"Status sudah diubah oleh petugas lain menjadi {submission.status_label}. "
          "Periksa riwayat di bawah, lalu ulangi jika masih perlu.", "warning")
    return redirect(url_for("hr.detail", submission_id=submission.id) + "#ubah-status")


@bp.post("/pengajuan/<int:submission_id>/status")
def update_status(submission_id: int):
    submission = get_submission(submission_id)
    form = status_form(submission, submitted=True)
    if form.current.data and form.current.data != submission.status:
        return _changed_meanwhile(submission)
    if not form.validate_on_submit():
        return render_detail(submission, 400, status_form=form)
    try:
        change_status(submission.id, form.status.data, form.note.data, current_staff(), form.current.data)
    except (StaleChange, ValueError):  # changed by someone else between the check and the lock
        db.session.expire_all()
        return _changed_meanwhile(get_submission(submission_id))
    message = f"Status diubah menjadi {STATUS_LABELS[form.status.data]}."
    if submission.email:
        message += " Email pemberitahuan dikirim ke pemohon."
    else:
        message += " Pemohon tidak mencantumkan email: pemberitahuan hanya tampil di halaman status."
    flash(message, "success")
    return redirect(url_for("hr.detail", submission_id=submission.id))


@bp.post("/pengajuan/<int:submission_id>/petugas")
def update_assignee(submission_id: int):
    submission = get_submission(submission_id)
    form = assign_form(submission, submitted=True)
    if not form.validate_on_submit():
        return render_detail(submission, 400, assign_form=form)
    assign(submission.id, int(form.assignee.data) if form.assignee.data else None, current_staff())
    flash("Penugasan disimpan.", "success")
    return redirect(url_for("hr.detail", submission_id=submission.id))


@bp.post("/pengajuan/<int:submission_id>/jawaban")
def reply(submission_id: int):
    submission = get_submission(submission_id)
    if submission.kind != "saran":
        flash("Jawaban hanya untuk saran dan pengaduan.", "warning")
        return redirect(url_for("hr.detail", submission_id=submission.id))
    form = ReplyForm()
    if not form.validate_on_submit():
        return render_detail(submission, 400, reply_form=form)
    emailed = save_reply(submission.id, form.reply.data, current_staff())
    flash("Jawaban disimpan dan tampil di halaman status." + (" Email dikirim ke pengirim." if emailed else
          " Pengirim tidak mencantumkan email."), "success")
    return redirect(url_for("hr.detail", submission_id=submission.id))


@bp.post("/pengajuan/<int:submission_id>/terbit")
def publish(submission_id: int):
    submission = get_submission(submission_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return render_detail(submission, 400, publish_form=form)
    wanted = form.publish.data == "1"
    if wanted and not submission.publish_consent:
        flash("Pengirim tidak menyetujui saran ini diterbitkan.", "warning")
    elif wanted and not submission.reply:
        flash("Tulis jawaban dulu sebelum menerbitkan.", "warning")
    else:
        set_published(submission.id, wanted, current_staff())
        flash("Saran dan jawabannya diterbitkan di halaman tanya jawab." if wanted
              else "Saran dan jawabannya tidak lagi diterbitkan.", "success")
    return redirect(url_for("hr.detail", submission_id=submission.id))
