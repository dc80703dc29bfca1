"""One request per double click; the abuse limits of forms that carry no session authority."""
from __future__ import annotations

import threading
from datetime import timedelta

from formsvc import submissions
from formsvc.extensions import db
from formsvc.models import OutboxMessage, Submission, utcnow

from .conftest import PDF, confirmation_reference, leave, upload


def count(app, model):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(model.id)))


def test_double_submit_creates_one_request_and_shows_the_same_reference(app, client, submit):
    first = submit("cuti", leave(), files={"lampiran": [upload(PDF, "a.pdf")]})
    second = submit("cuti", leave(), files={"lampiran": [upload(PDF, "a.pdf")]})
    assert first.status_code == second.status_code == 303
    one = client.get(first.headers["Location"]).get_data(as_text=True)
    two = client.get(second.headers["Location"]).get_data(as_text=True)
    assert confirmation_reference(one) == confirmation_reference(two)
    assert "Isian yang sama sudah kami terima sebelumnya" in two
    assert count(app, Submission) == 1 and count(app, OutboxMessage) == 2


def test_same_request_written_differently_is_still_one(app, submit):
    submit("cuti", leave())
    submit("cuti", leave(nama="  budi   santoso, s.kom. ", nip="198503122010011003", hp="+62 812-3456-7890"))
    assert count(app, Submission) == 1


def test_inline_double_submit_answers_json_with_the_same_reference(app, client):
    headers = {"X-Requested-With": "fetch", "Accept": "application/json"}
    answers = [client.post("/api/forms/cuti/", data=leave(), headers=headers).get_json() for _ in range(2)]
    assert answers[0]["ok"] and answers[1]["ok"]
    assert answers[0]["reference"] == answers[1]["reference"]
    assert "data-fs-confirmation" in answers[1]["html"]
    assert count(app, Submission) == 1


def test_concurrent_double_click_creates_one_request(make_app):
    app = make_app()
    results, barrier = [], threading.Barrier(2)

    def click():
        client = app.test_client()
        barrier.wait()
        results.append(client.post("/api/forms/cuti/", data=leave(), headers={"X-Requested-With": "fetch"}))

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [201, 201]
    assert len({r.get_json()["reference"] for r in results}) == 1
    assert count(app, Submission) == 1 and count(app, OutboxMessage) == 2


def test_a_changed_request_is_a_new_request(app, submit):
    submit("cuti", leave())
    submit("cuti", leave(alasan="Alasan yang diperbaiki"))
    assert count(app, Submission) == 2


def test_the_same_request_after_the_24_hour_window_is_new(app, client):
    from formsvc.forms import LeaveForm
    from werkzeug.datastructures import MultiDict
    with app.test_request_context():
        form = LeaveForm(MultiDict(leave()))
        assert form.validate()
        draft = submissions.Draft.from_form(form)
        first = submissions.store(draft, now=utcnow() - timedelta(hours=25))
        again = submissions.store(draft)
        assert not first.duplicate and not again.duplicate
        assert first.submission.reference != again.submission.reference
        within = submissions.store(draft, now=utcnow() + timedelta(hours=23))
        assert within.duplicate and within.submission.id == again.submission.id


def test_honeypot_refuses_with_an_honest_message_and_stores_nothing(app, submit):
    response = submit("cuti", leave(situs_web="http://spam.example"))
    assert response.status_code == 400
    assert "terdeteksi sebagai kiriman otomatis dan tidak disimpan" in response.get_data(as_text=True)
    assert count(app, Submission) == 0


def test_cross_site_post_is_refused(app, client):
    response = client.post("/api/forms/cuti/", data=leave(), headers={"Origin": "https://jahat.example"})
    assert response.status_code == 403
    assert count(app, Submission) == 0
    ok = client.post("/api/forms/cuti/", data=leave(), headers={"Origin": "http://localhost"})
    assert ok.status_code == 303


def test_no_csrf_token_needed_on_public_forms(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    assert app.test_client().post("/api/forms/cuti/", data=leave()).status_code == 303


def test_rate_limit_per_ip_gives_the_friendly_page(make_app):
    app = make_app(RATELIMIT_ENABLED=True, FORMS_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [client.post("/api/forms/cuti/", data=leave(alasan=f"alasan {n}")).status_code for n in range(4)]
    assert codes == [303, 303, 303, 429]
    page = client.post("/api/forms/cuti/", data=leave(alasan="lagi")).get_data(as_text=True)
    assert "Terlalu banyak permintaan dalam waktu singkat" in page
    inline = client.post("/api/forms/cuti/", data=leave(), headers={"X-Requested-With": "fetch"})
    assert inline.status_code == 429 and inline.get_json()["ok"] is False
    other_ip = client.post("/api/forms/cuti/", data=leave(alasan="dari IP lain"),
                           environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_ip.status_code == 303


def test_oversized_body_gets_the_friendly_413_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=64 * 1024)
    client = app.test_client()
    body = dict(leave(), lampiran=[upload(PDF + b"0" * 70 * 1024, "besar.pdf")])
    response = client.post("/api/forms/cuti/", data=body, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "paling besar 2 MB" in response.get_data(as_text=True)
    body = dict(leave(), lampiran=[upload(PDF + b"0" * 70 * 1024, "besar.pdf")])
    inline = client.post("/api/forms/cuti/", data=body, content_type="multipart/form-data",
                         headers={"X-Requested-With": "fetch"})
    assert inline.status_code == 413 and "2 MB" in inline.get_json()["error"]


def test_database_failure_is_never_a_success(make_app, monkeypatch):
    from sqlalchemy.exc import OperationalError
    app = make_app()

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is down"))

    monkeypatch.setattr(submissions, "_write", broken)
    response = app.test_client().post("/api/forms/cuti/", data=leave())
    assert response.status_code == 503
    assert "Data Anda belum tersimpan" in response.get_data(as_text=True)


def test_no_personal_data_in_logs(app, client, caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    client.post("/api/forms/cuti/", data=leave())
    client.post("/api/status/", data={"nomor": "ABCD-EFGH", "identitas": "198503122010011003"})
    # The message and every extra field, as the JSON formatter writes them; not the record's
    # own timing numbers (relativeCreated once read 527886.0812..., a false "0812").
    standard = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
    logged = "\n".join(record.getMessage() + str({k: v for k, v in vars(record).items() if k not in standard})
                       for record in caplog.records)
    assert "submission stored" in logged
    for private in ("Budi", "198503122010011003", "budi.santoso", "0812", "ABCD-EFGH", "Medan"):
        assert private not in logged
