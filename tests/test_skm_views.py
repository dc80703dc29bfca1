"""The SKM questionnaire at /api/survei/: validation, one response per reference, abuse limits."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from formsvc import skm
from formsvc.extensions import db
from formsvc.models import Submission, SurveyResponse
from formsvc.survey.store import today_local

ORIGIN = {"Origin": "http://localhost"}


def answers(**overrides):
    data = {f"u{i}": "3" for i in range(1, 10)}
    data.update(umur="35", jenis_kelamin="P", pendidikan="S1", pekerjaan="PNS", layanan="Cuti Tahunan",
                saran="Antrean di loket sebaiknya diberi nomor.", situs_web="")
    data.update(overrides)
    return data


def stored(app) -> list[SurveyResponse]:
    with app.app_context():
        rows = db.session.execute(select(SurveyResponse).order_by(SurveyResponse.id)).scalars().all()
        db.session.expunge_all()
        return rows


def make_submission(app, reference="ABCD-EFGH", kind="cuti", service_title="Cuti Tahunan"):
    with app.app_context():
        db.session.add(Submission(reference=reference, kind=kind, service_title=service_title,
                                  service_slug="layanan/cuti/cuti-tahunan" if service_title else None,
                                  name="Siti Aminah", email="siti@example.test", dedupe_key=reference))
        db.session.commit()


def test_survey_page_asks_the_nine_unsur_with_their_official_answers(client):
    response = client.get("/api/survei/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Survei Kepuasan Masyarakat</h1>" in html
    assert 'class="md-header' in html  # the site's own chrome (base.html)
    for unsur in skm.UNSUR:
        group = re.search(rf'<fieldset[^>]*id="survei-{unsur.field}".*?</fieldset>', html, re.S).group(0)
        assert f'<legend class="fs-legend">{unsur.code}. {unsur.name}</legend>' in group
        assert unsur.question in group
        for index, label in enumerate(unsur.answers):
            assert f'id="survei-{unsur.field}-{index}" name="{unsur.field}" type="radio" value="{index + 1}"' in group
            assert f'<label class="fs-choice__label" for="survei-{unsur.field}-{index}">{label}</label>' in group
    for name in ("umur", "jenis_kelamin", "pendidikan", "pekerjaan", "layanan", "saran"):
        assert f'name="{name}"' in html
    assert '<optgroup label="Cuti">' in html and ">Cuti Tahunan</option>" in html
    assert 'action="/api/survei/"' in html
    assert "data-formsvc=" not in html  # not sent inline by the request forms' script


def test_a_complete_response_is_stored_and_thanked(app, client):
    response = client.post("/api/survei/", data=answers(u4="4"), headers=ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/api/survei/terima-kasih/")
    [row] = stored(app)
    assert (row.u1, row.u4, row.umur, row.jenis_kelamin, row.pendidikan, row.pekerjaan, row.layanan) == (
        3, 4, 35, "P", "S1", "PNS", "Cuti Tahunan")
    assert row.saran == "Antrean di loket sebaiknya diberi nomor."
    assert row.source == "online" and row.reference is None
    with app.app_context():
        assert row.tanggal == today_local()
    thanks = client.get("/api/survei/terima-kasih/").get_data(as_text=True)
    assert "Terima kasih, survei Anda tersimpan" in thanks
    assert "/api/survei/hasil/" in thanks


def test_errors_are_specific_and_everything_typed_is_kept(app, client):
    data = answers(u2="", u7="9", umur="tiga lima", pendidikan="", saran="Parkir sempit.")
    response = client.post("/api/survei/", data=data, headers=ORIGIN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = re.search(r'data-fs-error-summary.*?</div>', html, re.S).group(0)
    assert "Ada 4 isian yang perlu diperbaiki" in summary
    items = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert items == [
        ("survei-u2-0", "Pilih jawaban untuk U2 Sistem, mekanisme, dan prosedur."),
        ("survei-u7-0", "Pilih jawaban untuk U7 Perilaku pelaksana."),
        ("survei-umur", "Tulis umur dengan angka saja, misalnya 35."),
        ("survei-pendidikan", "Pilih pendidikan terakhir Anda."),
    ]
    # What was typed or chosen stays.
    assert re.search(r'checked[^>]*id="survei-u1-2"|id="survei-u1-2"[^>]*checked', html)
    assert 'value="tiga lima"' in html
    assert re.search(r'checked[^>]*id="survei-jenis_kelamin-1"|id="survei-jenis_kelamin-1"[^>]*checked', html)
    assert re.search(r'<option selected value="PNS">', html)
    assert re.search(r'<option selected value="Cuti Tahunan">', html)
    assert re.search(r">\s*Parkir sempit.</textarea>", html)
    assert re.search(r'aria-describedby="survei-umur-hint survei-umur-error"[^>]*aria-invalid="true"', html)
    assert "<title>Perbaiki isian: Survei Kepuasan Masyarakat" in html
    assert stored(app) == []


@pytest.mark.parametrize("umur, message", [
    ("", "Masukkan umur Anda dalam tahun, misalnya 35."),
    ("12", "Umur harus antara 15 dan 100 tahun."),
    ("101", "Umur harus antara 15 dan 100 tahun."),
    ("-5", "Umur harus antara 15 dan 100 tahun."),
    ("35 tahun", "Tulis umur dengan angka saja, misalnya 35."),
])
def test_age_messages(client, umur, message):
    html = client.post("/api/survei/", data=answers(umur=umur), headers=ORIGIN).get_data(as_text=True)
    assert message in html


def test_values_outside_the_lists_are_refused(app, client):
    html = client.post("/api/survei/", data=answers(layanan="Layanan palsu", pekerjaan="Astronot",
                                                    jenis_kelamin="X"), headers=ORIGIN).get_data(as_text=True)
    assert "Pilih layanan yang Anda gunakan dari daftar." in html
    assert "Pilih pekerjaan Anda dari daftar." in html
    assert "Pilih jenis kelamin Anda." in html
    assert stored(app) == []


def test_a_long_suggestion_is_refused_with_its_length(client):
    html = client.post("/api/survei/", data=answers(saran="a" * 2001), headers=ORIGIN).get_data(as_text=True)
    assert "Saran paling banyak 2000 karakter (sekarang 2001)." in html


def test_reached_from_a_submission_the_service_is_prefilled_and_one_response_is_allowed(app, client):
    make_submission(app)
    page = client.get("/api/survei/?ref=abcd efgh").get_data(as_text=True)
    assert re.search(r'name="ref" type="hidden" value="ABCD-EFGH"', page)
    assert '<option selected value="Cuti Tahunan">' in page
    assert "Sudah kami isi sesuai pengajuan Anda." in page
    assert "pengajuan <strong>ABCD-EFGH</strong>" in page
    data = answers(ref="ABCD-EFGH")
    del data["layanan"]
    data["layanan"] = "Cuti Tahunan"
    assert client.post("/api/survei/", data=data, headers=ORIGIN).status_code == 303
    [row] = stored(app)
    assert row.reference == "ABCD-EFGH"

    again = client.get("/api/survei/?ref=ABCD-EFGH").get_data(as_text=True)
    assert "Survei sudah diisi" in again and "<form" not in again.split("<h1")[1].split("</article>")[0]
    second = client.post("/api/survei/", data=answers(ref="ABCD-EFGH", u1="1"), headers=ORIGIN)
    assert "Survei sudah diisi" in second.get_data(as_text=True)
    assert len(stored(app)) == 1


def test_a_service_outside_the_knowledge_base_is_offered_from_the_submission(app, client):
    make_submission(app, reference="WXYZ-2345", kind="saran", service_title=None)
    page = client.get("/api/survei/?ref=WXYZ-2345").get_data(as_text=True)
    assert '<option selected value="Saran dan pengaduan">' in page


def test_an_unknown_reference_is_ignored(app, client):
    page = client.get("/api/survei/?ref=ZZZZ-ZZZZ").get_data(as_text=True)
    assert 'name="ref" type="hidden" value=""' in page and "ZZZZ-ZZZZ" not in page
    assert client.post("/api/survei/", data=answers(ref="ZZZZ-ZZZZ"), headers=ORIGIN).status_code == 303
    assert stored(app)[0].reference is None


def test_the_honeypot_stores_nothing_but_looks_like_success(app, client):
    response = client.post("/api/survei/", data=answers(situs_web="http://spam.example"), headers=ORIGIN)
    assert response.status_code == 303
    assert stored(app) == []


def test_a_cross_site_post_is_refused(app, client):
    response = client.post("/api/survei/", data=answers(), headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert stored(app) == []


def test_the_survey_needs_no_csrf_token_but_other_posts_would(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/api/survei/", data=answers(), headers=ORIGIN)
    assert response.status_code == 303


def test_posts_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, SURVEY_RATELIMIT="2 per minute")
    client = app.test_client()
    codes = [client.post("/api/survei/", data=answers(), headers=ORIGIN).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    assert "Terlalu banyak permintaan" in client.post("/api/survei/", data=answers(), headers=ORIGIN).get_data(as_text=True)
    assert client.get("/api/survei/").status_code == 200  # reading is not limited
    with app.app_context():
        assert db.session.execute(select(func.count(SurveyResponse.id))).scalar_one() == 2


def test_the_embed_is_the_same_form_posting_to_the_survey(app):
    from pathlib import Path

    from formsvc import embed

    docs = Path(app.config["DOCS_DIR"])
    assert "survei" in embed.registry()
    html = embed.Renderer(docs).render("survei", "bantuan/survei-kepuasan.md")
    assert 'data-formsvc-embed="survei"' in html
    assert 'method="post" action="/api/survei/" novalidate data-search-exclude>' in html
    assert '<legend class="fs-legend">U9. Sarana dan prasarana</legend>' in html
    assert ">Cuti Tahunan</option>" in html and 'name="situs_web"' in html


def test_the_survey_help_page_embeds_the_questionnaire(built_site):
    html = (built_site / "bantuan" / "survei-kepuasan" / "index.html").read_text(encoding="utf-8")
    assert 'action="/api/survei/"' in html
    for unsur in skm.UNSUR:
        assert f'<legend class="fs-legend">{unsur.code}. {unsur.name}</legend>' in html
    assert "{{ formulir" not in html


def test_the_confirmation_page_leads_to_the_survey_for_that_submission(app, client):
    """End to end with the suggestion form: its confirmation links /api/survei/?ref=<reference>."""
    response = client.post("/api/forms/saran/", headers=ORIGIN, data={
        "kategori": "saran", "layanan": "layanan/cuti/cuti-tahunan", "pesan": "Tambah kursi di ruang tunggu."})
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="(/api/survei/\?ref=[A-Z0-9-]+)"', confirmation).group(1)
    page = client.get(link).get_data(as_text=True)
    assert '<option selected value="Cuti Tahunan">' in page
    reference = link.rsplit("=", 1)[1]
    assert client.post("/api/survei/", data=answers(ref=reference), headers=ORIGIN).status_code == 303
    assert stored(app)[0].reference == reference
