"""The outbox under the conditions of production: claims that lapse, a sender stopped in
the middle of a batch, a mail server that stops answering, and which SMTP answers are
final."""
from __future__ import annotations

import signal
import smtplib
import socket
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from formsvc import outbox
from formsvc.extensions import db
from formsvc.models import OutboxMessage, utcnow

from .conftest import formsvc_env, free_port, requires_postgres


def queue(app, count: int, prefix: str = "Pesan") -> list[int]:
    with app.test_request_context():
        messages = [outbox.enqueue(purpose="acknowledgement", recipients=[f"p{n}@example.com"], template="_test",
                                   context={"greeting": "Halo"}, subject=f"{prefix} {n}") for n in range(count)]
        db.session.commit()
        return [m.id for m in messages]


def rows(app) -> list[OutboxMessage]:
    with app.app_context():
        result = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return result


@pytest.mark.parametrize("error, permanent", [
    (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no such user")}), True),
    (smtplib.SMTPRecipientsRefused({"a@example.com": (451, b"try later")}), False),
    (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no"), "b@example.com": (452, b"full")}), False),
    (smtplib.SMTPDataError(554, b"message rejected"), True),
    (smtplib.SMTPDataError(451, b"local error"), False),
    # The server refusing *us* is a configuration problem: retry until IT fixes it.
    (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
    (smtplib.SMTPSenderRefused(553, b"sender not allowed", "noreply@example.com"), False),
    (smtplib.SMTPServerDisconnected("gone"), False),
    (ConnectionRefusedError(), False),
    (TimeoutError(), False),
])
def test_which_failures_are_final(error, permanent):
    assert outbox.is_permanent(error) is permanent


def test_a_lapsed_claim_is_taken_over_and_the_first_sender_records_nothing(app, smtp_server):
    [message_id] = queue(app, 1)
    with app.app_context():
        [mine] = outbox.claim_batch("sender-a", 10)
        assert outbox.claim_batch("sender-b", 10) == []  # held: nobody else gets it
        # sender-a stalls past its lease...
        db.session.execute(update(OutboxMessage).values(claimed_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        [theirs] = outbox.claim_batch("sender-b", 10)
        assert theirs.id == message_id and theirs.attempts == 2
        # ...and when it wakes up it neither sends (the lease renewal fails) nor records.
        assert outbox.renew_claim(mine, "sender-a") is False
        assert outbox._record_outcome(message_id, "sender-a", {"status": "failed"}, time.monotonic() + 1) is False
    assert rows(app)[0].status == "sending" and rows(app)[0].claimed_by == "sender-b"


def test_stopping_a_sender_mid_batch_gives_the_rest_back(make_app, smtp_server):
    app = make_app()
    ids = queue(app, 5)
    stop = threading.Event()
    sent = []

    def send_one_then_stop(message):
        sent.append(message)
        stop.set()

    with app.app_context():
        original = outbox.SmtpTransport.send
        outbox.SmtpTransport.send = lambda self, message: send_one_then_stop(message)
        try:
            assert outbox.deliver_batch("sender-a", stop) == 5
        finally:
            outbox.SmtpTransport.send = original
    assert len(sent) == 1
    states = [(m.id, m.status, m.attempts, m.claimed_by) for m in rows(app)]
    assert states[0] == (ids[0], "sent", 1, "sender-a")
    assert states[1:] == [(i, "pending", 0, None) for i in ids[1:]]


def test_a_mail_server_that_stops_answering_times_out_and_is_retried(make_app):
    """A server that accepts the connection and then says nothing must not hold the sender."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    try:
        app = make_app(MAIL_PORT=listener.getsockname()[1], MAIL_TIMEOUT=1.0)
        [message_id] = queue(app, 1)
        started, began = time.monotonic(), utcnow()
        with app.app_context():
            outbox.deliver_batch("sender-a")
        assert time.monotonic() - started < 5
        [message] = rows(app)
        assert message.status == "pending" and "timed out" in message.last_error
        assert message.next_attempt_at > began  # scheduled for a later attempt
    finally:
        listener.close()


@pytest.mark.slow
@requires_postgres
def test_sigterm_ends_a_sender_cleanly_without_stranding_emails(pg_database, faulty_smtp, processes, make_app):
    """systemctl stop: the email in hand is finished, the rest of the batch is released."""
    uri = pg_database("formsvc_sigterm")
    app = make_app(SQLALCHEMY_DATABASE_URI=uri)
    queue(app, 6)
    faulty_smtp.handler.delay = 1.0
    sender = processes.sender("sender", formsvc_env(uri, faulty_smtp.port, "/nonexistent"), poll=0.2)
    deadline = time.monotonic() + 20
    while not faulty_smtp.handler.attempts:
        assert time.monotonic() < deadline, sender.output()
        time.sleep(0.05)
    sender.popen.send_signal(signal.SIGTERM)
    assert sender.popen.wait(10) == 0, sender.output()
    states = [m.status for m in rows(app)]
    assert "sending" not in states, states
    assert states.count("sent") == len(faulty_smtp.messages) >= 1
    assert set(states) <= {"sent", "pending"}
    assert '"outbox sender stopped"' in sender.output()
    with app.app_context():
        db.engine.dispose()


def test_every_attempt_carries_one_and_the_same_message_id(make_app, faulty_smtp):
    """RFC 5322 allows one Message-ID (Gmail refuses a second); a retry keeps it."""
    app = make_app(MAIL_PORT=faulty_smtp.port)
    faulty_smtp.handler.temporary["Pesan 0"] = 1  # "451 try again" once
    [message_id] = queue(app, 1)
    deadline = time.monotonic() + 10
    while not faulty_smtp.messages:
        assert time.monotonic() < deadline
        with app.app_context():
            outbox.drain()
        time.sleep(0.1)
    [received] = faulty_smtp.messages
    [stored] = rows(app)
    assert stored.attempts == 2 and faulty_smtp.handler.attempts["Pesan 0"] == 2
    assert received.get_all("Message-ID") == [stored.message_id]


def test_a_long_paragraph_in_any_script_reaches_the_reader_intact(make_app, faulty_smtp):
    """A form answer written as one long line must not break SMTP's 998-character limit
    (the test server, like strict real ones, refuses longer lines)."""
    app = make_app(MAIL_PORT=faulty_smtp.port)
    paragraph = "Saya mohon cuti karena keperluan keluarga — " * 80 + "selesai. ✓"
    with app.test_request_context():
        outbox.enqueue(purpose="acknowledgement", recipients=["p@example.com"], template="_test",
                       context={"greeting": paragraph}, subject="Tanda terima — alasan panjang")
        db.session.commit()
        outbox.drain()
    assert [m.status for m in rows(app)] == ["sent"]
    [received] = faulty_smtp.wait_for(1)
    assert received["Subject"] == "Tanda terima — alasan panjang"
    assert paragraph in received.get_body(("plain",)).get_content()
    assert paragraph in received.get_body(("html",)).get_content()
