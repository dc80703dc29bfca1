"""CSV and XLSX exports of exactly the list the inbox shows with the same filters.

CSV is streamed, however long the list: rows are read from the database in batches while the
download runs. XLSX is built in memory, so it holds at most EXPORT_XLSX_MAX_ROWS rows (config,
50,000); a longer list is cut, and HR is told so on the inbox page, in the file itself (a first
sheet "Catatan") and in the audit log.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are prefixed with an apostrophe. XLSX cells are written as typed values: text is
always stored as text, never as a formula."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from flask import Response, abort, current_app, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Select, func, select

from .. import skm
from ..extensions import db
from ..models import STATUS_LABELS, Staff, Submission
from ..perbaikan import correction_times
from ..templating import local_time
from . import audit, bp, dates
from .auth import current_staff
from .filters import Filters, is_overdue, read_filters, submission_query, survey_query
from .forms import KIND_LABELS

BATCH = 500  # rows read from the database, and CSV rows written, at a time
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SUBMISSION_HEADER = ["Nomor pengajuan", "Jenis", "Layanan", "Status", "Nama", "NIP", "Email", "Telepon",
                     "Masuk (WIB)", "Batas waktu", "Ditutup (WIB)", "Standar (hari kerja)",
                     "Lama proses (hari kerja)", "Melewati standar", "Petugas", "Jawaban", "Diterbitkan"]
SURVEY_HEADER = (["Tanggal", "Layanan", "Umur", "Jenis kelamin", "Pendidikan", "Pekerjaan"]
                 + list(skm.CODES) + ["Saran", "Sumber", "Nomor pengajuan"])


def xlsx_limit() -> int:
    return int(current_app.config["EXPORT_XLSX_MAX_ROWS"])


@bp.app_template_filter("ribuan")
def thousands(number: int) -> str:
    """50000 -> '50.000' (Indonesian digit grouping)."""
    return f"{number:,}".replace(",", ".")


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


def count_rows(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def _in_batches(query: Select):
    return db.session.scalars(query.execution_options(yield_per=BATCH))


def _lazily(query: Select):
    """The query's objects, read only when iteration starts. A streamed response runs after the
    view's request context has ended (its session is closed) in a context of its own, with a
    new session: the rows must be read there."""
    yield from _in_batches(query)


def _field_columns(query: Select) -> dict[str, str]:
    """Form fields differ by form: one column per field, labelled as the form labels it, in the
    order first seen. Read first, from the fields alone, so that the header is complete before
    any row is written."""
    columns: dict[str, str] = {}
    taken = {name.lower() for name in SUBMISSION_HEADER}
    for fields in _in_batches(query.with_only_columns(Submission.fields)):
        for item in fields or []:
            name = item.get("name")
            if name not in columns:
                label = item.get("label") or name
                label = f"{label} (isian)" if label.lower() in taken else label
                taken.add(label.lower())
                columns[name] = label
    return columns


def submission_table(filters: Filters, limit: int | None = None) -> tuple[list[str], Iterator[list]]:
    """The header, and the rows as they are read (at most `limit`)."""
    query = submission_query(filters, current_staff())
    if limit is not None:
        query = query.limit(limit)
    field_columns = _field_columns(query)
    staff_names = dict(db.session.execute(select(Staff.id, Staff.name)).all())
    cal = dates.calendar()
    corrections = correction_times()

    def row(s: Submission) -> list:
        # The service time runs from the arrival, or from the applicant's last correction.
        started = corrections.get(s.id, s.created_at)
        took = dates.processing_days(started, s.closed_at, cal) if s.closed_at else None
        if s.closed_at is not None:
            late = took is not None and s.standard_days is not None and took > s.standard_days
        else:
            late = is_overdue(s)
        values = {item.get("name"): _plain(item.get("value")) for item in s.fields or []}
        return ([s.reference, KIND_LABELS.get(s.kind, s.kind), s.service_title, STATUS_LABELS.get(s.status, s.status),
                 s.name, s.nip, s.email, s.phone, _local(s.created_at), s.due_date, _local(s.closed_at),
                 s.standard_days, took, "Ya" if late else "Tidak", staff_names.get(s.assignee_id),
                 s.reply, "Ya" if s.published else "Tidak"]
                + [values.get(name) for name in field_columns])

    return SUBMISSION_HEADER + list(field_columns.values()), map(row, _lazily(query))


def survey_table(filters: Filters, limit: int | None = None) -> tuple[list[str], Iterator[list]]:
    query = survey_query(filters)
    if limit is not None:
        query = query.limit(limit)
    rows = ([r.tanggal, r.layanan, r.umur, r.jenis_kelamin, r.pendidikan, r.pekerjaan]
            + [getattr(r, u.field) for u in skm.UNSUR] + [r.saran, r.source, r.reference]
            for r in _lazily(query))
    return SURVEY_HEADER, rows


def csv_chunks(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The CSV file in pieces of BATCH rows, starting with a byte order mark so that Excel
    opens UTF-8 (names with accents) correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow([neutralise(_csv_text(value)) for value in row])
        if number % BATCH == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def cut_notice(total: int, limit: int, sheet: str) -> str:
    return (f"File Excel ini tidak memuat seluruh daftar. Daftar yang Anda saring berisi {thousands(total)} baris; "
            f"lembar \u201c{sheet}\u201d hanya memuat {thousands(limit)} baris pertama. Untuk semua baris, unduh "
            "file CSV dari halaman yang sama, atau persempit filter (misalnya rentang tanggal).")


def to_xlsx(header: list[str], rows: Iterable[list], title: str, notice: str | None = None) -> bytes:
    """The workbook; with a `notice`, a first sheet "Catatan" says it (what opens first)."""
    workbook = Workbook(write_only=True)
    if notice:
        note = workbook.create_sheet("Catatan")
        note.column_dimensions["A"].width = 120
        cell = WriteOnlyCell(note, value=notice)
        cell.font = Font(bold=True)
        note.append([cell])
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
    name, title = ("survei", "Survei") if filters.is_survey else ("pengajuan", "Pengajuan")
    query = survey_query(filters) if filters.is_survey else submission_query(filters, current_staff())
    total = count_rows(query)
    limit = xlsx_limit() if fmt == "xlsx" else None
    cut = limit is not None and total > limit
    rows_note = f"{limit} dari {total} baris (XLSX dipotong)" if cut else f"{total} baris"
    audit.record("export", target=f"{name}.{fmt}", staff=current_staff(), detail=f"{rows_note}; {describe(filters)}")
    db.session.commit()
    table = survey_table if filters.is_survey else submission_table
    header, rows = table(filters, limit)
    headers = {"Content-Disposition": f'attachment; filename="{name}-{dates.today().isoformat()}.{fmt}"',
               "Cache-Control": "no-store"}
    if fmt == "csv":
        return Response(stream_with_context(csv_chunks(header, rows)), mimetype="text/csv; charset=utf-8",
                        headers=headers)
    body = to_xlsx(header, rows, title, notice=cut_notice(total, limit, title) if cut else None)
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=headers)
