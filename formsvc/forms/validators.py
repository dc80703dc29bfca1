"""Small named validators, each with a specific message in Bahasa Indonesia.

Each one checks one thing and says exactly what to fix ("Masukkan NIP 18 digit angka"),
never "Input tidak valid". Identity-number rules: /work/shared/DOMAIN.md ("Identity numbers").
"""
from __future__ import annotations

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email
from wtforms.validators import StopValidation, ValidationError


class Required:
    """The field must be answered. Stops the chain so only one message shows."""

    field_flags = {"required": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if getattr(field, "process_errors", None):
            raise StopValidation()  # typed but not understood (e.g. 31 February): that message stays
        data = field.data
        empty = data is None or data == "" or data == [] or data is False
        if isinstance(data, str):
            empty = not data.strip()
        if empty:
            field.errors[:] = []
            raise StopValidation(self.message)


class Optional:
    """An empty answer is fine and skips the remaining checks."""

    field_flags = {"optional": True}

    def __call__(self, form, field):
        if getattr(field, "process_errors", None):
            raise StopValidation()
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()):
            field.errors[:] = []
            raise StopValidation()


class MaxLength:
    def __init__(self, maximum: int, what: str = "Isian"):
        self.maximum = maximum
        self.what = what

    def __call__(self, form, field):
        if field.data and len(field.data) > self.maximum:
            raise ValidationError(f"{self.what} paling banyak {self.maximum} karakter "
                                  f"(sekarang {len(field.data)}).")


# --------------------------------------------------------------------------- identity numbers

def digits_only(text: str | None) -> str:
    """NIPs are often written with spaces (19850312 201001 1 003): keep the digits."""
    return re.sub(r"[\s.\-]", "", text or "")


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nip_problem(nip: str, today: date | None = None) -> str | None:
    """Why an 18-digit PNS NIP is not well formed, or None.

    Structure: birth date YYYYMMDD + CPNS appointment YYYYMM + sex (1 male, 2 female) + serial (3).
    """
    today = today or date.today()
    if not re.fullmatch(r"\d{18}", nip):
        return "Masukkan NIP 18 digit angka, contoh: 19850312 201001 1 003."
    born = _real_date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None or born.year < 1900 or born > today:
        return "8 digit pertama NIP harus tanggal lahir yang benar (TTTTBBHH). Periksa kembali NIP Anda."
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < 1900:
        return "Digit ke-9 sampai ke-14 NIP harus tahun dan bulan pengangkatan (TTTTBB). Periksa kembali NIP Anda."
    if (year, month) <= (born.year, born.month):
        return "Tahun dan bulan pengangkatan pada NIP (digit ke-9 sampai ke-14) harus sesudah tanggal lahir."
    if (year, month) > (today.year, today.month):
        return "Tahun dan bulan pengangkatan pada NIP (digit ke-9 sampai ke-14) tidak boleh di masa depan."
    if nip[14] not in "12":
        return "Digit ke-15 NIP adalah jenis kelamin: 1 (laki-laki) atau 2 (perempuan). Periksa kembali NIP Anda."
    return None


def ni_pppk_problem(number: str, today: date | None = None) -> str | None:
    """Why an 18-digit NI PPPK is not well formed, or None.

    Structure: birth date (8) + year of appointment (4) + 2 digits + sex (1) + serial (3); the
    middle digits are not verified (DOMAIN.md), so only length, birth date and sex are checked.
    """
    today = today or date.today()
    if not re.fullmatch(r"\d{18}", number):
        return "Masukkan NI PPPK 18 digit angka."
    born = _real_date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    if born is None or born.year < 1900 or born > today:
        return "8 digit pertama NI PPPK harus tanggal lahir yang benar (TTTTBBHH). Periksa kembali NI PPPK Anda."
    if number[14] not in "12":
        return "Digit ke-15 NI PPPK adalah jenis kelamin: 1 (laki-laki) atau 2 (perempuan). Periksa kembali."
    return None


class Nip:
    """A PNS NIP (status PNS) or an NI PPPK (status PPPK), chosen by the form's status field."""

    def __init__(self, status_field: str = "status"):
        self.status_field = status_field

    def __call__(self, form, field):
        field.data = digits_only(field.data)
        status = form[self.status_field].data if self.status_field in form else "PNS"
        problem = ni_pppk_problem(field.data) if status == "PPPK" else nip_problem(field.data)
        if problem:
            raise ValidationError(problem)


# --------------------------------------------------------------------------- contact

class Email:
    """A deliverable-looking address (syntax only: no DNS lookup while someone waits)."""

    def __call__(self, form, field):
        try:
            result = validate_email(field.data or "", check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError("Masukkan alamat email yang benar, contoh: nama@contoh.go.id") from None
        field.data = result.normalized


def normalise_phone(text: str | None) -> str | None:
    """Indonesian mobile number in national form (08...), or None when it is not one."""
    raw = re.sub(r"[\s.\-()/]", "", text or "")
    if raw.startswith("+62"):
        raw = "0" + raw[3:]
    elif raw.startswith("62"):
        raw = "0" + raw[2:]
    if re.fullmatch(r"08[1-9]\d{7,10}", raw):
        return raw
    return None


class IndonesianPhone:
    """An Indonesian mobile number: 08..., +62 8... or 62 8..., 10 to 13 digits."""

    def __call__(self, form, field):
        number = normalise_phone(field.data)
        if number is None:
            raise ValidationError("Masukkan nomor HP Indonesia yang benar, contoh: 0812 3456 7890.")
        field.data = number


# --------------------------------------------------------------------------- dates and numbers

class NotBefore:
    """This date may not be before another date field of the form."""

    def __init__(self, other: str, message: str):
        self.other = other
        self.message = message

    def __call__(self, form, field):
        other = form[self.other].data
        if field.data and other and field.data < other:
            raise ValidationError(self.message)


class DateWithin:
    """A date no further than `past` days back and `future` days ahead: catches typos in the year."""

    def __init__(self, past: int, future: int, what: str = "Tanggal"):
        self.past, self.future, self.what = past, future, what

    def __call__(self, form, field):
        if not field.data:
            return
        delta = (field.data - date.today()).days
        if delta < -self.past:
            raise ValidationError(f"{self.what} terlalu jauh di masa lalu. Periksa tahunnya.")
        if delta > self.future:
            raise ValidationError(f"{self.what} terlalu jauh di masa depan. Periksa tahunnya.")


class NumberRange:
    def __init__(self, minimum: int, maximum: int, message: str):
        self.minimum, self.maximum, self.message = minimum, maximum, message

    def __call__(self, form, field):
        if field.data is not None and not self.minimum <= field.data <= self.maximum:
            raise ValidationError(self.message)


class OneOf:
    """The answer must be one of the offered choices (a chosen value that is not offered
    is usually an outdated page or a tampered form)."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        values = {str(value) for value, *_ in field.iter_choices()} if hasattr(field, "iter_choices") else set()
        if field.data not in (None, "") and str(field.data) not in values:
            raise ValidationError(self.message)


# --------------------------------------------------------------------------- reference numbers

class Reference:
    """A reference number as people type it (lower case, with or without the dash)."""

    def __call__(self, form, field):
        from ..references import normalise_reference
        value = normalise_reference(field.data)
        if value is None:
            raise ValidationError("Masukkan nomor pengajuan 8 karakter, contoh: ABCD-EFGH.")
        field.data = value
