"""Database models. The schema is created and changed only by the Alembic migrations
in formsvc/migrations (flask --app formsvc db upgrade)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary,
                        SmallInteger, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """Naive UTC timestamps everywhere in the database (SQLite keeps no time zone)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


# Workflow statuses of a submission, in the order HR usually moves through them.
STATUS_LABELS = {
    "diterima": "Diterima",
    "diproses": "Diproses",
    "perlu_perbaikan": "Perlu Perbaikan",
    "selesai": "Selesai",
    "ditolak": "Ditolak",
}
CLOSED_STATUSES = ("selesai", "ditolak")


class Submission(db.Model):
    """Anything the public or an employee sends that gets a reference number: a request
    (cuti, izin, layanan, pelatihan) or a suggestion/complaint (saran)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # Knowledge-base service this is about (catalog slug) and its published standard.
    service_slug: Mapped[str | None] = mapped_column(String(200), index=True)
    service_title: Mapped[str | None] = mapped_column(String(200))
    standard_days: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="diterima", index=True)
    # Applicant identity, kept in columns for search, status checks and retention.
    name: Mapped[str | None] = mapped_column(String(200))
    nip: Mapped[str | None] = mapped_column(String(18), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    # Every field as submitted: a list of {"name", "label", "value"} in form order.
    fields: Mapped[list] = mapped_column(JSON, default=list)
    # Same form + same content (or same client token) within a short window = one submission.
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # Suggestions: the office's answer, the sender's consent, HR's choice to publish.
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    publish_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # Retention: personal data removed, statistics kept.
    anonymized_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)

    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="submission", order_by="StatusEvent.id", cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="submission", order_by="Attachment.id", cascade="all, delete-orphan")
    assignee: Mapped[Staff | None] = relationship()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def field_value(self, name: str):
        for field in self.fields or []:
            if field.get("name") == name:
                return field.get("value")
        return None


class StatusEvent(db.Model):
    """One step of a submission's public timeline; the note is shown to the applicant."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="events")
    staff: Mapped[Staff | None] = relationship()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


class Attachment(db.Model):
    """An uploaded document, stored in the database so that it is committed with its
    submission and never served from a public URL."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(50))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="attachments")


class OutboxMessage(db.Model):
    """An email waiting to be sent, written in the same transaction as what caused it.
    Senders claim rows (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL), send, and record
    the outcome: pending -> sending -> sent | pending (retry later) | failed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="SET NULL"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))  # hr_notification, acknowledgement, status_update, reply
    recipients: Mapped[list] = mapped_column(JSON)
    reply_to: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    attachment_ids: Mapped[list] = mapped_column(JSON, default=list)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class Staff(db.Model):
    """A back-office account. Roles: petugas (processes requests) and admin (also accounts
    and settings)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default="petugas")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class AuditLog(db.Model):
    """Who did what and when: status changes, logins, exports, account changes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    action: Mapped[str] = mapped_column(String(50), index=True)
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)

    staff: Mapped[Staff | None] = relationship()


class PageFeedback(db.Model):
    """'Apakah halaman ini membantu?': one vote per page per visitor session."""

    __table_args__ = (UniqueConstraint("page", "visitor", name="uq_page_feedback_page_visitor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page: Mapped[str] = mapped_column(String(300), index=True)
    visitor: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class SurveyResponse(db.Model):
    """One SKM questionnaire (PermenPANRB 14/2017): nine unsur U1..U9 scored 1-4."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The submission the respondent was served on, if reached from a confirmation/status page.
    reference: Mapped[str | None] = mapped_column(String(12), unique=True)
    tanggal: Mapped[date] = mapped_column(Date, index=True)
    umur: Mapped[int | None] = mapped_column(SmallInteger)
    jenis_kelamin: Mapped[str | None] = mapped_column(String(1))
    pendidikan: Mapped[str | None] = mapped_column(String(20))
    pekerjaan: Mapped[str | None] = mapped_column(String(50))
    layanan: Mapped[str | None] = mapped_column(String(200), index=True)
    u1: Mapped[int | None] = mapped_column(SmallInteger)
    u2: Mapped[int | None] = mapped_column(SmallInteger)
    u3: Mapped[int | None] = mapped_column(SmallInteger)
    u4: Mapped[int | None] = mapped_column(SmallInteger)
    u5: Mapped[int | None] = mapped_column(SmallInteger)
    u6: Mapped[int | None] = mapped_column(SmallInteger)
    u7: Mapped[int | None] = mapped_column(SmallInteger)
    u8: Mapped[int | None] = mapped_column(SmallInteger)
    u9: Mapped[int | None] = mapped_column(SmallInteger)
    saran: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="online")  # online | kertas
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SurveyFollowUp(db.Model):
    """'Tindak lanjut' HR writes for an SKM period, published with the results."""

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10), unique=True)
    text: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
