"""Kirim perbaikan: HR asks for a correction, the applicant answers from the status page into the
same request (message + documents), the request is back to Diproses, HR gets the documents by
email and in the back office. Refusals store nothing."""
from __future__ import annotations

import re
from email.utils import parseaddr
from io import BytesIO

import pytest
from sqlalchemy import func, select

from formsvc import outbox
from formsvc.extensions import db
from formsvc.models import Attachment, OutboxMessage, StatusEvent, Submission

from .conftest import logged_in, make_staff, make_submission

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NIP = "198703152010012001"
HR_NOTE = "Lampirkan surat pertimbangan atasan yang sudah ditandatangani."


def deliver(app):
    with app.app_context():
        outbox.drain()


def ask_for_correction(app, officer, sid):
    response = officer.post(f"/api/hr/pengajuan/{sid}/status", data={"status": "perlu_perbaikan", "note": HR_NOTE},
                            token_from=f"/api/hr/pengajuan/{sid}")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Submission, sid).status == "perlu_perbaikan"


def status_page_url(app, client, sid, identity=NIP) -> str:
    with app.app_context():
        reference = db.session.get(Submission, sid).reference
    response = client.post("/api/status/", data={"nomor": reference, "identitas": identity})
    assert response.status_code == 303
    return response.headers["Location"]


def form_action(html: str) -> str:
    return re.search(r'<form[^>]*id="form-perbaikan"[^>]*action="([^"]+)"', html, re.S).group(1)


def send(client, action, message="", files=(), **kwargs):
    data = {"pesan": message, "lampiran": [(BytesIO(content), name) for content, name in files]}
    return client.post(action, data=data, content_type="multipart/form-data", **kwargs)


def stored(app, sid):
    with app.app_context():
        submission = db.session.get(Submission, sid)
        return (submission.status, [e.status for e in submission.events],
                [(a.field, a.filename) for a in submission.attachments],
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


@pytest.fixture
def awaiting(app, officer):
    """A leave request HR has put in Perlu Perbaikan; the applicant's status page is open."""
    sid = make_submission(app, name="Siti Aminah", email="siti@example.test")
    ask_for_correction(app, officer, sid)
    client = app.test_client()
    url = status_page_url(app, client, sid)
    page = client.get(url).get_data(as_text=True)
    return sid, client, url, form_action(page)


def test_correction_end_to_end(app, officer, smtp_server):
    sid = make_submission(app, name="Siti Aminah", email="siti@example.test")
    ask_for_correction(app, officer, sid)
    deliver(app)
    [notice] = smtp_server.wait_for(1)
    assert "Kirim perbaikan" in notice.get_body(("plain",)).get_content()
    smtp_server.messages.clear()

    applicant = app.test_client()
    url = status_page_url(app, applicant, sid)
    page = applicant.get(url).get_data(as_text=True)
    assert "Kirim perbaikan" in page and HR_NOTE in page
    assert 'for="perbaikan-pesan"' in page and 'for="perbaikan-lampiran"' in page
    assert 'aria-describedby="perbaikan-pesan-hint"' in page
    action = form_action(page)
    assert action == url + "/perbaikan"

    response = send(applicant, action, "Surat pertimbangan atasan terlampir.", [(PDF, "surat atasan.pdf")])
    assert response.status_code == 303
    assert response.headers["Location"].startswith(url) and "#kirim-perbaikan" in response.headers["Location"]
    page = applicant.get(response.headers["Location"]).get_data(as_text=True)
    assert "Perbaikan Anda terkirim" in page
    assert "Perbaikan dikirim pemohon: Surat pertimbangan atasan terlampir." in page
    assert re.search(r'class="fs-reference">Diproses<', page)
    assert 'id="form-perbaikan"' not in page  # answered: no second form

    status, events, attachments, _ = stored(app, sid)
    assert status == "diproses" and events == ["perlu_perbaikan", "diproses"]
    assert attachments == [("perbaikan", "surat atasan.pdf")]
    with app.app_context():
        event = db.session.scalars(select(StatusEvent).where(StatusEvent.submission_id == sid)
                                   .order_by(StatusEvent.id.desc())).first()
        assert event.staff_id is None

    deliver(app)
    mails = smtp_server.wait_for(2)
    to_hr = next(m for m in mails if parseaddr(m["To"])[1] == "hr@kepegawaian.test")
    receipt = next(m for m in mails if parseaddr(m["To"])[1] == "siti@example.test")
    assert to_hr["Reply-To"] == "siti@example.test" and "Perbaikan" in to_hr["Subject"]
    assert "Surat pertimbangan atasan terlampir." in to_hr.get_body(("plain",)).get_content()
    [pdf] = [part for part in to_hr.iter_attachments()]
    assert pdf.get_filename() == "surat atasan.pdf" and pdf.get_content() == PDF
    assert "Perbaikan untuk pengajuan" in receipt.get_body(("plain",)).get_content()
    assert not list(receipt.iter_attachments())

    # The back office lists the new document as a correction, with its date, for staff only.
    detail = officer.get(f"/api/hr/pengajuan/{sid}").get_data(as_text=True)
    with app.app_context():
        attachment_id = db.session.scalars(select(Attachment.id).where(Attachment.submission_id == sid)).one()
    link = f"/api/hr/pengajuan/{sid}/lampiran/{attachment_id}"
    assert link in detail and "surat atasan.pdf" in detail
    assert re.search(r"Perbaikan dari pemohon,\s*\d", detail)
    assert "Perbaikan dikirim pemohon: Surat pertimbangan atasan terlampir." in detail
    assert "Pemohon (Kirim perbaikan)" in detail
    download = officer.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert app.test_client().get(link).status_code in (302, 403)
    assert applicant.get(link).status_code in (302, 403)

    # The inbox says the applicant answered.
    inbox = officer.get("/api/hr/").get_data(as_text=True)
    row = re.search(r"<tr>(?:(?!</tr>).)*%s(?:(?!</tr>).)*</tr>" % sid, inbox, re.S).group(0)
    assert "Diproses" in row and "Perbaikan masuk" in row


def test_correction_goes_to_the_assigned_officer(app, officer, smtp_server):
    staff_id = make_staff(app, "petugas2", email="petugas2@example.test")
    sid = make_submission(app, assignee_id=staff_id, email=None)
    ask_for_correction(app, officer, sid)
    client = app.test_client()
    action = form_action(client.get(status_page_url(app, client, sid)).get_data(as_text=True))
    assert send(client, action, "", [(PDF, "ijazah.pdf")]).status_code == 303
    deliver(app)
    [mail] = smtp_server.wait_for(1)  # no email given: no receipt
    assert parseaddr(mail["To"])[1] == "petugas2@example.test" and mail["Reply-To"] is None
    assert "Pemohon tidak menulis pesan." in mail.get_body(("plain",)).get_content()


def test_message_and_file_both_missing(app, awaiting):
    sid, client, url, action = awaiting
    before = stored(app, sid)
    response = send(client, action, "   ")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tuliskan pesan perbaikan, atau pilih berkas perbaikan, atau keduanya." in html
    assert 'href="#perbaikan-pesan"' in html and 'aria-invalid="true"' in html
    assert "<title>Periksa kembali isian: Status" in html
    assert stored(app, sid) == before


def test_bad_file_gets_its_own_message_and_the_typed_message_is_kept(app, awaiting):
    sid, client, url, action = awaiting
    before = stored(app, sid)
    response = send(client, action, "Berkas saya kirim ulang.", [(b"hanya teks biasa", "ijazah.pdf")])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Berkas \u201cijazah.pdf\u201d bukan PDF, JPG atau PNG." in html
    assert "Berkas saya kirim ulang.</textarea>" in html
    assert stored(app, sid) == before


def test_files_must_be_chosen_again_after_another_error(app, awaiting):
    sid, client, url, action = awaiting
    response = send(client, action, "x" * 4001, [(PDF, "a.pdf")])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Pesan paling banyak 4000 karakter" in html
    assert "Pilih lagi berkas Anda sebelum mengirim." in html


def test_too_many_files(make_app):
    app = make_app(MAX_ATTACHMENTS=1)
    officer = logged_in(app, make_staff(app, "petugas1"))
    sid = make_submission(app)
    ask_for_correction(app, officer, sid)
    client = app.test_client()
    action = form_action(client.get(status_page_url(app, client, sid)).get_data(as_text=True))
    response = send(client, action, "", [(PDF, "a.pdf"), (PDF, "b.pdf")])
    assert response.status_code == 422
    assert "Lampiran paling banyak 1 berkas (Anda memilih 2)." in response.get_data(as_text=True)
    assert stored(app, sid)[0] == "perlu_perbaikan"


def test_refused_when_hr_changed_the_status_meanwhile(app, officer, awaiting):
    sid, client, url, action = awaiting
    officer.post(f"/api/hr/pengajuan/{sid}/status", data={"status": "ditolak", "note": "Tidak memenuhi syarat."},
                 token_from=f"/api/hr/pengajuan/{sid}")
    before = stored(app, sid)
    response = send(client, action, "Ini perbaikannya.", [(PDF, "a.pdf")])
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Perbaikan Anda belum terkirim: status pengajuan ini sudah Ditolak" in html
    assert "Ini perbaikannya." in html
    assert stored(app, sid) == before


def test_a_second_correction_is_refused(app, awaiting):
    sid, client, url, action = awaiting
    assert send(client, action, "Perbaikan pertama.").status_code == 303
    before = stored(app, sid)
    assert send(client, action, "Perbaikan kedua.").status_code == 409
    assert stored(app, sid) == before


def test_bad_or_expired_token(app, awaiting):
    sid, client, url, action = awaiting
    before = stored(app, sid)
    forged = action.replace("/perbaikan", "AAA/perbaikan")
    response = send(client, forged, "Ini perbaikannya.", [(PDF, "a.pdf")])
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Perbaikan Anda belum terkirim: tampilan status sudah ditutup demi keamanan." in html
    assert "Ini perbaikannya." in html  # shown back so that it can be copied
    assert stored(app, sid) == before


def test_expired_token(make_app, monkeypatch):
    from formsvc import status
    app = make_app()
    officer = logged_in(app, make_staff(app, "petugas1"))
    sid = make_submission(app)
    ask_for_correction(app, officer, sid)
    client = app.test_client()
    action = form_action(client.get(status_page_url(app, client, sid)).get_data(as_text=True))
    monkeypatch.setattr(status, "VIEW_MAX_AGE", -1)
    assert send(client, action, "Terlambat.").status_code == 404
    assert stored(app, sid)[0] == "perlu_perbaikan"


def test_cross_origin_post_is_refused(app, awaiting):
    sid, client, url, action = awaiting
    before = stored(app, sid)
    response = send(client, action, "Ini perbaikannya.", headers={"Origin": "https://jahat.example"})
    assert response.status_code == 403
    assert stored(app, sid) == before
    assert send(client, action, "Ini perbaikannya.", headers={"Origin": "http://localhost"}).status_code == 303


def test_honeypot_stores_nothing(app, awaiting):
    sid, client, url, action = awaiting
    before = stored(app, sid)
    response = client.post(action, data={"pesan": "Halo", "situs_web": "http://spam.example"})
    assert response.status_code == 400
    assert stored(app, sid) == before


def test_corrections_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, STATUS_RATE_LIMIT="2 per minute")
    officer = logged_in(app, make_staff(app, "petugas1"))
    sid = make_submission(app)
    ask_for_correction(app, officer, sid)
    client = app.test_client()
    action = form_action(client.get(status_page_url(app, client, sid)).get_data(as_text=True))
    codes = [send(client, action, "").status_code for _ in range(3)]
    assert codes == [422, 422, 429]


def test_no_form_unless_perlu_perbaikan(app, client):
    sid = make_submission(app, status="diproses")
    page = client.get(status_page_url(app, client, sid)).get_data(as_text=True)
    assert 'id="form-perbaikan"' not in page and "kirim-perbaikan" not in page


def test_message_is_escaped_everywhere(app, officer, smtp_server, awaiting):
    sid, client, url, action = awaiting
    evil = '<script>alert("x")</script>'
    location = send(client, action, evil).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert evil not in page and "&lt;script&gt;alert(" in page
    detail = officer.get(f"/api/hr/pengajuan/{sid}").get_data(as_text=True)
    assert evil not in detail and "&lt;script&gt;alert(" in detail
    deliver(app)
    mails = [m for m in smtp_server.wait_for(3) if "Perbaikan d" in m["Subject"] or "Perbaikan diterima" in m["Subject"]]
    assert len(mails) == 2
    for mail in mails:
        html = mail.get_body(("html",)).get_content()
        assert evil not in html and "&lt;script&gt;alert(" in html


def test_the_service_time_pauses_for_a_correction_and_starts_again_from_it(app, officer):
    """Standar pelayanan counts "sejak berkas lengkap": a request waiting for the applicant is
    not overdue, and its due date and processing time run from the correction."""
    from formsvc.hr import dates, servicetimes
    from formsvc.hr.filters import overdue_clause
    from formsvc.submissions import local_today
    from formsvc.workdays import calendar_for

    from .conftest import days_ago

    sid = make_submission(app, created_at=days_ago(20), standard_days=5)

    def overdue_ids():
        with app.test_request_context():
            return set(db.session.scalars(select(Submission.id).where(overdue_clause())))

    assert overdue_ids() == {sid}  # 20 days old, 5-working-day standard
    assert "Lewat batas</span>" in officer.get("/api/hr/").get_data(as_text=True)
    ask_for_correction(app, officer, sid)
    assert overdue_ids() == set()  # paused while HR waits for the applicant
    assert "Lewat batas</span>" not in officer.get("/api/hr/").get_data(as_text=True)
    waiting = app.test_client()
    assert "Dihitung lagi setelah perbaikan Anda diterima" in waiting.get(
        status_page_url(app, waiting, sid)).get_data(as_text=True)

    client = app.test_client()
    page = client.get(status_page_url(app, client, sid)).get_data(as_text=True)
    assert send(client, form_action(page), "Surat terlampir.", [(PDF, "surat.pdf")]).status_code == 303
    with app.test_request_context():
        submission = db.session.get(Submission, sid)
        assert submission.due_date == calendar_for(app).add_working_days(local_today(), 5)
    assert overdue_ids() == set()

    response = officer.post(f"/api/hr/pengajuan/{sid}/status", data={"status": "selesai", "note": "Surat izin terbit."},
                            token_from=f"/api/hr/pengajuan/{sid}")
    assert response.status_code == 302
    with app.test_request_context():
        year = dates.local_date(db.session.get(Submission, sid).closed_at).year
        [row] = servicetimes.service_times(year)
    assert row.total.days == [0]  # closed the day the correction came, not 20 days after arrival
    assert row.total.share_within == 100.0
    detail = officer.get(f"/api/hr/pengajuan/{sid}").get_data(as_text=True)
    assert "(0 hari kerja)" in detail
