"""Answers to the public: reply to a suggestion (emailed when there is an address, shown on
its status page) and publish it, only with the sender's consent."""
from sqlalchemy import select

from formsvc import outbox
from formsvc.extensions import db
from formsvc.models import AuditLog, Submission

from .conftest import make_submission

SARAN = dict(kind="saran", service_slug=None, service_title=None, standard_days=None, nip=None,
             fields=[{"name": "kategori", "label": "Kategori", "value": "pertanyaan"},
                     {"name": "pesan", "label": "Pesan", "value": "Kapan jadwal pelatihan Latsar?"}])


def reply(client, sid, text):
    return client.post(f"/api/hr/pengajuan/{sid}/jawaban", data={"reply": text},
                       token_from=f"/api/hr/pengajuan/{sid}")


def publish(client, sid, value="1"):
    return client.post(f"/api/hr/pengajuan/{sid}/terbit", data={"publish": value},
                       token_from=f"/api/hr/pengajuan/{sid}")


def test_reply_is_stored_and_emailed(app, officer, smtp_server):
    sid = make_submission(app, **SARAN, email="warga@example.test")
    response = reply(officer, sid, "Jadwal Latsar diumumkan di halaman Kalender Pelatihan.")
    assert response.status_code == 302
    with app.app_context():
        submission = db.session.get(Submission, sid)
        assert submission.reply == "Jadwal Latsar diumumkan di halaman Kalender Pelatihan."
        assert submission.replied_at is not None
        reference = submission.reference
        outbox.drain()
    [mail] = smtp_server.wait_for(1)
    assert reference in mail["Subject"]
    assert "Jadwal Latsar diumumkan" in mail.get_body(("plain",)).get_content()


def test_reply_without_an_address_is_only_stored(app, officer, smtp_server):
    sid = make_submission(app, **{**SARAN, "email": None})
    reply(officer, sid, "Terima kasih atas masukannya.")
    with app.app_context():
        assert db.session.get(Submission, sid).reply == "Terima kasih atas masukannya."
        outbox.drain()
    assert smtp_server.messages == []


def test_publishing_needs_consent_and_an_answer(app, officer):
    no_consent = make_submission(app, **SARAN, publish_consent=False)
    reply(officer, no_consent, "Jawaban.")
    publish(officer, no_consent)
    consent = make_submission(app, **SARAN, publish_consent=True)
    publish(officer, consent)  # no answer yet
    with app.app_context():
        assert not db.session.get(Submission, no_consent).published
        assert not db.session.get(Submission, consent).published
    reply(officer, consent, "Jadwal diumumkan setiap Januari.")
    assert publish(officer, consent).status_code == 302
    with app.app_context():
        assert db.session.get(Submission, consent).published
    publish(officer, consent, "0")
    with app.app_context():
        assert not db.session.get(Submission, consent).published
        actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
        assert actions.count("publish") == 1 and actions.count("unpublish") == 1


def test_only_suggestions_get_a_reply(app, officer):
    sid = make_submission(app)  # a leave request
    reply(officer, sid, "Jawaban")
    with app.app_context():
        assert db.session.get(Submission, sid).reply is None


def test_detail_page_shows_the_reply_form_only_for_suggestions(app, officer):
    saran = make_submission(app, **SARAN, publish_consent=True)
    cuti = make_submission(app)
    assert "Jawaban untuk pengirim" in officer.get(f"/api/hr/pengajuan/{saran}").get_data(as_text=True)
    assert "Jawaban untuk pengirim" not in officer.get(f"/api/hr/pengajuan/{cuti}").get_data(as_text=True)


def test_the_reply_shows_on_the_public_status_page(app, officer):
    sid = make_submission(app, **SARAN, email="warga@example.test")
    reply(officer, sid, "Jadwal Latsar diumumkan setiap Januari.")
    with app.app_context():
        reference = db.session.get(Submission, sid).reference
    public = app.test_client()
    response = public.post("/api/status/", data={"nomor": reference, "identitas": "warga@example.test"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Jadwal Latsar diumumkan setiap Januari." in response.get_data(as_text=True)
