"""Retention (UU 27/2022 Pelindungan Data Pribadi): personal data is kept only as long as it
is needed. Items closed more than RETENTION_MONTHS ago (default 24) lose everything that
identifies a person; what remains are anonymous statistics: kind, service, status, dates
(and so the processing time), the standard, and the survey scores.

Removed: name, NIP, email, phone, every form field, the attachments, the notes on the
public timeline (written to the applicant), the answer to a suggestion and its publication,
and the emails about the item. Survey responses carry no identity and stay as they are.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update

from ..extensions import db, transaction
from ..models import Attachment, OutboxMessage, StatusEvent, Submission, utcnow
from . import audit


@dataclass
class PurgeResult:
    cutoff: datetime
    submissions: int
    attachments: int
    emails: int


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (clamped to the month's end)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def due_for_purge(cutoff: datetime):
    return (select(Submission.id)
            .where(Submission.closed_at.is_not(None), Submission.closed_at < cutoff,
                   Submission.anonymized_at.is_(None)))


def purge(months: int, *, now: datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Anonymise every submission closed before now - months. One transaction."""
    if months < 1:
        raise ValueError("RETENTION_MONTHS must be at least 1")
    now = now or utcnow()
    cutoff = months_before(now, months)
    ids = list(db.session.scalars(due_for_purge(cutoff)))
    if dry_run or not ids:
        attachments = db.session.scalar(select(func.count(Attachment.id)).where(Attachment.submission_id.in_(ids)))
        emails = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.submission_id.in_(ids)))
        db.session.rollback()
        return PurgeResult(cutoff, len(ids), attachments, emails)
    with transaction():
        attachments = db.session.execute(delete(Attachment).where(Attachment.submission_id.in_(ids))).rowcount
        # Sent emails hold the person's address and the message: they go too. One still
        # waiting would be sent after the purge, so it goes as well.
        emails = db.session.execute(delete(OutboxMessage).where(OutboxMessage.submission_id.in_(ids))).rowcount
        db.session.execute(update(StatusEvent).where(StatusEvent.submission_id.in_(ids)).values(note=None))
        db.session.execute(
            update(Submission).where(Submission.id.in_(ids)).values(
                name=None, nip=None, email=None, phone=None, fields=[], reply=None,
                published=False, publish_consent=False, anonymized_at=now,
                # The dedupe key is a hash of the content; replace it with one that says nothing.
                dedupe_key=Submission.reference + ":anon"),
            execution_options={"synchronize_session": False})
        audit.record("retention_purge", target=f"{len(ids)} pengajuan",
                     detail=f"ditutup sebelum {cutoff:%Y-%m-%d}; {attachments} lampiran, {emails} email dihapus")
    return PurgeResult(cutoff, len(ids), attachments, emails)
