"""Moving a request along: Diterima → Diproses → Selesai/Ditolak and Perlu Perbaikan, each
change with its note, staff member and time, the applicant's email through the outbox, and
assignment."""
from email.utils import parseaddr

from sqlalchemy import select

from formsvc import outbox
from formsvc.extensions import db
from formsvc.models import AuditLog, OutboxMessage, StatusEvent, Submission

from .conftest import make_staff, make_submission


def get(app, submission_id):
    with app.app_context():
        submission = db.session.get(Submission, submission_id)
        events = [(e.status, e.note, e.staff.username if e.staff else None) for e in submission.events]
        return submission, events


def change(client, submission_id, status, note="", current=None):
    data = {"status": status, "note": note}
    if current:
        data["current"] = current
    return client.post(f"/api/hr/pengajuan/{submission_id}/status", data=data,
                       token_from=f"/api/hr/pengajuan/{submission_id}")


def deliver(app):
    with app.app_context():
        outbox.drain()


def test_status_change_is_recorded_and_emailed_to_the_applicant(app, officer, smtp_server):
    sid = make_submission(app, email="siti@example.test")
    response = change(officer, sid, "diproses", "Berkas lengkap, sedang diverifikasi.")
    assert response.status_code == 302
    submission, events = get(app, sid)
    assert submission.status == "diproses" and submission.closed_at is None
    assert events == [("diproses", "Berkas lengkap, sedang diverifikasi.", "petugas1")]

    deliver(app)
    [mail] = smtp_server.wait_for(1)
    assert parseaddr(mail["To"])[1] == "siti@example.test"
    assert submission.reference in mail["Subject"] and "Diproses" in mail["Subject"]
    body = mail.get_body(("plain",)).get_content()
    assert "Berkas lengkap, sedang diverifikasi." in body
    assert submission.reference in body
    assert mail["Reply-To"] == "hr@kepegawaian.test"
    page = officer.get(f"/api/hr/pengajuan/{sid}").get_data(as_text=True)
    assert "Terkirim" in page  # the email's delivery is visible on the request


def test_email_is_stored_in_the_same_transaction_as_the_change(app, officer, smtp_server):
    sid = make_submission(app)
    change(officer, sid, "diproses")
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage)).all()
        assert message.submission_id == sid and message.purpose == "status_update"
        assert message.status == "pending"  # queued with the change, sent by the sender


def test_selesai_closes_the_request(app, officer):
    sid = make_submission(app, status="diproses")
    change(officer, sid, "selesai", "Surat izin cuti dapat diambil di loket.")
    submission, _ = get(app, sid)
    assert submission.status == "selesai" and submission.closed_at is not None


def test_ditolak_needs_a_note(app, officer):
    sid = make_submission(app)
    response = change(officer, sid, "ditolak", "   ")
    assert response.status_code == 400
    assert "Tulis catatan untuk pemohon" in response.get_data(as_text=True)
    submission, events = get(app, sid)
    assert submission.status == "diterima" and events == []
    change(officer, sid, "ditolak", "Masa kerja belum 1 tahun.")
    submission, events = get(app, sid)
    assert submission.status == "ditolak" and submission.closed_at is not None
    assert events[-1][1] == "Masa kerja belum 1 tahun."


def test_perlu_perbaikan_needs_a_note_and_keeps_the_request_open(app, officer, smtp_server):
    sid = make_submission(app)
    assert change(officer, sid, "perlu_perbaikan").status_code == 400
    change(officer, sid, "perlu_perbaikan", "Lampirkan SK pangkat terakhir.")
    submission, _ = get(app, sid)
    assert submission.status == "perlu_perbaikan" and submission.closed_at is None
    deliver(app)
    [mail] = smtp_server.wait_for(1)
    body = mail.get_body(("plain",)).get_content()
    assert "Lampirkan SK pangkat terakhir." in body and "Apa yang perlu Anda lakukan" in body


def test_steps_outside_the_workflow_are_refused(app, officer):
    sid = make_submission(app)  # diterima: cannot jump to selesai
    assert change(officer, sid, "selesai").status_code == 400
    closed = make_submission(app, status="selesai")
    assert change(officer, closed, "diproses").status_code == 400
    assert get(app, sid)[0].status == "diterima" and get(app, closed)[0].status == "selesai"


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(app, officer):
    sid = make_submission(app, status="diproses")
    # The page was opened while the request was still "diterima".
    response = change(officer, sid, "ditolak", "Tidak memenuhi syarat.", current="diterima")
    assert response.status_code == 302
    assert get(app, sid)[0].status == "diproses"
    page = officer.get(f"/api/hr/pengajuan/{sid}").get_data(as_text=True)
    assert "sudah diubah oleh petugas lain" in page


def test_no_email_without_an_address(app, officer):
    sid = make_submission(app, email=None)
    change(officer, sid, "diproses")
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []
        assert db.session.scalars(select(StatusEvent)).one().status == "diproses"


def test_every_status_change_is_audited(app, officer):
    sid = make_submission(app)
    change(officer, sid, "diproses")
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "status_change")).one()
        reference = db.session.get(Submission, sid).reference
        assert entry.target == reference and entry.detail == "Diterima → Diproses"
        assert entry.staff.username == "petugas1"


def test_assigning_a_request_to_a_colleague(app, officer):
    colleague = make_staff(app, "petugas2", name="Citra Petugas")
    sid = make_submission(app)
    response = officer.post(f"/api/hr/pengajuan/{sid}/petugas", data={"assignee": str(colleague)},
                            token_from=f"/api/hr/pengajuan/{sid}")
    assert response.status_code == 302
    assert get(app, sid)[0].assignee_id == colleague
    mine = officer.get("/api/hr/?petugas=" + str(colleague)).get_data(as_text=True)
    assert "Citra Petugas" in mine
    officer.post(f"/api/hr/pengajuan/{sid}/petugas", data={"assignee": ""}, token_from=f"/api/hr/pengajuan/{sid}")
    assert get(app, sid)[0].assignee_id is None
    bad = officer.post(f"/api/hr/pengajuan/{sid}/petugas", data={"assignee": "999"},
                       token_from=f"/api/hr/pengajuan/{sid}")
    assert bad.status_code == 400


def test_status_form_needs_the_csrf_token(app, officer):
    sid = make_submission(app)
    response = officer.client.post(f"/api/hr/pengajuan/{sid}/status", data={"status": "diproses"})
    assert response.status_code == 400
    assert get(app, sid)[0].status == "diterima"
