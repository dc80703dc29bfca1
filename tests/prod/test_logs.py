"""Logs are JSON lines without personal data: no NIP, email address, name or client IP,
whatever the request or the error carried."""
from __future__ import annotations

import io
import json
import logging

import pytest

from formsvc import outbox
from formsvc.extensions import db
from formsvc.logs import JsonFormatter

from .submissions import SUBMIT_PATH, leave_form

NIP = "199001012015031001"
EMAIL = "siti.rahmawati@example.test"
NAME = "Siti Rahmawati"
PERSONAL = (NIP, EMAIL, NAME, "siti.rahmawati", "203.0.113.7")


@pytest.fixture
def captured_logs():
    """Everything formsvc logs during the test, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("formsvc")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def entries(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def assert_no_personal_data(stream) -> None:
    text = stream.getvalue()
    for value in PERSONAL:
        assert value not in text, f"{value!r} found in the logs:\n{text}"


def test_requests_are_logged_by_route_without_path_query_or_ip(app, captured_logs):
    client = app.test_client()
    client.get(f"/api/healthz?nip={NIP}&email={EMAIL}", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    client.get(f"/api/tidak-ada/{NIP}/{EMAIL}", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    logged = entries(captured_logs)
    requests = [e for e in logged if e["logger"] == "formsvc.access"]
    assert [(e["method"], e["route"], e["status"]) for e in requests] == [
        ("GET", "/api/healthz", 200), ("GET", "<unmatched>", 404)]
    assert all(isinstance(e["duration_ms"], float) for e in requests)
    assert_no_personal_data(captured_logs)


def test_an_unexpected_error_logs_its_type_and_place_not_its_message(make_app, captured_logs):
    app = make_app()

    @app.get("/api/_boom")
    def boom():
        raise ValueError(f"cannot store {NAME} {NIP} {EMAIL}")

    response = app.test_client().get("/api/_boom")
    assert response.status_code == 500
    [error] = [e for e in entries(captured_logs) if e["level"] == "error"]
    assert error["error"] == "ValueError"
    assert any("boom" in frame for frame in error["stack"])
    assert_no_personal_data(captured_logs)


def test_a_refused_email_is_logged_without_its_recipient(app, smtp_server, captured_logs):
    smtp_server.handler.reject_codes["siti"] = "550 5.1.1 <siti.rahmawati@example.test>: unknown user"
    with app.test_request_context():
        outbox.enqueue(purpose="acknowledgement", recipients=[EMAIL], template="_test",
                       context={"greeting": f"Halo {NAME}"}, subject=f"Tanda terima {NAME}")
        db.session.commit()
        outbox.drain()
    warnings = [e for e in entries(captured_logs) if e["logger"] == "formsvc.outbox"]
    assert warnings and "failed" in warnings[-1]["message"]
    assert_no_personal_data(captured_logs)


def test_a_leave_request_and_its_emails_leave_no_personal_data_in_the_logs(app, smtp_server, captured_logs):
    answers = leave_form(42)
    response = app.test_client().post(SUBMIT_PATH, data=answers, headers={"X-Requested-With": "fetch"},
                                      environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 201, response.get_data(as_text=True)[:2000]
    with app.app_context():
        outbox.drain()
    assert len(smtp_server.wait_for(2)) == 2
    logged = entries(captured_logs)
    assert ("POST", "/api/forms/<form_id>/", 201) in [
        (e.get("method"), e.get("route"), e.get("status")) for e in logged]
    text = captured_logs.getvalue()
    for key in ("nama", "nip", "email", "hp", "alasan", "alamat_cuti"):
        assert answers[key] not in text, f"{key} found in the logs:\n{text}"
    assert "203.0.113.7" not in text
