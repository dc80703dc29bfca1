"""The workflow rules as service functions (the views are in detail.py): status changes,
assignment, the answer to a suggestion and its publication.

Each change is one transaction: the submission, its public timeline entry (StatusEvent),
the email to the applicant (outbox) and the audit entry are stored together or not at all;
the sender is woken after the commit."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from .. import outbox
from ..extensions import db, transaction
from ..models import CLOSED_STATUSES, STATUS_LABELS, StatusEvent, Submission, utcnow
from ..submissions import hr_recipients, status_url
from . import audit

# Diterima -> Diproses -> Selesai | Ditolak, and Perlu Perbaikan (the applicant must complete
# something) from Diterima or Diproses. Selesai and Ditolak are final.
TRANSITIONS = {
    "diterima": ("diproses", "perlu_perbaikan", "ditolak"),
    "diproses": ("selesai", "perlu_perbaikan", "ditolak"),
    "perlu_perbaikan": ("diproses", "ditolak"),
    "selesai": (),
    "ditolak": (),
}
NOTE_REQUIRED = ("ditolak", "perlu_perbaikan")


class StaleChange(Exception):
    """Someone else changed the status since the officer opened the page."""


# --------------------------------------------------------------------------- service functions

def hr_reply_to(submission: Submission) -> str:
    """Applicants answer to the HR address of the form they used."""
    return hr_recipients(submission.kind)[0]


def _email_context(submission: Submission, **extra) -> dict:
    return {"submission": submission, "status_url": status_url(),
            "office_name": current_app.config["OFFICE_NAME"], "site_name": current_app.config["SITE_NAME"],
            **extra}


def _lock(submission_id: int) -> Submission:
    """The submission, locked for this transaction on PostgreSQL (SQLite serialises writes)."""
    return db.session.scalars(select(Submission).where(Submission.id == submission_id)
                              .with_for_update()).one()


def change_status(submission_id: int, new_status: str, note: str | None, staff, expected: str | None) -> StatusEvent:
    with transaction():
        submission = _lock(submission_id)
        if expected and submission.status != expected:
            raise StaleChange()
        if new_status not in TRANSITIONS[submission.status]:
            raise ValueError(f"{submission.status} -> {new_status} is not a workflow step")
        if new_status in NOTE_REQUIRED and not (note or "").strip():
            raise ValueError("a note is required")
        now = utcnow()
        old_status = submission.status
        submission.status = new_status
        submission.updated_at = now
        submission.closed_at = now if new_status in CLOSED_STATUSES else None
        event = StatusEvent(submission=submission, status=new_status, note=(note or "").strip() or None,
                            staff_id=staff.id, created_at=now)
        db.session.add(event)
        if submission.email:
            db.session.flush()
            outbox.enqueue(
                purpose="status_update", recipients=[submission.email], template="status_update",
                context=_email_context(submission, event=event, status_label=STATUS_LABELS[new_status]),
                subject=f"Status pengajuan {submission.reference}: {STATUS_LABELS[new_status]}",
                reply_to=hr_reply_to(submission), submission=submission)
        audit.record("status_change", target=submission.reference, staff=staff,
                     detail=f"{STATUS_LABELS[old_status]} → {STATUS_LABELS[new_status]}")
    outbox.wake_sender()
    return event


def assign(submission_id: int, assignee_id: int | None, staff) -> None:
    with transaction():
        submission = _lock(submission_id)
        submission.assignee_id = assignee_id
        db.session.flush()
        name = submission.assignee.name if submission.assignee else "tidak ada"
        audit.record("assign", target=submission.reference, staff=staff, detail=f"petugas: {name}")


def save_reply(submission_id: int, text: str, staff) -> bool:
    """Store the answer to a suggestion; email it when the sender left an address.
    Returns whether an email was queued."""
    with transaction():
        submission = _lock(submission_id)
        submission.reply = text.strip()
        submission.replied_at = utcnow()
        emailed = bool(submission.email)
        if emailed:
            outbox.enqueue(
                purpose="reply", recipients=[submission.email], template="reply",
                context=_email_context(submission),
                subject=f"Jawaban atas saran/pengaduan {submission.reference}",
                reply_to=hr_reply_to(submission), submission=submission)
        audit.record("reply", target=submission.reference, staff=staff)
    outbox.wake_sender()
    return emailed


def set_published(submission_id: int, publish: bool, staff) -> None:
    with transaction():
        submission = _lock(submission_id)
        if publish and not (submission.publish_consent and submission.reply):
            raise ValueError("publishing needs the sender's consent and an answer")
        submission.published = publish
        audit.record("publish" if publish else "unpublish", target=submission.reference, staff=staff)
