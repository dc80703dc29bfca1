"""CSV and XLSX of any filtered list; spreadsheets never run a cell as a formula."""
import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from formsvc.extensions import db
from formsvc.hr.exports import neutralise
from formsvc.models import AuditLog

from .conftest import make_submission

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
