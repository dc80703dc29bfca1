"""CSV and XLSX exports of exactly the list the inbox shows with the same filters.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are prefixed with an apostrophe. XLSX cells are written as typed values: text is
always stored as text, never as a formula."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

from flask import Response, abort
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from ..extensions import db
from ..models import STATUS_LABELS, Staff
from ..perbaikan import correction_times
from ..templating import local_time
from . import audit, bp, dates
from .auth import current_staff
from .filters import Filters, read_filters, submission_query, survey_query
from .forms import KIND_LABELS
from .inbox import is_overdue

MAX_ROWS = 50_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UNSUR = [f"u{n}" for n in range(1, 10)]


def neutralise(value):
    """Stop a spreadsheet from reading a text cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value):
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_plain(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return value


def _local(value: datetime | None):
    if value is None:
        return None
    return local_time(value).replace(tzinfo=None, microsecond=0)


def submission_table(filters: Filters) -> tuple[list[str], list[list]]:
    submissions = db.session.scalars(submission_query(filters, current_staff()).limit(MAX_ROWS)).all()
    staff_names = dict(db.session.execute(select(Staff.id, Staff.name)).all())
    # Form fields differ by form: one column per field label, in the order first seen.
    header = ["Nomor pengajuan", "Jenis", "Layanan", "Status", "Nama", "NIP", "Email", "Telepon",
              "Masuk (WIB)", "Batas waktu", "Ditutup (WIB)", "Standar (hari kerja)", "Lama proses (hari kerja)",
              "Melewati standar", "Petugas", "Jawaban", "Diterbitkan"]
    field_columns: dict[str, str] = {}
    taken = {name.lower() for name in header}
    for submission in submissions:
        for item in submission.fields or []:
            name = item.get("name")
            if name not in field_columns:
                label = item.get("label") or name
                label = f"{label} (isian)" if label.lower() in taken else label
                taken.add(label.lower())
                field_columns[name] = label
    header += list(field_columns.values())
    today, cal = dates.today(), dates.calendar()
    corrections = correction_times()
    rows = []
    for s in submissions:
        # The service time runs from the arrival, or from the applicant's last correction.
        started = corrections.get(s.id, s.created_at)
        took = dates.processing_days(started, s.closed_at, cal) if s.closed_at else None
        if s.closed_at is not None:
            late = took is not None and s.standard_days is not None and took > s.standard_days
        else:
            late = is_overdue(s)
        values = {item.get("name"): _plain(item.get("value")) for item in s.fields or []}
        rows.append([s.reference, KIND_LABELS.get(s.kind, s.kind), s.service_title, STATUS_LABELS.get(s.status, s.status),
                     s.name, s.nip, s.email, s.phone, _local(s.created_at), s.due_date, _local(s.closed_at),
                     s.standard_days, took, "Ya" if late else "Tidak", staff_names.get(s.assignee_id),
                     s.reply, "Ya" if s.published else "Tidak"]
                    + [values.get(name) for name in field_columns])
    return header, rows


def survey_table(filters: Filters) -> tuple[list[str], list[list]]:
    responses = db.session.scalars(survey_query(filters).limit(MAX_ROWS)).all()
    header = (["Tanggal", "Layanan", "Umur", "Jenis kelamin", "Pendidikan", "Pekerjaan"]
              + [u.upper() for u in UNSUR] + ["Saran", "Sumber", "Nomor pengajuan"])
    rows = [[r.tanggal, r.layanan, r.umur, r.jenis_kelamin, r.pendidikan, r.pekerjaan]
            + [getattr(r, u) for u in UNSUR] + [r.saran, r.source, r.reference] for r in responses]
    return header, rows


def to_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(_csv_text(value)) for value in row])
    # A byte order mark so that Excel opens UTF-8 (names with accents) correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(len(name) + 2, 12), 40)
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, even when it starts with "="
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def describe(filters: Filters) -> str:
    """The filters in the audit log (labels, not personal data; a search term is not kept)."""
    form = filters.form
    parts = []
    for field in (form.jenis, form.status, form.layanan, form.petugas, form.dari, form.sampai):
        if field.data:
            parts.append(f"{field.name}={field.data}")
    if form.terlambat.data:
        parts.append("terlambat")
    if form.cari.data:
        parts.append("dengan pencarian")
    return ", ".join(parts) or "tanpa filter"


@bp.get("/ekspor.<fmt>")
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = read_filters()
    header, rows = survey_table(filters) if filters.is_survey else submission_table(filters)
    name = "survei" if filters.is_survey else "pengajuan"
    stamp = dates.today().isoformat()
    audit.record("export", target=f"{name}.{fmt}", staff=current_staff(),
                 detail=f"{len(rows)} baris; {describe(filters)}")
    db.session.commit()
    if fmt == "csv":
        body, mimetype = to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        body = to_xlsx(header, rows, "Survei" if filters.is_survey else "Pengajuan")
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}-{stamp}.{fmt}"',
        "Cache-Control": "no-store",
    })
