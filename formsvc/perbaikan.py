"""Kirim perbaikan: storing the applicant's answer to "Perlu Perbaikan" (the view is in status.py).

`send_correction()` writes, in ONE transaction, the corrected documents on the same
Submission (Attachment.field "perbaikan"), a public timeline entry moving the request back to
"diproses" (no staff member: the applicant did it), and the emails to HR and to the applicant
(outbox). The submission row is locked first, so an officer changing the status at the same
moment either sees the correction or makes it refuse; it never half-applies.

An applicant's correction is recognisable without a new column: it is the only StatusEvent
with no staff member other than the first "diterima".

The service time runs "sejak berkas lengkap": it is paused while HR waits for a correction
(a request in Perlu Perbaikan is never overdue) and starts again when the correction arrives:
the due date is set anew from that day, and the processing time HR's dashboard reports is
counted from the last correction (clock_start).
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import func, select

from . import outbox
from .extensions import db, transaction
from .forms.attachments import Document, readable_size
from .models import STATUS_LABELS, Attachment, StatusEvent, Submission, utcnow
from .submissions import hr_recipients, local_today, status_url
from .workdays import calendar_for

log = logging.getLogger(__name__)

FIELD = "perbaikan"
AWAITING = "perlu_perbaikan"
NEXT_STATUS = "diproses"
NOTE_PREFIX = "Perbaikan dikirim pemohon"


class NotAwaitingCorrection(Exception):
    """The request is no longer in Perlu Perbaikan (HR changed it, or it was already answered)."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def is_applicant_correction(event: StatusEvent) -> bool:
    return event.staff_id is None and event.status == NEXT_STATUS


def last_correction_at():
    """SQL: when the applicant last sent a correction for the Submission row at hand (or NULL)."""
    return (select(func.max(StatusEvent.created_at))
            .where(StatusEvent.submission_id == Submission.id, StatusEvent.staff_id.is_(None),
                   StatusEvent.status == NEXT_STATUS)
            .correlate(Submission).scalar_subquery())


def clock_start_column():
    """SQL: when the service time of a Submission started (its arrival, or its last correction)."""
    return func.coalesce(last_correction_at(), Submission.created_at)


def clock_start(submission: Submission):
    """When the service time of `submission` started: its arrival, or its last correction."""
    corrections = [e.created_at for e in submission.events if is_applicant_correction(e)]
    return max(corrections, default=submission.created_at)


def correction_times() -> dict[int, object]:
    """{submission id: when its last correction arrived}, for lists (one query, few rows)."""
    return dict(db.session.execute(
        select(StatusEvent.submission_id, func.max(StatusEvent.created_at))
        .where(StatusEvent.staff_id.is_(None), StatusEvent.status == NEXT_STATUS)
        .group_by(StatusEvent.submission_id)).all())


def answered_ids(submission_ids) -> set[int]:
    """Of these submissions, those whose newest step is the applicant's correction (for the inbox)."""
    ids = list(submission_ids)
    if not ids:
        return set()
    newest = (select(func.max(StatusEvent.id)).where(StatusEvent.submission_id.in_(ids))
              .group_by(StatusEvent.submission_id))
    return set(db.session.scalars(select(StatusEvent.submission_id).where(
        StatusEvent.id.in_(newest), StatusEvent.staff_id.is_(None), StatusEvent.status == NEXT_STATUS)))


def correction_note(message: str | None, documents: list[Document]) -> str:
    """The timeline note HR and the applicant see: the message, and which files came with it."""
    parts = [f"{NOTE_PREFIX}: {message}" if message else f"{NOTE_PREFIX}."]
    if documents:
        parts.append("Berkas: " + ", ".join(d.filename for d in documents) + ".")
    return "\n".join(parts)


def hr_addresses(submission: Submission) -> list[str]:
    """The officer handling the request, when there is one with an address; else the form's HR inbox."""
    staff = submission.assignee
    if staff is not None and staff.active and staff.email:
        return [staff.email]
    return hr_recipients(submission.kind)


def send_correction(submission_id: int, message: str | None, documents: list[Document]) -> StatusEvent:
    """Store the correction and queue its emails; NotAwaitingCorrection stores nothing."""
    with transaction():
        submission = db.session.scalars(select(Submission).where(Submission.id == submission_id)
                                        .with_for_update()).one()
        if submission.status != AWAITING or submission.anonymized_at is not None:
            raise NotAwaitingCorrection(submission.status)
        now = utcnow()
        attachments = []
        for document in documents:
            attachment = Attachment(submission=submission, field=FIELD, filename=document.filename,
                                    content_type=document.content_type, size=document.size,
                                    sha256=document.sha256, content=document.content, created_at=now)
            db.session.add(attachment)
            attachments.append(attachment)
        event = StatusEvent(submission=submission, status=NEXT_STATUS, staff_id=None, created_at=now,
                            note=correction_note(message, documents))
        db.session.add(event)
        submission.status = NEXT_STATUS
        submission.updated_at = now
        if submission.standard_days:
            submission.due_date = calendar_for(current_app).add_working_days(local_today(), submission.standard_days)
        db.session.flush()  # the emails need the attachments' ids

        context = email_context(submission, message, attachments, now)
        outbox.enqueue(
            purpose="correction_hr", recipients=hr_addresses(submission), template="correction_hr",
            context=context, subject=f"[{submission.reference}] Perbaikan dari pemohon"
            + (f" \u2013 {submission.name}" if submission.name else ""),
            reply_to=submission.email, attachments=attachments, submission=submission)
        if submission.email:
            outbox.enqueue(
                purpose="correction_receipt", recipients=[submission.email], template="correction_receipt",
                context=context, subject=f"Perbaikan diterima {submission.reference}",
                reply_to=hr_recipients(submission.kind)[0], submission=submission)
    outbox.wake_sender()
    log.info("correction stored (%s)", submission.kind)
    return event


def email_context(submission: Submission, message: str | None, attachments: list[Attachment], now) -> dict:
    base = current_app.config["PUBLIC_BASE_URL"]
    return {
        "submission": submission,
        "reference": submission.reference,
        "message": message,
        "sent_at": now,
        "status_label": STATUS_LABELS[submission.status],
        "attachments": [{"filename": a.filename, "size": readable_size(a.size)} for a in attachments],
        "status_url": status_url(),
        "detail_url": f"{base}/api/hr/pengajuan/{submission.id}",
        "office_name": current_app.config["OFFICE_NAME"],
        "site_name": current_app.config["SITE_NAME"],
    }
