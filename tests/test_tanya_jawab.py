"""Tanya jawab publik: answered suggestions whose senders consented, anonymised."""
from datetime import datetime

from formsvc.extensions import db
from formsvc.models import Submission


def saran(reference, *, kategori="pertanyaan", pesan="Berapa lama cuti tahunan diproses?", reply="Lima hari kerja.",
          consent=True, published=True, service_title="Cuti Tahunan", replied_at=datetime(2026, 11, 20, 3, 0)):
    return Submission(
        reference=reference, kind="saran", dedupe_key=reference, name="Budi Santoso", email="budi@example.test",
        phone="081234567890", nip="198001012005011001", service_title=service_title,
        fields=[{"name": "kategori", "label": "Jenis", "value": kategori},
                {"name": "pesan", "label": "Pesan", "value": pesan},
                {"name": "nama", "label": "Nama", "value": "Budi Santoso"}],
        reply=reply, replied_at=replied_at, publish_consent=consent, published=published)


def add(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def test_only_consented_published_and_answered_items_appear(app, client):
    add(app,
        saran("AAAA-AAAA"),
        saran("BBBB-BBBB", consent=False, pesan="Tanpa izin pengirim"),
        saran("CCCC-CCCC", published=False, pesan="Belum dipilih HR"),
        saran("DDDD-DDDD", reply=None, replied_at=None, pesan="Belum dijawab"))
    response = client.get("/api/tanya-jawab/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Tanya Jawab Publik</h1>" in html and 'class="md-header' in html
    assert "Berapa lama cuti tahunan diproses?" in html and "Lima hari kerja." in html
    assert "Pertanyaan: Cuti Tahunan" in html
    assert '<time datetime="2026-11-20">20 November 2026</time>' in html
    for hidden in ("Tanpa izin pengirim", "Belum dipilih HR", "Belum dijawab"):
        assert hidden not in html


def test_nothing_identifies_the_sender(app, client):
    add(app, saran("AAAA-AAAA", pesan="Saya Budi, NIP 19800101 200501 1 001, HP 0812-3456-7890, "
                                       "email budi@example.test. Kapan SK saya selesai?"))
    html = client.get("/api/tanya-jawab/").get_data(as_text=True)
    for secret in ("Budi Santoso", "budi@example.test", "081234567890", "0812-3456-7890",
                   "198001012005011001", "19800101 200501 1 001", "AAAA-AAAA"):
        assert secret not in html
    assert "NIP [disamarkan], HP [disamarkan], email [disamarkan]. Kapan SK saya selesai?" in html


def test_filter_by_category_and_pagination(app, client):
    add(app, *[saran(f"P{n:03d}-AAAA", kategori="pertanyaan", pesan=f"Pertanyaan nomor {n}",
                     replied_at=datetime(2026, 10, 1, 0, n)) for n in range(22)],
        saran("SSSS-AAAA", kategori="saran", pesan="Tambahkan formulir online untuk Karis"))
    everything = client.get("/api/tanya-jawab/").get_data(as_text=True)
    assert "23 tanya jawab, halaman 1 dari 2" in everything
    assert "Pertanyaan (22)" in everything and "Saran (1)" in everything
    only_saran = client.get("/api/tanya-jawab/?kategori=saran").get_data(as_text=True)
    assert "Tambahkan formulir online untuk Karis" in only_saran and "Pertanyaan nomor" not in only_saran
    assert '<strong aria-current="page">Saran (1)</strong>' in only_saran
    second = client.get("/api/tanya-jawab/?halaman=2").get_data(as_text=True)
    assert "halaman 2 dari 2" in second and 'rel="prev"' in second
    assert client.get("/api/tanya-jawab/?halaman=x&kategori=tidak-ada").status_code == 200


def test_empty_page(client):
    html = client.get("/api/tanya-jawab/").get_data(as_text=True)
    assert "Belum ada tanya jawab yang diumumkan." in html


def test_a_real_suggestion_answered_and_published_by_hr_appears(app, client):
    """End to end with the suggestion form (formsvc/forms/saran.py): what it stores is what
    this page reads (kategori, pesan, the service's title)."""
    response = client.post("/api/forms/saran/", headers={"Origin": "http://localhost"}, data={
        "kategori": "pertanyaan", "layanan": "layanan/karier/kenaikan-gaji-berkala",
        "pesan": "Apakah KGB diproses otomatis?", "nama": "Rina Wati", "email": "rina@contoh.id",
        "publikasi": "y"})
    assert response.status_code == 303
    assert "Belum ada tanya jawab" in client.get("/api/tanya-jawab/").get_data(as_text=True)
    with app.app_context():
        submission = db.session.scalars(db.select(Submission)).one()
        submission.reply = "Ya, KGB diproses berdasarkan data SIASN."
        submission.replied_at = datetime(2026, 11, 21, 2, 0)
        submission.published = True
        db.session.commit()
    html = client.get("/api/tanya-jawab/").get_data(as_text=True)
    assert "Pertanyaan: Kenaikan Gaji Berkala (KGB)" in html
    assert "Apakah KGB diproses otomatis?" in html and "Ya, KGB diproses berdasarkan data SIASN." in html
    assert "Rina" not in html and "rina@contoh.id" not in html
    assert client.get("/api/tanya-jawab/?kategori=pertanyaan").get_data(as_text=True).count("class=\"skm-qa\"") == 1
