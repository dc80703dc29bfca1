"""The outbox: emails are written to the database in the same transaction as the
submission or status change that causes them, and delivered by a sender.

The sender runs as its own process (`flask --app formsvc outbox run`) or, for the local
default, as a thread inside the web process. Several senders may run against one PostgreSQL
database: each claims a batch in one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP
LOCKED), so a message is handed to exactly one sender, and records the outcome only while it
still holds the claim. SMTP trouble never reaches the submitter: temporary failures are
retried with exponential backoff, permanent ones are marked failed and shown to HR.

Delivery is exactly once except in one case no outbox can close: the SMTP server accepted a
message and the sender died (or lost the database for longer than the lease) before recording
it. The lease then expires and the message is sent again, with the same Message-ID.
"""
from __future__ import annotations

import logging
import os
import random
import smtplib
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from email.charset import QP, Charset
from email.mime.text import MIMEText

import flask_mail
from flask import current_app, render_template
from flask_mail import Message
from sqlalchemy import or_, select, update
from sqlalchemy.exc import DBAPIError

from .extensions import db
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


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[-100:]


# --------------------------------------------------------------------------- claiming

def _claimable(now):
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    return ((OutboxMessage.next_attempt_at <= now)
            & or_(OutboxMessage.status == "pending",
                  # A sender that died mid-batch: its claim lapses after the lease.
                  (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - lease)))


def claim_batch(worker: str, limit: int) -> list[OutboxMessage]:
    """Claim up to `limit` due messages for this worker and commit the claim.

    One UPDATE statement: on PostgreSQL the subquery locks the rows it picks and skips rows
    another sender is claiming; on SQLite the statement itself holds the write lock. Either
    way no two senders can claim the same row.
    """
    now = utcnow()
    due = (select(OutboxMessage.id).where(_claimable(now)).order_by(OutboxMessage.id)
           .limit(limit).with_for_update(skip_locked=True))
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status="sending", claimed_by=worker, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)).scalars().all()
    db.session.commit()
    if not claimed:
        return []
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(claimed), OutboxMessage.claimed_by == worker)
        .order_by(OutboxMessage.id).execution_options(populate_existing=True)))


def _still_mine(message_id: int, worker: str):
    return ((OutboxMessage.id == message_id) & (OutboxMessage.claimed_by == worker)
            & (OutboxMessage.status == "sending"))


def renew_claim(message: OutboxMessage, worker: str) -> bool:
    """Extend this worker's lease on a message just before sending it; False if it was lost."""
    result = db.session.execute(update(OutboxMessage).where(_still_mine(message.id, worker))
                                .values(claimed_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def release(message_ids: list[int], worker: str) -> None:
    """Give claimed but unattempted messages back (a sender stopping gracefully)."""
    if not message_ids:
        return
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.claimed_by == worker,
               OutboxMessage.status == "sending")
        .values(status="pending", claimed_by=None, claimed_at=None, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _record_outcome(message_id: int, worker: str, values: dict, deadline: float) -> bool:
    """Record what happened to a message, only if this worker still holds the claim.

    The message may already be at the SMTP server: losing this write would send it twice. So
    a database hiccup (a restart, a failover) is waited out until the lease is nearly over.
    """
    delay = 0.1
    while True:
        try:
            result = db.session.execute(update(OutboxMessage).where(_still_mine(message_id, worker))
                                        .values(**values).execution_options(synchronize_session=False))
            db.session.commit()
            return result.rowcount == 1
        except DBAPIError:
            db.session.rollback()
            if time.monotonic() + delay > deadline:
                raise
            log.warning("outbox: database unavailable while recording message %s; retrying", message_id)
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


# --------------------------------------------------------------------------- SMTP

class _Connection(flask_mail.Connection):
    """Flask-Mail's connection with a socket timeout (Flask-Mail has none: a server that
    stops answering would hold a sender forever)."""

    def configure_host(self):
        timeout = float(current_app.config["MAIL_TIMEOUT"])
        cls = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = cls(self.mail.server, self.mail.port, timeout=timeout)
        try:
            if self.mail.use_tls:
                host.starttls()
            if self.mail.username and self.mail.password:
                host.login(self.mail.username, self.mail.password)
        except Exception:
            host.close()
            raise
        return host


@dataclass
class SmtpTransport:
    """One SMTP connection per batch, opened on first use and reopened after any error."""

    connection: _Connection | None = field(default=None)

    def send(self, message: Message) -> None:
        if self.connection is None:
            connection = _Connection(current_app.extensions["mail"])
            connection.host = None if connection.mail.suppress else connection.configure_host()
            connection.num_emails = 0
            self.connection = connection
        try:
            message.send(self.connection)
        except Exception:
            self.close(polite=False)
            raise

    def close(self, polite: bool = True) -> None:
        connection, self.connection = self.connection, None
        if connection is None or connection.host is None:
            return
        try:
            if polite:
                connection.host.quit()
            else:
                connection.host.close()
        except Exception:  # noqa: BLE001 - closing a broken connection
            connection.host.close()


class _Mail(Message):
    """Flask-Mail's message, with text and HTML bodies every SMTP server accepts.

    Flask-Mail sends UTF-8 bodies as raw 8-bit lines of any length; a form answer written as
    one long paragraph then exceeds SMTP's 998-character line limit and strict servers
    refuse the email for good. Quoted-printable keeps the content exactly (readers decode
    it) in 7-bit lines of at most 76 characters.
    """

    def _mimetext(self, text, subtype: str = "plain") -> MIMEText:
        charset = Charset("utf-8")
        charset.body_encoding = QP
        return MIMEText(text or "", _subtype=subtype, _charset=charset)


def build_mail(message: OutboxMessage) -> Message:
    mail_message = _Mail(
        subject=message.subject,
        recipients=message.recipients,
        body=message.body_text,
        html=message.body_html,
        reply_to=message.reply_to,
        charset="utf-8",
    )
    # Our Message-ID, the same on every attempt (receivers can tell a resend). Set as the
    # message's own id: given as an extra header it would be a second Message-ID, which
    # RFC 5322 forbids and some providers (Gmail) refuse.
    mail_message.msgId = message.message_id
    if message.attachment_ids:
        for attachment in db.session.scalars(
                select(Attachment).where(Attachment.id.in_(message.attachment_ids)).order_by(Attachment.id)):
            mail_message.attach(attachment.filename, attachment.content_type, attachment.content)
    return mail_message


def is_permanent(error: Exception) -> bool:
    """Permanent: the server refused this message (5xx for every recipient, or for its content).

    Everything else is retried: network trouble, 4xx answers, and the server refusing *us*
    (authentication, sender address, TLS): that is a configuration problem that IT fixes,
    after which the queued messages should still go out.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def _backoff(attempts: int) -> float:
    config = current_app.config
    delay = min(config["OUTBOX_BACKOFF_BASE"] * 2 ** (attempts - 1), config["OUTBOX_BACKOFF_MAX"])
    return delay * random.uniform(0.8, 1.2)  # jitter: senders do not retry in lockstep


def _failure_outcome(message: OutboxMessage, error: Exception) -> dict:
    permanent = is_permanent(error) or message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]
    status = "failed" if permanent else "pending"
    # The message id and purpose identify the email; recipients stay out of the logs.
    log.warning("outbox message %s (%s) attempt %s: %s -> %s", message.id, message.purpose,
                message.attempts, type(error).__name__, status)
    return {
        "status": status,
        "sent_at": None,
        "last_error": f"{type(error).__name__}: {error}"[:1000],
        "next_attempt_at": utcnow() + timedelta(seconds=_backoff(message.attempts)),
    }


# --------------------------------------------------------------------------- sending

def deliver_batch(worker: str | None = None, stop: threading.Event | None = None) -> int:
    """Send one batch of due messages. Returns how many were claimed."""
    config = current_app.config
    worker = worker or worker_name()
    lease = float(config["OUTBOX_LEASE_SECONDS"])
    messages = claim_batch(worker, config["OUTBOX_BATCH"])
    claimed_at = time.monotonic()
    transport = SmtpTransport()
    try:
        for index, message in enumerate(messages):
            if stop is not None and stop.is_set():
                release([m.id for m in messages[index:]], worker)
                break
            # A slow or hanging SMTP server may have used part of the lease on earlier
            # messages: renew it before each send so that no other sender takes this one.
            if time.monotonic() - claimed_at > lease / 4:
                if not renew_claim(message, worker):
                    continue
                claimed_at = time.monotonic()
            try:
                transport.send(build_mail(message))
                outcome = {"status": "sent", "sent_at": utcnow(), "last_error": None}
            except Exception as error:  # noqa: BLE001 - every failure is recorded on the message
                outcome = _failure_outcome(message, error)
            _record_outcome(message.id, worker, outcome, deadline=claimed_at + lease * 0.9)
    finally:
        transport.close()
    return len(messages)


def drain(max_rounds: int = 100) -> None:
    """Deliver until nothing due is left (used by tests and the CLI `outbox run --once`)."""
    for _ in range(max_rounds):
        if deliver_batch() == 0:
            return


def run_forever(app, stop: threading.Event, poll: float | None = None) -> None:
    """Sender loop: deliver, then sleep until woken, stopped or the poll interval passes.

    A database or SMTP outage never ends the loop: it is logged once and retried each round.
    """
    poll = app.config["OUTBOX_POLL_SECONDS"] if poll is None else poll
    worker = worker_name()
    failing = False
    while not stop.is_set():
        with app.app_context():
            try:
                while not stop.is_set() and deliver_batch(worker, stop):
                    pass
                if failing:
                    log.info("outbox sender recovered")
                failing = False
            except Exception as error:  # noqa: BLE001 - a database outage must not kill the sender
                if not failing:
                    log.error("outbox sender round failed (%s); retrying every %.1f s",
                              type(error).__name__, poll)
                failing = True
                db.session.rollback()
            finally:
                db.session.remove()
        _wakeup.wait(poll)
        _wakeup.clear()


class SenderStop(threading.Event):
    """The stop signal of an in-process sender: setting it also wakes the sender and waits
    (bounded) for it to finish the email in hand, so that whoever stops it (a test
    fixture, an app shutting down) can then close the database pool safely."""

    thread: threading.Thread | None = None

    def set(self) -> None:
        super().set()
        _wakeup.set()
        thread = self.thread
        if thread is not None and thread is not threading.current_thread() and thread.is_alive():
            thread.join(30)


def start_in_process_sender(app) -> threading.Event:
    stop = SenderStop()
    thread = threading.Thread(target=run_forever, args=(app, stop), name="outbox-sender", daemon=True)
    stop.thread = thread
    thread.start()
    app.extensions["outbox_stop"] = stop
    app.extensions["outbox_thread"] = thread
    return stop


def stop_sender(stop: threading.Event, thread: threading.Thread | None = None, timeout: float = 30.0) -> None:
    """Ask a sender loop to finish the message in hand and return (and wait for it)."""
    stop.set()
    _wakeup.set()
    if thread is not None:
        thread.join(timeout)
