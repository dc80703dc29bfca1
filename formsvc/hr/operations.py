"""Operations (admins): the email outbox with its failures and a retry, and the audit log."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from .. import outbox
from ..extensions import db
from ..models import AuditLog, OutboxMessage, Staff, utcnow
from . import audit, bp, dates
from .audit import ACTION_LABELS
from .auth import admin_only, current_staff
from .forms import ActionForm

OUTBOX_STATUSES = {"pending": "Menunggu", "sending": "Sedang dikirim", "sent": "Terkirim", "failed": "Gagal"}
PURPOSES = {"hr_notification": "Pemberitahuan ke HR", "acknowledgement": "Tanda terima",
            "status_update": "Perubahan status", "reply": "Jawaban saran",
            "correction_hr": "Perbaikan dari pemohon", "correction_receipt": "Tanda terima perbaikan"}
PER_PAGE = 50


@bp.get("/outbox/")
@admin_only
def outbox_view():
    status = request.args.get("status", "")
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in OUTBOX_STATUSES:
        query = query.where(OutboxMessage.status == status)
    else:
        status = ""
    pagination = db.paginate(query, page=request.args.get("halaman", 1, type=int), per_page=PER_PAGE,
                             error_out=False)
    return render_template("hr/outbox.html", pagination=pagination, counts=counts, status=status,
                           statuses=OUTBOX_STATUSES, purposes=PURPOSES, retry_form=ActionForm())


def retry_message(message_id: int, staff) -> None:
    """A failed (or long-waiting) message goes back to the queue with a fresh attempt count."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    if message.status not in ("failed", "pending"):
        raise ValueError("only failed or pending messages are retried")
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    message.claimed_by = None
    audit.record("outbox_retry", target=f"email #{message.id}", staff=staff,
                 detail=PURPOSES.get(message.purpose, message.purpose))
    db.session.commit()
    outbox.wake_sender()


@bp.post("/outbox/<int:message_id>/kirim-ulang")
@admin_only
def outbox_retry(message_id: int):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        retry_message(message_id, current_staff())
    except ValueError:
        flash("Email ini tidak dapat dikirim ulang (sudah terkirim atau sedang dikirim).", "warning")
    else:
        flash(f"Email #{message_id} dimasukkan kembali ke antrean pengiriman.", "success")
    return redirect(url_for("hr.outbox_view", status=request.args.get("status") or None))


@bp.get("/audit/")
@admin_only
def audit_log():
    action = request.args.get("aksi", "")
    staff_id = request.args.get("petugas", type=int)
    query = select(AuditLog).order_by(AuditLog.id.desc())
    if action in ACTION_LABELS:
        query = query.where(AuditLog.action == action)
    else:
        action = ""
    if staff_id:
        query = query.where(AuditLog.staff_id == staff_id)
    day = request.args.get("tanggal", "")
    try:
        chosen = date.fromisoformat(day) if day else None
    except ValueError:
        chosen = None
    if chosen:
        query = query.where(AuditLog.created_at >= dates.utc_start_of(chosen),
                            AuditLog.created_at < dates.utc_end_of(chosen))
    pagination = db.paginate(query, page=request.args.get("halaman", 1, type=int), per_page=PER_PAGE,
                             error_out=False)
    people = db.session.scalars(select(Staff).order_by(Staff.name)).all()
    return render_template("hr/audit.html", pagination=pagination, actions=ACTION_LABELS, action=action,
                           people=people, staff_id=staff_id, day=chosen.isoformat() if chosen else "")
