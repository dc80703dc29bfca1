"""The outbox delivers through a real SMTP server on loopback."""
from email.utils import parseaddr

from formsvc import outbox
from formsvc.extensions import db
from formsvc.models import OutboxMessage


def queue(app, to="pegawai@example.test", subject="Tanda terima ABCD-EFGH", greeting="Halo"):
    with app.test_request_context():
        message = outbox.enqueue(purpose="acknowledgement", recipients=[to], template="_test",
                                 context={"greeting": greeting}, subject=subject, reply_to="hr@kepegawaian.test")
        db.session.commit()
        return message.id


def deliver(app):
    with app.app_context():
        outbox.drain()


def status_of(app, message_id):
    with app.app_context():
        return db.session.get(OutboxMessage, message_id)


def test_queued_email_arrives_at_the_smtp_server(app, smtp_server):
    message_id = queue(app, greeting="Halo, Bapak/Ibu <b>Siti</b> — terima kasih")
    deliver(app)
    [received] = smtp_server.wait_for(1)
    assert parseaddr(received["To"])[1] == "pegawai@example.test"
    assert received["Subject"] == "Tanda terima ABCD-EFGH"
    assert received["Reply-To"] == "hr@kepegawaian.test"
    assert "Bapak/Ibu <b>Siti</b> — terima kasih" in received.get_body(("plain",)).get_content()
    assert status_of(app, message_id).status == "sent"


def test_subject_with_line_breaks_cannot_inject_headers(app, smtp_server):
    queue(app, subject="Permohonan\r\nBcc: korban@example.test")
    deliver(app)
    [received] = smtp_server.wait_for(1)
    assert received["Bcc"] is None
    assert received["Subject"] == "Permohonan Bcc: korban@example.test"
    assert smtp_server.handler.envelopes[0].rcpt_tos == ["pegawai@example.test"]


def test_smtp_down_then_up_every_message_once(make_app, smtp_server):
    app = make_app()
    ids = [queue(app, subject=f"Pesan {n}") for n in range(5)]
    smtp_server.stop()
    deliver(app)  # connection refused: all stay pending with a recorded error
    for message_id in ids:
        message = status_of(app, message_id)
        assert message.status == "pending" and message.last_error
    smtp_server.start()
    import time
    deadline = time.monotonic() + 10
    while len(smtp_server.messages) < 5 and time.monotonic() < deadline:
        deliver(app)
        time.sleep(0.1)
    deliver(app)
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert subjects == [f"Pesan {n}" for n in range(5)]
    assert all(status_of(app, i).status == "sent" for i in ids)


def test_permanent_refusal_is_marked_failed_and_not_retried(app, smtp_server):
    smtp_server.handler.reject_codes["ditolak"] = "550 5.1.1 Mailbox unavailable"
    bad = queue(app, to="ditolak@example.test")
    good = queue(app)
    deliver(app)
    assert status_of(app, bad).status == "failed"
    assert "550" in status_of(app, bad).last_error
    assert status_of(app, good).status == "sent"
    deliver(app)
    assert len(smtp_server.messages) == 1
