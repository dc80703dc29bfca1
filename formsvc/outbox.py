"""The outbox: emails are written to the database in the same transaction as the
submission or status change that causes them, and delivered by a sender.

The sender runs as its own process (`flask --app formsvc outbox run`) or, for the local
default, as a thread inside the web process. Several senders may run against one PostgreSQL
database: each claims a batch with SELECT ... FOR UPDATE SKIP LOCKED, so a message is handed
to exactly one sender, and records the outcome. SMTP trouble never reaches the submitter:
temporary failures are retried with exponential backoff, permanent ones are marked failed
and shown to HR.
"""
from __future__ import annotations

import logging
import os
import smtplib
import socket
import threading
import uuid
from datetime import timedelta

from flask import current_app, render_template
from flask_mail import Message
from sqlalchemy import or_, select, update

from .extensions import db, mail
from .models import Attachment, OutboxMessage, utcnow

log = logging.getLogger(__name__)

_wakeup = threading.Event()


def enqueue(*, purpose: str, recipients: list[str], template: str, context: dict,
            subject: str, reply_to: str | None = None, attachments: list[Attachment] = (),
            submission=None) -> OutboxMessage:
    """Render templates/email/<template>.txt and .html and add the message to the session.

    Attachments must already be flushed (they need their ids).

    The caller commits: the message is stored together with whatever caused it, or not at all.
    """
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rsplit("@", 1)[-1].strip("> ") or "localhost"
    message = OutboxMessage(
        purpose=purpose,
        recipients=list(recipients),
        reply_to=reply_to,
        subject=_single_line(subject),
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
        attachment_ids=[a.id for a in attachments if a.id is not None],
        message_id=f"<{uuid.uuid4().hex}@{domain}>",
    )
    if submission is not None:
        message.submission_id = submission.id
    db.session.add(message)
    return message


def _single_line(text: str) -> str:
    """Header values never carry line breaks (no header injection from user input)."""
    return " ".join(str(text).split())


def wake_sender() -> None:
    """Tell the in-process sender that there is mail (after the transaction committed)."""
    _wakeup.set()


def claim_batch(worker: str, limit: int) -> list[OutboxMessage]:
    """Claim up to `limit` due messages for this worker and commit the claim."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.next_attempt_at <= now)
        .where(or_(OutboxMessage.status == "pending",
                   (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - lease)))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    messages = list(db.session.scalars(query))
    for message in messages:
        message.status = "sending"
        message.claimed_by = worker
        message.claimed_at = now
        message.attempts += 1
    db.session.commit()
    return messages


def build_mail(message: OutboxMessage) -> Message:
    mail_message = Message(
        subject=message.subject,
        recipients=message.recipients,
        body=message.body_text,
        html=message.body_html,
        reply_to=message.reply_to,
        charset="utf-8",
        extra_headers={"Message-ID": message.message_id},
    )
    if message.attachment_ids:
        for attachment in db.session.scalars(
                select(Attachment).where(Attachment.id.in_(message.attachment_ids)).order_by(Attachment.id)):
            mail_message.attach(attachment.filename, attachment.content_type, attachment.content)
    return mail_message


def is_permanent(error: Exception) -> bool:
    """5xx answers are permanent for that message; anything else (network, 4xx) is retried."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def deliver_batch(worker: str | None = None) -> int:
    """Send one batch of due messages. Returns how many were claimed."""
    config = current_app.config
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    messages = claim_batch(worker, config["OUTBOX_BATCH"])
    for message in messages:
        outcome = {"status": "sent", "sent_at": utcnow(), "last_error": None}
        try:
            mail.send(build_mail(message))
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the message
            permanent = is_permanent(error) or message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]
            delay = min(config["OUTBOX_BACKOFF_BASE"] * 2 ** (message.attempts - 1), config["OUTBOX_BACKOFF_MAX"])
            outcome = {
                "status": "failed" if permanent else "pending",
                "sent_at": None,
                "last_error": f"{type(error).__name__}: {error}"[:1000],
                "next_attempt_at": utcnow() + timedelta(seconds=delay),
            }
            log.warning("outbox message %s attempt %s failed (%s): %s", message.id, message.attempts,
                        outcome["status"], type(error).__name__)
        # Record the outcome only if this worker still holds the claim.
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == worker)
            .values(**outcome))
        db.session.commit()
    return len(messages)


def drain(max_rounds: int = 100) -> None:
    """Deliver until nothing due is left (used by tests and the CLI `outbox send`)."""
    for _ in range(max_rounds):
        if deliver_batch() == 0:
            return


def run_forever(app, stop: threading.Event) -> None:
    """Sender loop: deliver, then sleep until woken or the poll interval passes."""
    poll = app.config["OUTBOX_POLL_SECONDS"]
    while not stop.is_set():
        with app.app_context():
            try:
                while deliver_batch():
                    pass
            except Exception:  # noqa: BLE001 - a database outage must not kill the sender
                log.exception("outbox sender round failed; retrying")
                db.session.rollback()
            finally:
                db.session.remove()
        _wakeup.wait(poll)
        _wakeup.clear()


def start_in_process_sender(app) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(app, stop), name="outbox-sender", daemon=True)
    thread.start()
    app.extensions["outbox_stop"] = stop
    return stop
