"""CSV and XLSX of any filtered list; spreadsheets never run a cell as a formula."""
import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from formsvc.extensions import db
from formsvc.hr import exports
from formsvc.hr.exports import neutralise
from formsvc.models import AuditLog

from .conftest import logged_in, make_staff, make_submission

EVIL = '=HYPERLINK("http://penipu.example","Klik")'


def rows_of_csv(response):
    text = response.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+6281234") == "'+6281234"
    assert neutralise("-2") == "'-2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("Siti") == "Siti"
    assert neutralise(5) == 5


def test_csv_export_of_the_filtered_list_is_safe(app, officer):
    make_submission(app, name=EVIL, phone="+6281234567890",
                    fields=[{"name": "alasan", "label": "Alasan", "value": "@SUM(1+1)*cmd"}])
    make_submission(app, kind="izin", name="Budi")
    response = officer.get("/api/hr/ekspor.csv?jenis=cuti")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="pengajuan-')
    header, *rows = rows_of_csv(response)
    assert len(rows) == 1  # only the leave request: the filter applies
    row = dict(zip(header, rows[0]))
    assert row["Nama"] == "'" + EVIL
    assert row["Telepon"] == "'+6281234567890"
    assert row["Alasan"] == "'@SUM(1+1)*cmd"
    assert row["NIP"] == "198703152010012001"
    assert row["Jenis"] == "Cuti" and row["Status"] == "Diterima"


def test_xlsx_export_keeps_text_as_text(app, officer):
    make_submission(app, name=EVIL)
    response = officer.get("/api/hr/ekspor.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2]))
    assert cells["Nama"].value == EVIL and cells["Nama"].data_type == "s"
    assert cells["NIP"].value == "198703152010012001"
    assert cells["Masuk (WIB)"].is_date


def test_survey_export(app, officer):
    from datetime import date

    from formsvc.models import SurveyResponse
    with app.app_context():
        db.session.add(SurveyResponse(tanggal=date(2026, 11, 2), layanan="Cuti Tahunan", u1=4, u2=3, u3=2, u4=4,
                                      u5=3, u6=4, u7=4, u8=3, u9=3, saran="=cmd"))
        db.session.commit()
    header, *rows = rows_of_csv(officer.get("/api/hr/ekspor.csv?jenis=survei"))
    assert header[:2] == ["Tanggal", "Layanan"] and "U9" in header
    assert rows == [["2026-11-02", "Cuti Tahunan", "", "", "", "", "4", "3", "2", "4", "3", "4", "4", "3", "3",
                     "'=cmd", "online", ""]]


def test_exports_are_audited(app, officer):
    make_submission(app)
    officer.get("/api/hr/ekspor.csv?status=terbuka&cari=Siti")
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "export")).one()
        assert entry.target == "pengajuan.csv"
        assert "1 baris" in entry.detail and "status=terbuka" in entry.detail
        assert "Siti" not in entry.detail  # what was searched for is personal data


def test_unknown_format_is_not_found(app, officer):
    assert officer.get("/api/hr/ekspor.pdf").status_code == 404


def capped_app(make_app, cap=2, count=5):
    """An app whose XLSX exports hold `cap` rows, with `count` requests and a logged-in officer."""
    app = make_app(EXPORT_XLSX_MAX_ROWS=cap)
    for n in range(count):
        make_submission(app, name=f"Pegawai {n}", fields=[{"name": "alasan", "label": "Alasan", "value": f"ke-{n}"}])
    return app, logged_in(app, make_staff(app, "petugas1"))


def test_csv_is_streamed_with_every_row(make_app, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 2)  # several database batches and several pieces of the file
    app, officer = capped_app(make_app)
    response = officer.get("/api/hr/ekspor.csv")
    assert response.status_code == 200 and response.is_streamed
    header, *rows = rows_of_csv(response)
    assert len(rows) == 5  # more than the XLSX limit: CSV has none
    assert sorted(dict(zip(header, row))["Alasan"] for row in rows) == [f"ke-{n}" for n in range(5)]
    with app.app_context():
        assert db.session.scalars(select(AuditLog.detail)).one().startswith("5 baris")


def test_a_long_xlsx_export_is_cut_and_says_so(make_app):
    app, officer = capped_app(make_app)
    response = officer.get("/api/hr/ekspor.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Catatan", "Pengajuan"]  # the note is what opens first
    note = workbook["Catatan"]["A1"].value
    assert "tidak memuat seluruh daftar" in note and "berisi 5 baris" in note and "2 baris pertama" in note
    assert "unduh file CSV" in note
    assert workbook["Pengajuan"].max_row == 1 + 2
    with app.app_context():
        assert db.session.scalars(select(AuditLog.detail)).one().startswith("2 dari 5 baris (XLSX dipotong)")


def test_the_inbox_says_before_the_download_that_excel_will_be_cut(make_app):
    app, officer = capped_app(make_app)
    page = officer.get("/api/hr/").get_data(as_text=True)
    assert 'aria-describedby="ekspor-batas">Excel (XLSX)</a>' in page
    assert re.search(r'id="ekspor-batas">\s*<p>Daftar ini berisi 5 baris\. File Excel hanya memuat 2\s+baris pertama; '
                     r"file CSV memuat semuanya\.", page)


def test_a_short_list_has_no_note(app, officer):
    make_submission(app)
    assert "ekspor-batas" not in officer.get("/api/hr/").get_data(as_text=True)
    workbook = load_workbook(io.BytesIO(officer.get("/api/hr/ekspor.xlsx").data))
    assert workbook.sheetnames == ["Pengajuan"]


def test_thousands_are_grouped_the_indonesian_way():
    assert exports.thousands(50_000) == "50.000" and exports.thousands(1_234_567) == "1.234.567"
    assert exports.thousands(7) == "7"
