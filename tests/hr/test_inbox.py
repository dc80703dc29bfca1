"""The inbox: filters, search, pagination, overdue marks; the detail page with every field;
attachments only for logged-in staff, always as a download."""
import hashlib
import re
from datetime import date, timedelta

from formsvc.extensions import db
from formsvc.models import Attachment, SurveyResponse

from .conftest import days_ago, make_staff, make_submission

REFERENCE = re.compile(r">([A-Z2-9]{4}-[A-Z2-9]{4})</a>")


def listed(client, query="") -> list[str]:
    return REFERENCE.findall(client.get("/api/hr/" + query).get_data(as_text=True))


def reference_of(app, sid):
    from formsvc.models import Submission
    with app.app_context():
        return db.session.get(Submission, sid).reference


def test_filters_by_kind_status_and_service(app, officer):
    cuti = reference_of(app, make_submission(app))
    izin = reference_of(app, make_submission(app, kind="izin", service_slug="layanan/izin/izin-tidak-masuk-kerja",
                                             service_title="Izin Tidak Masuk Kerja", status="diproses"))
    saran = reference_of(app, make_submission(app, kind="saran", service_slug=None, service_title=None,
                                              standard_days=None))
    done = reference_of(app, make_submission(app, status="selesai", closed_at=days_ago(0)))
    assert set(listed(officer)) == {cuti, izin, saran, done}
    assert listed(officer, "?jenis=izin") == [izin]
    assert listed(officer, "?jenis=saran") == [saran]
    assert set(listed(officer, "?status=terbuka")) == {cuti, izin, saran}
    assert listed(officer, "?status=selesai") == [done]
    assert set(listed(officer, "?layanan=layanan/cuti/cuti-tahunan")) == {cuti, done}


def test_filters_by_date_range_in_local_time(app, officer):
    # 23.30 UTC on 1 March is 06.30 WIB on 2 March: it belongs to 2 March.
    from datetime import datetime
    early = reference_of(app, make_submission(app, created_at=datetime(2026, 3, 1, 23, 30)))
    before = reference_of(app, make_submission(app, created_at=datetime(2026, 3, 1, 10, 0)))
    assert listed(officer, "?dari=2026-03-02&sampai=2026-03-02") == [early]
    assert listed(officer, "?sampai=2026-03-01") == [before]


def test_filters_by_assignee(app, officer):
    other = make_staff(app, "petugas2", name="Citra")
    with app.app_context():
        from sqlalchemy import select

        from formsvc.models import Staff
        me = db.session.scalar(select(Staff.id).where(Staff.username == "petugas1"))
    mine = reference_of(app, make_submission(app, assignee_id=me))
    theirs = reference_of(app, make_submission(app, assignee_id=other))
    nobody = reference_of(app, make_submission(app))
    assert listed(officer, "?petugas=saya") == [mine]
    assert listed(officer, f"?petugas={other}") == [theirs]
    assert listed(officer, "?petugas=kosong") == [nobody]


def test_overdue_requests_are_marked_and_filterable(app, officer):
    late = reference_of(app, make_submission(app, due_date=date.today() - timedelta(days=3)))
    on_time = reference_of(app, make_submission(app, due_date=date.today() + timedelta(days=3)))
    closed_late = reference_of(app, make_submission(app, status="selesai", closed_at=days_ago(1),
                                                    due_date=date.today() - timedelta(days=3)))
    assert listed(officer, "?terlambat=y") == [late]
    page = officer.get("/api/hr/").get_data(as_text=True)
    rows = {ref: row for row in page.split("<tr>") for ref in REFERENCE.findall(row)}
    assert "Lewat batas" in rows[late]
    assert "Lewat batas" not in rows[on_time] and "Lewat batas" not in rows[closed_late]


def test_search_by_reference_nip_or_name(app, officer):
    siti = make_submission(app, name="Siti Aminah", nip="198703152010012001")
    budi = make_submission(app, name="Budi Santoso", nip="197501012000031002")
    siti_ref, budi_ref = reference_of(app, siti), reference_of(app, budi)
    assert listed(officer, "?cari=" + siti_ref.lower().replace("-", "")) == [siti_ref]
    assert listed(officer, "?cari=197501012000031002") == [budi_ref]
    assert listed(officer, "?cari=19750101") == [budi_ref]
    assert listed(officer, "?cari=santoso") == [budi_ref]
    assert listed(officer, "?cari=tidak+ada+orangnya") == []


def test_search_treats_like_wildcards_literally(app, officer):
    make_submission(app, name="Siti Aminah")
    assert listed(officer, "?cari=%25") == []
    assert listed(officer, "?cari=_") == []


def test_pagination(app, officer):
    for n in range(30):
        make_submission(app, name=f"Pegawai {n}")
    first = listed(officer)
    second = listed(officer, "?halaman=2")
    assert len(first) == 25 and len(second) == 5 and not set(first) & set(second)
    page = officer.get("/api/hr/?halaman=2&jenis=cuti").get_data(as_text=True)
    assert "Halaman 2 dari 2" in page and "jenis=cuti" in page


def test_invalid_filters_are_explained_not_fatal(app, officer):
    make_submission(app)
    response = officer.get("/api/hr/?dari=kemarin&jenis=bukan")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Masukkan tanggal dengan format yang benar" in text
    assert len(REFERENCE.findall(text)) == 1


def test_detail_page_shows_every_field(app, officer):
    sid = make_submission(app, fields=[
        {"name": "jenis_cuti", "label": "Jenis cuti", "value": "Cuti tahunan"},
        {"name": "tanggal_mulai", "label": "Tanggal mulai", "value": "2026-12-07"},
        {"name": "alamat", "label": "Alamat selama cuti", "value": "Jl. <b>Merdeka</b> 1"},
        {"name": "syarat", "label": "Persyaratan", "value": ["Formulir", "SK terakhir"]},
        {"name": "setuju", "label": "Pernyataan", "value": True},
    ])
    page = officer.get(f"/api/hr/pengajuan/{sid}").get_data(as_text=True)
    for text in ("Jenis cuti", "Cuti tahunan", "Tanggal mulai", "7 Desember 2026", "Alamat selama cuti",
                 "Jl. &lt;b&gt;Merdeka&lt;/b&gt; 1", "Formulir<br>SK terakhir", "Pernyataan", "Ya",
                 "Siti Aminah", "198703152010012001", "siti@example.test", "081234567890"):
        assert text in page, text
    assert "<b>Merdeka</b>" not in page


def add_attachment(app, sid, content=b"%PDF-1.4 test", filename="sk.pdf", content_type="application/pdf"):
    with app.app_context():
        item = Attachment(submission_id=sid, field="lampiran", filename=filename, content_type=content_type,
                          size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content)
        db.session.add(item)
        db.session.commit()
        return item.id


def test_attachments_download_only_for_staff(app, officer):
    sid = make_submission(app)
    aid = add_attachment(app, sid)
    url = f"/api/hr/pengajuan/{sid}/lampiran/{aid}"
    assert url in officer.get(f"/api/hr/pengajuan/{sid}").get_data(as_text=True)
    response = officer.get(url)
    assert response.status_code == 200
    assert response.data == b"%PDF-1.4 test"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sk.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and b"%PDF" not in anonymous.data


def test_unknown_attachment_types_are_served_as_bytes(app, officer):
    sid = make_submission(app)
    aid = add_attachment(app, sid, b"<script>alert(1)</script>", "x.html", "text/html")
    response = officer.get(f"/api/hr/pengajuan/{sid}/lampiran/{aid}")
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_attachment_of_another_submission_is_not_found(app, officer):
    one, two = make_submission(app), make_submission(app)
    aid = add_attachment(app, one)
    assert officer.get(f"/api/hr/pengajuan/{two}/lampiran/{aid}").status_code == 404


def test_survey_responses_in_the_inbox(app, officer):
    with app.app_context():
        db.session.add(SurveyResponse(tanggal=date(2026, 11, 2), layanan="Cuti Tahunan", umur=35,
                                      jenis_kelamin="P", pendidikan="S1", pekerjaan="PNS",
                                      u1=4, u2=3, u3=2, u4=4, u5=3, u6=4, u7=4, u8=3, u9=3,
                                      saran="Ruang tunggu perlu kursi lagi."))
        db.session.commit()
        rid = db.session.scalar(db.select(SurveyResponse.id))
    page = officer.get("/api/hr/?jenis=survei").get_data(as_text=True)
    assert "1 jawaban survei" in page and "Ruang tunggu perlu kursi lagi." in page and "3,33" in page
    detail = officer.get(f"/api/hr/survei/{rid}").get_data(as_text=True)
    assert "Waktu penyelesaian" in detail and "Perempuan" in detail


def test_the_unfiltered_inbox_shows_no_errors(app, officer):
    make_submission(app)
    page = officer.get("/api/hr/").get_data(as_text=True)
    assert "hr-error" not in page and 'aria-invalid' not in page
    assert "<details class=\"hr-filterbox\">" in page  # filters folded away when none is set


def test_one_service_filter_for_requests_and_survey_answers(app, officer):
    make_submission(app)  # Cuti Tahunan, by slug
    with app.app_context():
        db.session.add(SurveyResponse(tanggal=date(2026, 11, 2), layanan="Cuti Tahunan", u1=4))
        db.session.add(SurveyResponse(tanggal=date(2026, 11, 2), layanan="Legalisir SK", u1=3))
        db.session.commit()
    page = officer.get("/api/hr/?jenis=survei&layanan=layanan/cuti/cuti-tahunan").get_data(as_text=True)
    assert "1 jawaban survei" in page
    assert page.count(">Cuti Tahunan</option>") == 1 and ">Legalisir SK</option>" in page
    assert "1 jawaban survei" in officer.get("/api/hr/?jenis=survei&layanan=Legalisir+SK").get_data(as_text=True)
