"""HTTP round trips with the real SMTP server on loopback: what HR and the applicant receive."""
from __future__ import annotations

import time
from email.utils import getaddresses, parseaddr

from formsvc.extensions import db
from formsvc.models import Attachment, OutboxMessage, StatusEvent, Submission

from .conftest import JPG, PDF, confirmation_reference, deliver, leave, survey_link, upload


def submit_leave(client, data=None, files=None):
    body = dict(data or leave(jenis="sakit"))
    body["lampiran"] = files if files is not None else [upload(PDF, "surat dokter.pdf"), upload(JPG, "resep.jpg")]
    response = client.post("/api/forms/cuti/", data=body, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def test_leave_request_round_trip_two_emails(app, client, smtp_server):
    data = leave(jenis="sakit", alasan="Demam tinggi 39°C — <script>alert(1)</script> & batuk")
    response = submit_leave(client, data)
    location = response.headers["Location"]
    # no personal data in the confirmation URL
    assert location.startswith("/api/forms/cuti/terkirim/")
    for private in ("budi", "Budi", "1985", "0812", "contoh.go.id"):
        assert private not in location

    page = client.get(location).get_data(as_text=True)
    reference = confirmation_reference(page)
    assert "b***@contoh.go.id" in page and "budi.santoso@contoh.go.id" not in page
    assert "Apa yang terjadi selanjutnya" in page
    assert "3 hari kerja sejak berkas lengkap diterima" in page  # from cuti-sakit.md front matter
    assert survey_link(page) == (f"/api/survei/?ref={reference}", "Bagaimana layanan kami? Isi survei kepuasan")
    assert 'href="/api/status/"' in page

    with app.app_context():
        submission = db.session.scalars(db.select(Submission)).one()
        assert submission.reference == reference and submission.status == "diterima"
        assert submission.service_slug == "layanan/cuti/cuti-sakit" and submission.standard_days == 3
        assert submission.due_date is not None and submission.nip == "198503122010011003"
        assert [e.status for e in db.session.scalars(db.select(StatusEvent))] == ["diterima"]
        attachments = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
        assert [(a.filename, a.content_type, a.content) for a in attachments] == [
            ("surat dokter.pdf", "application/pdf", PDF), ("resep.jpg", "image/jpeg", JPG)]
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 2

    deliver(app)
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    hr = next(m for m in messages if "hr@kepegawaian.test" in m["To"])
    ack = next(m for m in messages if "budi.santoso@contoh.go.id" in m["To"])

    # HR: reference in the subject, Reply-To the applicant, every field, the attachments
    assert reference in hr["Subject"] and "Cuti sakit" in hr["Subject"]
    assert parseaddr(hr["Reply-To"])[1] == "budi.santoso@contoh.go.id"
    text = hr.get_body(("plain",)).get_content()
    html = hr.get_body(("html",)).get_content()
    for label, value in [("Nama lengkap", "Budi Santoso, S.Kom."), ("NIP atau NI PPPK", "198503122010011003"),
                         ("Status kepegawaian", "PNS (termasuk CPNS)"), ("Jabatan", "Pranata Komputer Ahli Pertama"),
                         ("Unit kerja", "Dinas Komunikasi dan Informatika"), ("Masa kerja", "6 tahun 3 bulan"),
                         ("Email", "budi.santoso@contoh.go.id"), ("Nomor HP", "081234567890"),
                         ("Jenis cuti", "Cuti sakit"), ("Lama cuti", "hari kerja"),
                         ("Alamat selama cuti", "Jl. Merdeka No. 1, Medan"),
                         ("Nama atasan langsung", "Siti Aminah, S.E."),
                         ("Email atasan langsung (jika ada)", "siti.aminah@contoh.go.id")]:
        assert label in text and value in text, label
    assert "Demam tinggi 39°C — <script>alert(1)</script> & batuk" in text
    assert "Demam tinggi 39°C — &lt;script&gt;alert(1)&lt;/script&gt; &amp; batuk" in html
    assert "<script>" not in html
    files = [(part.get_filename(), part.get_content_type(), part.get_content()) for part in hr.iter_attachments()]
    assert files == [("surat dokter.pdf", "application/pdf", PDF), ("resep.jpg", "image/jpeg", JPG)]

    # The applicant: acknowledgement with reference, next steps, service time, status link; no attachments
    assert ack["Subject"] == f"Tanda terima {reference}: Permohonan Cuti"
    ack_text = ack.get_body(("plain",)).get_content()
    assert reference in ack_text and "APA YANG TERJADI SELANJUTNYA" in ack_text
    assert "3 hari kerja sejak berkas lengkap diterima" in ack_text
    assert "http://localhost/api/status/" in ack_text
    assert "Jangka waktu layanan Cuti Sakit" in ack.get_body(("html",)).get_content()
    assert list(ack.iter_attachments()) == []
    for message in (hr, ack):
        assert message.get_body(("plain",)).get_content_charset() == "utf-8"
        assert message["Message-ID"]
    assert hr["Message-ID"] != ack["Message-ID"]


def test_recipients_per_form(make_app, smtp_server):
    app = make_app(HR_EMAIL_BY_FORM={"cuti": "cuti@kepegawaian.test, kasubbid@kepegawaian.test"})
    submit_leave(app.test_client())
    deliver(app)
    hr = next(m for m in smtp_server.wait_for(2) if "cuti@kepegawaian.test" in m["To"])
    recipients = sorted(address for _, address in getaddresses([hr["To"]]))
    assert recipients == ["cuti@kepegawaian.test", "kasubbid@kepegawaian.test"]


def test_nothing_a_user_types_reaches_the_headers(app, client, smtp_server):
    data = leave(nama="Budi\r\nBcc: korban@example.test", jabatan="Staf\nX-Injected: ya")
    submit_leave(client, data, files=[])
    deliver(app)
    messages = smtp_server.wait_for(2)
    for message in messages:
        assert message["Bcc"] is None and message["X-Injected"] is None
        assert "\n" not in message["Subject"]
    recipients = sorted(r for envelope in smtp_server.handler.envelopes for r in envelope.rcpt_tos)
    assert recipients == ["budi.santoso@contoh.go.id", "hr@kepegawaian.test"]


def test_submission_does_not_wait_for_smtp(make_app, smtp_server):
    smtp_server.stop()
    app = make_app()
    started = time.monotonic()
    submit_leave(app.test_client())
    assert time.monotonic() - started < 3
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 2


def test_smtp_down_during_20_submissions_then_up_all_40_arrive_once(make_app, smtp_server):
    app = make_app(OUTBOX_BATCH=50)  # one sender round tries every queued message once
    client = app.test_client()
    smtp_server.stop()
    references = []
    for number in range(20):
        data = leave(jenis="tahunan", alasan=f"Keperluan keluarga nomor {number}",
                     email=f"pegawai{number}@contoh.go.id")
        page = client.get(submit_leave(client, data, files=[]).headers["Location"]).get_data(as_text=True)
        references.append(confirmation_reference(page))
    from formsvc import outbox
    with app.app_context():  # one attempt each while SMTP is down: every message stays pending
        assert outbox.deliver_batch() == 40
    with app.app_context():
        statuses = {(m.status, bool(m.last_error)) for m in db.session.scalars(db.select(OutboxMessage))}
        assert statuses == {("pending", True)}
    smtp_server.start()
    deadline = time.monotonic() + 30
    while len(smtp_server.messages) < 40 and time.monotonic() < deadline:
        deliver(app)
        time.sleep(0.1)
    time.sleep(0.6)  # longer than the largest backoff in tests: nothing else may be due
    deliver(app)
    messages = smtp_server.messages
    assert len(messages) == 40
    assert len({m["Message-ID"] for m in messages}) == 40
    for reference in references:
        about = [m for m in messages if reference in m["Subject"]]
        assert len(about) == 2
        assert {m["Subject"].startswith("Tanda terima") for m in about} == {True, False}
    with app.app_context():
        assert {m.status for m in db.session.scalars(db.select(OutboxMessage))} == {"sent"}
