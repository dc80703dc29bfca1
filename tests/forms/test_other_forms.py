"""Izin, layanan, pelatihan and saran: the same guarantees as the leave form."""
from __future__ import annotations

import shutil
from datetime import date, timedelta

from formsvc.extensions import db
from formsvc.models import Submission

from .conftest import PDF, ROOT_DOCS, confirmation_reference, deliver, error_summary, leave, upload

EMPLOYEE = {k: leave()[k] for k in ("nama", "status", "nip", "jabatan", "unit_kerja", "email", "hp")}


def stored(app) -> Submission:
    with app.app_context():
        submission = db.session.scalars(db.select(Submission).order_by(Submission.id.desc())).first()
        db.session.expunge(submission)
        return submission


# --------------------------------------------------------------------------- izin

def test_permission_round_trip(app, submit, smtp_server):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    data = dict(EMPLOYEE, jenis_izin="terlambat", tanggal=tomorrow, jam="09:30", alasan="Mengantar anak berobat",
                atasan_nama="Siti Aminah")
    assert submit("izin", data).status_code == 303
    submission = stored(app)
    assert submission.kind == "izin" and submission.service_slug == "layanan/izin/izin-tidak-masuk-kerja"
    assert submission.standard_days == 1
    values = {f["label"]: f["value"] for f in submission.fields}
    assert values["Jenis izin"] == "Datang terlambat" and values["Jam datang atau pulang"] == "09.30"
    deliver(app)
    hr = next(m for m in smtp_server.wait_for(2) if "hr@" in m["To"])
    assert submission.reference in hr["Subject"] and "Datang terlambat" in hr["Subject"]


def test_permission_coming_late_needs_the_time(submit):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    data = dict(EMPLOYEE, jenis_izin="terlambat", tanggal=tomorrow, alasan="x", atasan_nama="Siti")
    response = submit("izin", data)
    assert response.status_code == 422
    assert "Masukkan perkiraan jam Anda datang." in error_summary(response.get_data(as_text=True))


# --------------------------------------------------------------------------- layanan

def test_service_request_shows_the_checklist_and_needs_documents(app, client, submit, smtp_server):
    page = client.get("/api/forms/layanan/?layanan=layanan/karier/kenaikan-gaji-berkala").get_data(as_text=True)
    assert 'value="layanan/karier/kenaikan-gaji-berkala" selected' in page or \
        'selected value="layanan/karier/kenaikan-gaji-berkala"' in page
    from formsvc.forms.services import load_services
    service = load_services(ROOT_DOCS)["layanan/karier/kenaikan-gaji-berkala"]
    first = service.persyaratan[0]
    assert first.replace("'", "&#39;").replace('"', "&#34;") in page or first in page
    # the script asks for the checklist when the service changes
    answer = client.get("/api/forms/layanan/persyaratan?layanan=layanan/karier/kenaikan-gaji-berkala").get_json()
    assert answer["ok"] and answer["jangka_waktu"] == service.jangka_waktu_teks

    data = dict(EMPLOYEE, layanan="layanan/karier/kenaikan-gaji-berkala", persyaratan=["1", "2"])
    response = submit("layanan", data)
    assert response.status_code == 422
    assert "Unggah paling sedikit 1 dokumen persyaratan." in error_summary(response.get_data(as_text=True))
    response = submit("layanan", data, files={"lampiran": [upload(PDF, "sk-pangkat.pdf")]})
    assert response.status_code == 303
    submission = stored(app)
    assert submission.service_slug == "layanan/karier/kenaikan-gaji-berkala"
    assert submission.standard_days == service.hari_kerja
    values = {f["label"]: f["value"] for f in submission.fields}
    assert service.persyaratan[0] in values["Persyaratan yang sudah Anda penuhi atau lampirkan"]
    deliver(app)
    hr = next(m for m in smtp_server.wait_for(2) if "hr@" in m["To"])
    assert service.title in hr["Subject"]
    assert [p.get_filename() for p in hr.iter_attachments()] == ["sk-pangkat.pdf"]


def test_service_request_refuses_services_without_an_online_form(submit):
    data = dict(EMPLOYEE, layanan="layanan/cuti/cuti-tahunan")
    response = submit("layanan", data, files={"lampiran": [upload(PDF, "x.pdf")]})
    assert "Pilih layanan dari daftar. Layanan ini tidak dapat diajukan secara online." in \
        error_summary(response.get_data(as_text=True))


def test_show_requirements_button_without_javascript(client):
    response = client.post("/api/forms/layanan/", data={"layanan": "layanan/karier/kenaikan-pangkat",
                                                       "aksi": "persyaratan"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and error_summary(html) == []
    assert 'name="persyaratan"' in html


# --------------------------------------------------------------------------- pelatihan

def test_training_registration(app, client, submit):
    page = client.get("/api/forms/pelatihan/?pelatihan=contoh-pelayanan-prima").get_data(as_text=True)
    assert "contoh-pelayanan-prima" in page
    data = dict(EMPLOYEE, pelatihan="contoh-pelayanan-prima", alasan="Saya melayani tamu setiap hari",
                atasan_nama="Siti Aminah")
    assert submit("pelatihan", data).status_code == 303
    submission = stored(app)
    assert submission.kind == "pelatihan"
    assert any("Pelayanan Prima" in f["value"] for f in submission.fields)


def test_training_whose_registration_closed_is_refused(make_app, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT_DOCS, docs)
    shutil.copy(ROOT_DOCS.parent / "mkdocs.yml", tmp_path / "mkdocs.yml")
    past = date.today() - timedelta(days=1)
    (docs / "_data" / "pelatihan.yml").write_text(
        f"- id: tutup\n  judul: Sudah tutup\n  penyelenggara: BKPSDM\n  tanggal_mulai: {past}\n"
        f"  tanggal_selesai: {past}\n  tempat: Daring\n  kuota: 5\n  batas_pendaftaran: {past}\n"
        "  sasaran: Semua\n", encoding="utf-8")
    app = make_app(DOCS_DIR=str(docs))
    client = app.test_client()
    assert "Belum ada pendaftaran yang dibuka" in client.get("/api/forms/pelatihan/").get_data(as_text=True)
    data = dict(EMPLOYEE, pelatihan="tutup", alasan="x", atasan_nama="Siti")
    response = client.post("/api/forms/pelatihan/", data=data)
    assert response.status_code == 422


# --------------------------------------------------------------------------- saran

def test_named_suggestion_gets_an_acknowledgement_and_hr_gets_reply_to(app, submit, smtp_server):
    data = {"kategori": "pengaduan", "layanan": "layanan/cuti/cuti-tahunan", "pesan": "Antrean terlalu lama.",
            "nama": "Rina", "email": "rina@contoh.id", "publikasi": "y"}
    assert submit("saran", data).status_code == 303
    submission = stored(app)
    assert submission.kind == "saran" and submission.publish_consent is True
    assert submission.nip is None and submission.email == "rina@contoh.id"
    deliver(app)
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    hr = next(m for m in messages if "hr@" in m["To"])
    assert "Pengaduan" in hr["Subject"] and hr["Reply-To"] == "rina@contoh.id"


def test_anonymous_suggestion_hr_email_only_and_reference_alone_opens_the_answer(app, client, smtp_server):
    response = client.post("/api/forms/saran/", data={"kategori": "pertanyaan", "pesan": "Kapan KGB saya naik?"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    reference = confirmation_reference(page)
    assert "Anda tidak mengisi email" in page
    deliver(app)
    messages = smtp_server.wait_for(1)
    assert len(messages) == 1 and "hr@" in messages[0]["To"] and messages[0]["Reply-To"] is None
    with app.app_context():
        submission = db.session.scalars(db.select(Submission)).one()
        assert submission.publish_consent is False
        submission.reply = "KGB diberikan setiap 2 tahun.\n\nLihat halaman Kenaikan Gaji Berkala."
        from formsvc.models import utcnow
        submission.replied_at = utcnow()
        db.session.commit()
    lookup = client.post("/api/status/", data={"nomor": reference, "identitas": ""})
    assert lookup.status_code == 303
    view = client.get(lookup.headers["Location"]).get_data(as_text=True)
    assert "Jawaban kami" in view and "KGB diberikan setiap 2 tahun." in view


def test_suggestion_with_phone_only_is_looked_up_by_phone(client):
    response = client.post("/api/forms/saran/", data={"kategori": "saran", "pesan": "Tambah kursi.",
                                                      "hp": "0813 7000 1234"})
    reference = confirmation_reference(client.get(response.headers["Location"]).get_data(as_text=True))
    assert client.post("/api/status/", data={"nomor": reference, "identitas": ""}).status_code == 422
    assert client.post("/api/status/", data={"nomor": reference, "identitas": "+62 813-7000-1234"}).status_code == 303


def test_suggestion_messages(submit):
    response = submit("saran", {"email": "bukan-email", "hp": "123"})
    messages = error_summary(response.get_data(as_text=True))
    assert "Pilih jenis pesan: saran, pengaduan, pertanyaan atau apresiasi." in messages
    assert "Tuliskan pesan Anda." in messages
    assert "Masukkan alamat email yang benar, contoh: nama@contoh.go.id" in messages
    assert "Masukkan nomor HP Indonesia yang benar, contoh: 0812 3456 7890." in messages


def test_every_form_has_a_privacy_notice_with_the_retention(make_app):
    app = make_app(RETENTION_MONTHS=18)
    client = app.test_client()
    for form_id in ("cuti", "izin", "layanan", "pelatihan", "saran"):
        html = client.get(f"/api/forms/{form_id}/").get_data(as_text=True)
        assert "Pelindungan data pribadi" in html, form_id
        assert "dihapus 18 bulan setelah" in html, form_id
        assert "UU 27/2022" in html, form_id
    assert client.get("/api/forms/tidak-ada/").status_code == 404
