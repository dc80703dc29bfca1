"""Paper surveys: import responses from a CSV or XLSX file.

Column layout (the first row is the header; the order of the columns does not matter):
    responden, umur, jenis_kelamin, pendidikan, pekerjaan, layanan, tanggal, U1 ... U9 [, saran]
`tanggal` (the date the questionnaire was filled in, which decides its period) and at least
one of U1..U9 are required; an unsur left blank counts as not answered. Every row is checked
first: a file with any error imports nothing, and each error names its row (as numbered in a
spreadsheet: the header is row 1) and its column.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .. import skm
from .choices import JENIS_KELAMIN, PEKERJAAN, PENDIDIKAN, UMUR_MAX, UMUR_MIN, match_code

REQUIRED_COLUMNS = ("tanggal", *skm.CODES)
KNOWN_COLUMNS = ("responden", "umur", "jenis_kelamin", "pendidikan", "pekerjaan", "layanan",
                 "tanggal", *skm.CODES, "saran")
MAX_ROWS = 50_000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class ImportFailed(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ParsedRow:
    row: int                  # spreadsheet row number
    values: dict              # SurveyResponse column -> value


def _column_key(name) -> str:
    text = " ".join(str(name or "").split()).strip()
    upper = text.upper()
    if upper in skm.CODES:
        return upper
    return text.lower().replace(" ", "_")


def read_table(path: Path) -> list[tuple[int, dict]]:
    """[(row number, {column: raw value})] from a .csv or .xlsx file; raises ImportFailed."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        rows = _read_csv(path)
    else:
        raise ImportFailed([f"{path.name}: jenis berkas tidak didukung. Gunakan .csv atau .xlsx."])
    if not rows:
        raise ImportFailed([f"{path.name}: berkas kosong."])
    header = [_column_key(name) for name in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    problems = []
    if missing:
        problems.append(f"{path.name}, baris 1 (judul kolom): kolom {', '.join(missing)} tidak ada. "
                        f"Kolom yang dikenal: {', '.join(KNOWN_COLUMNS)}.")
    if duplicated:
        problems.append(f"{path.name}, baris 1 (judul kolom): kolom {', '.join(duplicated)} muncul lebih dari sekali.")
    if problems:
        raise ImportFailed(problems)
    table = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(cell in (None, "") or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue  # blank line
        record = {name: (cells[i] if i < len(cells) else None) for i, name in enumerate(header)
                  if name in KNOWN_COLUMNS}
        table.append((number, record))
        if len(table) > MAX_ROWS:
            raise ImportFailed([f"{path.name}: lebih dari {MAX_ROWS} baris; pecah berkas menjadi beberapa bagian."])
    return table


def _read_csv(path: Path) -> list[list]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # spreadsheets saved as "CSV" on Windows
    # Spreadsheets in an Indonesian locale save CSV with ';' (the comma is the decimal mark).
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(path: Path) -> list[list]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportFailed([f"{path.name}: bukan berkas Excel (.xlsx) yang dapat dibaca ({type(error).__name__})."]) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


# --------------------------------------------------------------------------- cell rules


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _score(value, column: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    if text in ("1", "2", "3", "4"):
        return int(text)
    raise ValueError(f"nilai harus 1, 2, 3 atau 4, atau dikosongkan jika tidak dijawab (tertulis '{text}')")


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        raise ValueError("tanggal wajib diisi (format TTTT-BB-HH, contoh 2026-08-21)")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"tanggal tidak dikenali (tertulis '{text}'); gunakan format TTTT-BB-HH, contoh 2026-08-21")


def _umur(value) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"umur harus berupa angka tahun (tertulis '{text}')")
    if not UMUR_MIN <= int(text) <= UMUR_MAX:
        raise ValueError(f"umur harus antara {UMUR_MIN} dan {UMUR_MAX} tahun (tertulis '{text}')")
    return int(text)


def _choice(choices, what: str):
    def parse(value):
        text = _text(value)
        if not text:
            return None
        code = match_code(text, choices)
        if code is None:
            raise ValueError(f"{what} '{text}' tidak dikenal; gunakan salah satu dari: "
                             + ", ".join(c for c, _ in choices))
        return code
    return parse


def _limited(limit: int):
    def parse(value):
        text = _text(value) if not isinstance(value, str) else value.strip()
        if len(text) > limit:
            raise ValueError(f"paling banyak {limit} karakter (sekarang {len(text)})")
        return text or None
    return parse


RULES = {
    "tanggal": _date,
    "umur": _umur,
    "jenis_kelamin": _choice(JENIS_KELAMIN, "jenis kelamin"),
    "pendidikan": _choice(PENDIDIKAN, "pendidikan"),
    "pekerjaan": _choice(PEKERJAAN, "pekerjaan"),
    "layanan": _limited(200),
    "saran": _limited(2000),
}


def parse_rows(path: Path, today: date | None = None) -> list[ParsedRow]:
    """Every row of the file, checked; raises ImportFailed listing every problem found."""
    today = today or date.today()
    problems: list[str] = []
    parsed: list[ParsedRow] = []
    for number, record in read_table(path):
        values: dict = {}
        row_problems = []
        respondent = _text(record.get("responden"))
        where = f"Baris {number}" + (f" (responden {respondent})" if respondent else "")
        for column, rule in RULES.items():
            try:
                values[column] = rule(record.get(column))
            except ValueError as error:
                row_problems.append(f"{where}, kolom {column}: {error}.")
        for code in skm.CODES:
            try:
                values[code.lower()] = _score(record.get(code), code)
            except ValueError as error:
                row_problems.append(f"{where}, kolom {code}: {error}.")
        if not row_problems:
            if all(values[code.lower()] is None for code in skm.CODES):
                row_problems.append(f"{where}, kolom U1–U9: tidak ada satu pun unsur yang dijawab.")
            if values["tanggal"] > today:
                row_problems.append(f"{where}, kolom tanggal: {values['tanggal'].isoformat()} belum terjadi.")
        problems.extend(row_problems)
        parsed.append(ParsedRow(number, values))
    if problems:
        raise ImportFailed(problems)
    if not parsed:
        raise ImportFailed([f"{path.name}: tidak ada baris data di bawah judul kolom."])
    return parsed


def _duplicates(rows: list[ParsedRow]) -> list[str]:
    """Rows identical to a paper response already stored (the same file imported twice?)."""
    from sqlalchemy import select

    from ..extensions import db
    from ..models import SurveyResponse

    columns = ("tanggal", "umur", "jenis_kelamin", "pendidikan", "pekerjaan", "layanan",
               *(c.lower() for c in skm.CODES))
    dates = {row.values["tanggal"] for row in rows}
    existing = {tuple(getattr(r, c) for c in columns) for r in db.session.execute(
        select(SurveyResponse).where(SurveyResponse.source == "kertas",
                                     SurveyResponse.tanggal.in_(dates))).scalars()}
    return [f"Baris {row.row}: sama persis dengan survei kertas yang sudah tersimpan."
            for row in rows if tuple(row.values[c] for c in columns) in existing]


def import_file(path: str | Path, *, allow_duplicates: bool = False) -> int:
    """Check the whole file, then store every row in one transaction. Returns the count."""
    from ..extensions import db
    from ..models import SurveyResponse

    path = Path(path)
    rows = parse_rows(path)
    if not allow_duplicates:
        duplicates = _duplicates(rows)
        if duplicates:
            raise ImportFailed(duplicates + [
                "Berkas ini tampaknya sudah pernah diimpor. Jika baris-baris itu memang responden "
                "berbeda, ulangi dengan --izinkan-duplikat."])
    try:
        for row in rows:
            db.session.add(SurveyResponse(source="kertas", **row.values))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(rows)
