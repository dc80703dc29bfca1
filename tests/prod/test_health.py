"""/api/healthz for the load balancer: 200 with the outbox figures, 503 when the database
does not answer."""
from __future__ import annotations

import time
from datetime import timedelta

from formsvc.extensions import db
from formsvc.models import OutboxMessage, utcnow

from .conftest import free_port


def add_message(status: str, age_seconds: float, n: int) -> None:
    db.session.add(OutboxMessage(purpose="acknowledgement", recipients=["x@example.test"], subject=f"S{n}",
                                 body_text="b", message_id=f"<{n}-{status}@test>", status=status,
                                 created_at=utcnow() - timedelta(seconds=age_seconds)))


def test_healthz_reports_the_backlog_and_its_oldest_message(app, client):
    with app.app_context():
        add_message("pending", 600, 1)
        add_message("sending", 30, 2)
        add_message("sent", 9000, 3)
        add_message("failed", 9000, 4)
        db.session.commit()
    response = client.get("/api/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["outbox"]["pending"] == 2
    assert body["outbox"]["failed"] == 1
    assert 600 <= body["outbox"]["oldest_pending_seconds"] < 660


def test_healthz_is_503_quickly_when_the_database_is_down(make_app):
    # Nothing listens on this port: the database is "down".
    app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/formsvc")
    started = time.monotonic()
    response = app.test_client().get("/api/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
    assert time.monotonic() - started < 5
