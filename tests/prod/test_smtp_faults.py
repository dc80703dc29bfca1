"""SMTP trouble never reaches the person submitting: with the mail server down, slow (5 s a
message) or refusing some messages, submissions stay fast; temporary failures are retried
until delivered, permanent ones are marked failed with the server's answer for HR."""
from __future__ import annotations

import collections
import time

import pytest
from sqlalchemy import select

from formsvc.extensions import db
from formsvc.models import OutboxMessage, Submission
from formsvc.outbox import start_in_process_sender, stop_sender

from .submissions import SUBMIT_PATH, emails_by_reference, leave_form

# A submission is a validation and one commit (tens of milliseconds), never an SMTP exchange
# (5 s against the slow server below). The margin is for a busy CI machine.
FAST = 2.0


@pytest.fixture
def service(make_app, faulty_smtp):
    """formsvc with its in-process sender, mailing to the misbehaving SMTP server."""
    app = make_app(MAIL_PORT=faulty_smtp.port, MAIL_TIMEOUT=20.0, OUTBOX_POLL_SECONDS=0.1)
    stop = start_in_process_sender(app)
    yield app
    stop_sender(stop, app.extensions["outbox_thread"])


def submit(app, n: int) -> tuple[int, float, str | None]:
    started = time.perf_counter()
    response = app.test_client().post(SUBMIT_PATH, data=leave_form(n),
                                      headers={"X-Requested-With": "fetch"})
    return response.status_code, time.perf_counter() - started, (response.json or {}).get("reference")


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return messages


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def assert_each_once(smtp, references) -> None:
    time.sleep(0.5)  # room for a duplicate to show up
    ids = collections.Counter(str(m["Message-ID"]) for m in smtp.messages)
    assert [mid for mid, n in ids.items() if n > 1] == []
    emails = emails_by_reference(smtp.messages)
    for reference in references:
        assert emails[(reference, "hr")] == 1 and emails[(reference, "applicant")] == 1


def test_smtp_down_submissions_succeed_fast_and_mail_follows_when_it_is_back(service, faulty_smtp):
    faulty_smtp.stop()
    results = [submit(service, n) for n in range(10)]
    assert [status for status, _, _ in results] == [201] * 10
    assert max(seconds for _, seconds, _ in results) < FAST
    wait_until(lambda: all(m.attempts >= 1 for m in outbox(service)))
    pending = outbox(service)
    assert {m.status for m in pending} <= {"pending", "sending"}
    assert all("Connection" in (m.last_error or "") for m in pending if m.status == "pending")

    faulty_smtp.start()
    references = [reference for _, _, reference in results]
    wait_until(lambda: len(faulty_smtp.messages) >= 20, timeout=30)
    assert_each_once(faulty_smtp, references)
    assert {m.status for m in outbox(service)} == {"sent"}


def test_slow_smtp_5_seconds_a_message_does_not_slow_submissions(service, faulty_smtp):
    faulty_smtp.handler.delay = 5.0
    first = submit(service, 0)
    # The sender is now inside a 5-second SMTP exchange...
    wait_until(lambda: faulty_smtp.handler.attempts, timeout=5)
    results = [submit(service, n) for n in range(1, 11)]
    # ... and the submissions made meanwhile are as fast as ever.
    assert [status for status, _, _ in results] == [201] * 10
    assert max(seconds for _, seconds, _ in [first, *results]) < FAST
    assert len(faulty_smtp.messages) == 0
    faulty_smtp.handler.delay = 0.0  # the rest of the queue goes at full speed

    references = [reference for _, _, reference in [first, *results]]
    wait_until(lambda: len(faulty_smtp.messages) >= 22, timeout=30)
    assert_each_once(faulty_smtp, references)
    assert {m.status for m in outbox(service)} == {"sent"}
    assert {m.attempts for m in outbox(service)} == {1}  # slow is not a failure


def test_4xx_is_retried_until_delivered_and_5xx_is_marked_failed_for_hr(service, faulty_smtp):
    temporary, permanent = leave_form(3)["email"], leave_form(5)["email"]
    faulty_smtp.handler.temporary[temporary] = 2  # "451 try again" twice, then accepted
    faulty_smtp.handler.permanent.add(permanent)  # "554 rejected" every time
    results = [submit(service, n) for n in range(8)]
    assert [status for status, _, _ in results] == [201] * 8
    assert max(seconds for _, seconds, _ in results) < FAST
    references = [reference for _, _, reference in results]

    # 16 emails: 15 delivered (one after two refusals), one refused for good.
    wait_until(lambda: len(faulty_smtp.messages) >= 15
               and all(m.status in ("sent", "failed") for m in outbox(service)), timeout=30)
    time.sleep(0.5)
    by_recipient = {m.recipients[0]: m for m in outbox(service) if m.purpose == "acknowledgement"}
    retried = by_recipient[temporary]
    assert (retried.status, retried.attempts, retried.last_error) == ("sent", 3, None)
    failed = by_recipient[permanent]
    assert failed.status == "failed" and failed.attempts == 1
    assert "554" in failed.last_error and "rejected" in failed.last_error
    assert [n for subject, n in faulty_smtp.handler.attempts.items()
            if subject.startswith(f"Tanda terima {references[5]}")] == [1]  # never retried

    delivered = emails_by_reference(faulty_smtp.messages)
    assert delivered[(references[5], "applicant")] == 0
    assert delivered[(references[5], "hr")] == 1  # HR still hears of it
    assert_each_once(faulty_smtp, [r for n, r in enumerate(references) if n != 5])

    # HR sees which submission's email failed and why (the back office shows these columns).
    with service.app_context():
        submission = db.session.scalar(select(Submission).where(Submission.reference == references[5]))
        [row] = [m for m in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.submission_id == submission.id, OutboxMessage.status == "failed"))]
        assert row.purpose == "acknowledgement"


def test_failed_emails_can_be_sent_again_after_the_cause_is_fixed(service, faulty_smtp):
    faulty_smtp.handler.permanent.add("pegawai0001@")
    _, _, reference = submit(service, 1)
    wait_until(lambda: any(m.status == "failed" for m in outbox(service)))
    faulty_smtp.handler.permanent.clear()
    result = service.test_cli_runner().invoke(args=["outbox", "requeue"])
    assert "1 email dijadwalkan ulang" in result.output
    wait_until(lambda: {m.status for m in outbox(service)} == {"sent"})
    assert_each_once(faulty_smtp, [reference])
