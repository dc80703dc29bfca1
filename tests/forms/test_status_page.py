"""Cek status: reference + NIP/email/phone; a wrong pair reveals nothing; rate-limited."""
from __future__ import annotations

import re

from formsvc.extensions import db
from formsvc.models import StatusEvent, Submission, utcnow

from .conftest import confirmation_reference, leave, survey_link


def send_leave(client, **changes) -> str:
    response = client.post("/api/forms/cuti/", data=leave(**changes))
    return confirmation_reference(client.get(response.headers["Location"]).get_data(as_text=True))


def look_up(client, reference, identity):
    return client.post("/api/status/", data={"nomor": reference, "identitas": identity})


def test_lookup_by_reference_and_nip_shows_the_timeline(app, client):
    reference = send_leave(client)
    with app.app_context():
        submission = db.session.scalars(db.select(Submission)).one()
        submission.status = "perlu_perbaikan"
        db.session.add(StatusEvent(submission=submission, status="diproses", note="Berkas sedang diperiksa."))
        db.session.add(StatusEvent(submission=submission, status="perlu_perbaikan",
                                   note="Lampirkan <b>surat</b> pertimbangan atasan."))
        db.session.commit()
    response = look_up(client, reference.lower().replace("-", " "), "19850312 201001 1 003")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/api/status/lihat/") and reference not in location and "1985" not in location
    page = client.get(location).get_data(as_text=True)
    assert f"Status pengajuan {reference}" in page
    for label in ("Diterima", "Diproses", "Perlu Perbaikan"):
        assert label in page
    assert "Berkas sedang diperiksa." in page
    assert "Lampirkan &lt;b&gt;surat&lt;/b&gt; pertimbangan atasan." in page
    assert survey_link(page) == (f"/api/survei/?ref={reference}", "Bagaimana layanan kami? Isi survei kepuasan")
    assert "Budi" not in page and "198503122010011003" not in page  # no personal data shown


def test_lookup_by_email_for_people_without_nip(client):
    reference = send_leave(client)
    assert look_up(client, reference, "Budi.Santoso@contoh.go.id").status_code == 303


def test_wrong_pair_and_unknown_reference_get_the_same_message(client):
    reference = send_leave(client)
    answers = [look_up(client, reference, "198503122010011004"),
               look_up(client, reference, "orang.lain@contoh.go.id"),
               look_up(client, reference, ""),
               look_up(client, "ZZZZ-ZZZZ", "198503122010011003")]
    bodies = [re.sub(r'value="[^"]*"', "", a.get_data(as_text=True)) for a in answers]
    assert {a.status_code for a in answers} == {422}
    assert all("tidak cocok dengan data kami" in body for body in bodies)
    assert len(set(bodies)) == 1  # nothing tells an existing reference from an unknown one


def test_malformed_reference_says_what_to_type(client):
    page = look_up(client, "123", "").get_data(as_text=True)
    assert "Masukkan nomor pengajuan 8 karakter, contoh: ABCD-EFGH." in page


def test_status_lookup_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, STATUS_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [look_up(client, "ABCD-EFGH", "198503122010011003").status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]


def test_status_view_link_expires_and_cannot_be_forged(app, client):
    reference = send_leave(client)
    location = look_up(client, reference, "198503122010011003").headers["Location"]
    assert client.get(location).status_code == 200
    forged = location[:-3] + ("AAA" if not location.endswith("AAA") else "BBB")
    response = client.get(forged)
    assert response.status_code == 303 and "kedaluwarsa=1" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tampilan status sudah ditutup demi keamanan" in page


def test_status_page_is_not_cached_and_posts_only(client):
    page = client.get("/api/status/")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert 'method="post" action="/api/status/"' in html
    assert "Pelindungan data pribadi" in html


def test_anonymised_submissions_cannot_be_looked_up(app, client):
    reference = send_leave(client)
    with app.app_context():
        submission = db.session.scalars(db.select(Submission)).one()
        submission.anonymized_at = utcnow()
        db.session.commit()
    assert look_up(client, reference, "198503122010011003").status_code == 422
