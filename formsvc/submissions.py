"""Storing a submission: the one place where a request or a suggestion is written.

`store()` writes, in ONE transaction, the Submission, its attachments, its first status
event ("diterima") and the emails to HR and to the applicant (outbox). Either all of it is
committed before the person sees a confirmation, or nothing is and they see an error.

Duplicates: a double click, a re-posted page or a "did it go through?" second try must not
create a second request. Every submission carries dedupe_key = sha256(form id, normalised
answers, attachment hashes, 24-hour bucket). The same form with the same content within 24
hours returns the existing submission (checked for the current and the previous bucket, so
the window is a full 24 hours); two identical requests racing each other are stopped by the
unique constraint on dedupe_key and the loser gets the winner's submission. Only a race
exactly across a bucket boundary could slip through: an accepted, documented limit. A
corrected request differs in content, so it is a new submission.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from . import outbox
from .extensions import db
from .forms import services as catalog_view
from .forms.attachments import Document
from .models import Attachment, StatusEvent, Submission, utcnow
from .references import new_reference
from .workdays import calendar_for

log = logging.getLogger(__name__)

DEDUPE_WINDOW = timedelta(hours=24)
_BUCKET_SECONDS = int(DEDUPE_WINDOW.total_seconds())
_REFERENCE_ATTEMPTS = 5


@dataclass
class Draft:
    """What a validated form hands over to be stored."""

    kind: str                       # form id: cuti, izin, layanan, pelatihan, saran
    title: str                      # "Permohonan Cuti"
    detail: str                     # "Cuti tahunan"
    answers: list[dict]             # [{"name", "label", "value"}] in form order
    applicant: dict                 # name, nip, email, phone (any may be None)
    service_slug: str | None = None
    documents: list[Document] = field(default_factory=list)
    publish_consent: bool = False
    next_steps: tuple[str, ...] = ()

    @classmethod
    def from_form(cls, form) -> Draft:
        consent = getattr(form, "publikasi", None)
        return cls(kind=form.form_id, title=form.title, detail=form.subject_detail(), answers=form.answers(),
                   applicant=form.applicant(), service_slug=form.service_slug(),
                   documents=list(getattr(form, "documents", []) or []),
                   publish_consent=bool(consent.data) if consent is not None else False,
                   next_steps=tuple(getattr(form, "next_steps", ())))


@dataclass
class Stored:
    submission: Submission
    duplicate: bool


def _normalise(value) -> str:
    return " ".join(str(value).split()).casefold()


def dedupe_key(draft: Draft, bucket: int) -> str:
    content = {
        "kind": draft.kind,
        "answers": [[a["name"], _normalise(a["value"])] for a in draft.answers],
        "documents": sorted(d.sha256 for d in draft.documents),
        "bucket": bucket,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _bucket(moment: datetime) -> int:
    return int(moment.replace(tzinfo=timezone.utc).timestamp()) // _BUCKET_SECONDS


def find_duplicate(draft: Draft, now: datetime) -> Submission | None:
    bucket = _bucket(now)
    keys = [dedupe_key(draft, bucket), dedupe_key(draft, bucket - 1)]
    return db.session.scalars(
        select(Submission).where(Submission.dedupe_key.in_(keys),
                                 Submission.created_at >= now - DEDUPE_WINDOW)).first()


def local_today() -> date:
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


def hr_recipients(kind: str) -> list[str]:
    config = current_app.config
    value = (config.get("HR_EMAIL_BY_FORM") or {}).get(kind) or config["HR_EMAIL"]
    return [address.strip() for address in value.split(",") if address.strip()]


def status_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"] + "/api/status/"


def store(draft: Draft, now: datetime | None = None) -> Stored:
    """Store the draft and queue its emails, or return the identical submission already stored."""
    now = now or utcnow()
    existing = find_duplicate(draft, now)
    if existing is not None:
        return Stored(existing, duplicate=True)
    key = dedupe_key(draft, _bucket(now))
    for _ in range(_REFERENCE_ATTEMPTS):
        try:
            submission = _write(draft, key, now)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            winner = db.session.scalars(select(Submission).where(Submission.dedupe_key == key)).first()
            if winner is not None:
                return Stored(winner, duplicate=True)
            continue  # the random reference was taken: draw another
        outbox.wake_sender()
        log.info("submission stored (%s)", draft.kind)
        return Stored(submission, duplicate=False)
    raise RuntimeError("could not allocate a unique reference number")


def _write(draft: Draft, key: str, now: datetime) -> Submission:
    service = catalog_view.service(draft.service_slug)
    standard_days = service.hari_kerja if service else None
    due = calendar_for(current_app).add_working_days(local_today(), standard_days) if standard_days else None
    applicant = draft.applicant
    submission = Submission(
        reference=new_reference(), kind=draft.kind, dedupe_key=key, status="diterima",
        service_slug=service.slug if service else draft.service_slug,
        service_title=service.title if service else None,
        standard_days=standard_days, due_date=due,
        name=applicant.get("name"), nip=applicant.get("nip"), email=applicant.get("email"),
        phone=applicant.get("phone"), fields=draft.answers, publish_consent=draft.publish_consent,
        created_at=now, updated_at=now,
    )
    db.session.add(submission)
    attachments = []
    for document in draft.documents:
        attachment = Attachment(submission=submission, field="lampiran", filename=document.filename,
                                content_type=document.content_type, size=document.size,
                                sha256=document.sha256, content=document.content, created_at=now)
        db.session.add(attachment)
        attachments.append(attachment)
    db.session.add(StatusEvent(submission=submission, status="diterima", created_at=now,
                               note="Diterima melalui formulir online."))
    # One flush: the unique reference and dedupe_key are checked here (IntegrityError, see
    # store()), and the emails below need the ids of the submission and its attachments.
    db.session.flush()

    context = email_context(submission, draft, service, attachments)
    outbox.enqueue(
        purpose="hr_notification", recipients=hr_recipients(draft.kind), template="hr_notification",
        context=context, subject=f"[{submission.reference}] {draft.title}: {draft.detail}"
        + (f" \u2013 {submission.name}" if submission.name else ""),
        reply_to=submission.email, attachments=attachments, submission=submission)
    if submission.email:
        outbox.enqueue(
            purpose="acknowledgement", recipients=[submission.email], template="acknowledgement",
            context=context, subject=f"Tanda terima {submission.reference}: {draft.title}",
            reply_to=hr_recipients(draft.kind)[0], submission=submission)
    return submission


def email_context(submission: Submission, draft: Draft, service, attachments: list[Attachment]) -> dict:
    from .forms.attachments import readable_size
    return {
        "submission": submission,
        "reference": submission.reference,
        "title": draft.title,
        "detail": draft.detail,
        "answers": draft.answers,
        "attachments": [{"filename": a.filename, "size": readable_size(a.size)} for a in attachments],
        "service": service,
        "next_steps": draft.next_steps,
        "status_url": status_url(),
        "backoffice_url": current_app.config["PUBLIC_BASE_URL"] + "/api/hr/",
        "service_url": (current_app.config["PUBLIC_BASE_URL"] + service.url) if service else None,
        "office_name": current_app.config["OFFICE_NAME"],
        "site_name": current_app.config["SITE_NAME"],
    }
