"""Operations: the outbox with failures and a retry; the audit log page."""
from sqlalchemy import select

from formsvc import outbox
from formsvc.extensions import db
from formsvc.models import AuditLog, OutboxMessage

from .conftest import make_submission


def queue(app, to):
    with app.test_request_context():
        message = outbox.enqueue(purpose="acknowledgement", recipients=[to], template="_test",
                                 context={"greeting": "Halo"}, subject="Tanda terima")
        db.session.commit()
        return message.id


def test_failed_email_is_shown_with_its_error_and_can_be_sent_again(app, admin, smtp_server):
    smtp_server.handler.reject_codes["penuh"] = "550 5.2.2 Mailbox full"
    message_id = queue(app, "penuh@example.test")
    with app.app_context():
        outbox.drain()
    page = admin.get("/api/hr/outbox/?status=failed").get_data(as_text=True)
    assert "penuh@example.test" in page and "550" in page and "Kirim ulang" in page
    assert "Gagal (1)" in page

    smtp_server.handler.reject_codes.clear()  # the mailbox has room again
    response = admin.post(f"/api/hr/outbox/{message_id}/kirim-ulang", token_from="/api/hr/outbox/")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status == "pending"
        outbox.drain()
        assert db.session.get(OutboxMessage, message_id).status == "sent"
        assert db.session.scalars(select(AuditLog.action)).all() == ["outbox_retry"]
    assert len(smtp_server.wait_for(1)) == 1


def test_sent_email_cannot_be_retried(app, admin, smtp_server):
    message_id = queue(app, "ok@example.test")
    with app.app_context():
        outbox.drain()
    admin.post(f"/api/hr/outbox/{message_id}/kirim-ulang", token_from="/api/hr/outbox/")
    with app.app_context():
        outbox.drain()
    assert len(smtp_server.messages) == 1


def test_audit_log_lists_and_filters(app, admin, officer):
    sid = make_submission(app)
    officer.post(f"/api/hr/pengajuan/{sid}/status", data={"status": "diproses"},
                 token_from=f"/api/hr/pengajuan/{sid}")
    officer.get("/api/hr/ekspor.csv")
    page = admin.get("/api/hr/audit/").get_data(as_text=True)
    assert "Ubah status" in page and "Ekspor data" in page and "Budi Petugas" in page
    only = admin.get("/api/hr/audit/?aksi=export").get_data(as_text=True)
    assert "Ekspor data" in only and "Diterima → Diproses" not in only
