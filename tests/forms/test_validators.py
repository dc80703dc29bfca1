"""Each validator on its own: what it accepts, what it refuses, and what it says."""
from datetime import date

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms.validators import StopValidation, ValidationError

from formsvc.forms import validators as v
from formsvc.forms.attachments import check_files, safe_filename
from formsvc.forms.base import BaseForm
from formsvc.forms.fields import DateField, StringField, WholeNumberField

from .conftest import GIF, JPG, PDF, PNG, ni_pppk, nip

TODAY = date(2026, 11, 28)


class Field:
    """The bits of a WTForms field a validator looks at."""

    def __init__(self, data):
        self.data = data
        self.errors = []


# --------------------------------------------------------------------------- NIP (PNS)

def test_nip_well_formed():
    assert v.nip_problem(nip(), TODAY) is None
    assert v.nip_problem("196608011988031001", TODAY) is None  # DOMAIN.md example


@pytest.mark.parametrize("value, message", [
    ("12345", "Masukkan NIP 18 digit angka"),
    ("19850312201001100A", "Masukkan NIP 18 digit angka"),
    ("1985031220100110031", "Masukkan NIP 18 digit angka"),
    ("198502302010011003", "8 digit pertama NIP harus tanggal lahir yang benar"),   # 30 February
    ("203001012010011003", "8 digit pertama NIP harus tanggal lahir yang benar"),   # born in the future
    ("198503122010131003", "tahun dan bulan pengangkatan (TTTTBB)"),               # month 13
    ("198503121980011003", "harus sesudah tanggal lahir"),                          # appointed before birth
    ("198503122030011003", "tidak boleh di masa depan"),
    ("198503122010013003", "Digit ke-15 NIP adalah jenis kelamin"),
])
def test_nip_refused_with_a_specific_message(value, message):
    problem = v.nip_problem(value, TODAY)
    assert problem and message.lower() in problem.lower()


def test_nip_accepts_spaces_and_dots_as_people_type_them():
    assert v.digits_only("19850312 201001 1 003") == "198503122010011003"
    assert v.digits_only("19850312.201001.1.003") == "198503122010011003"


# --------------------------------------------------------------------------- NI PPPK

def test_ni_pppk_checks_length_birth_date_and_sex_only():
    assert v.ni_pppk_problem(ni_pppk(), TODAY) is None
    # the middle digits are not verified (DOMAIN.md): anything goes there
    assert v.ni_pppk_problem(ni_pppk(middle="99"), TODAY) is None
    assert "18 digit" in v.ni_pppk_problem("1990", TODAY)
    assert "tanggal lahir" in v.ni_pppk_problem("199013012022012007", TODAY)
    assert "jenis kelamin" in v.ni_pppk_problem(ni_pppk(sex=3), TODAY)


class StatusForm(BaseForm):
    status = StringField()
    nip = StringField(validators=[v.Nip()])


@pytest.mark.parametrize("status, number, ok", [
    ("PNS", nip(), True),
    ("PNS", ni_pppk(middle="13"), False),  # digits 13-14 of an NI PPPK are no month
    ("PPPK", ni_pppk(), True),
    ("PPPK", "19900701 2022 01 2 007", True),
    ("PPPK", "123", False),
])
def test_nip_rule_follows_the_chosen_status(app, status, number, ok):
    with app.test_request_context():
        form = StatusForm(MultiDict({"status": status, "nip": number}))
        assert form.validate() is ok
        if ok:
            assert form.nip.data.isdigit() and len(form.nip.data) == 18


# --------------------------------------------------------------------------- contact

@pytest.mark.parametrize("value", ["budi@contoh.go.id", "Budi.Santoso+cuti@Contoh.GO.ID", "siti@mail.co.id"])
def test_email_accepted(value):
    field = Field(value)
    v.Email()(None, field)
    assert field.data.endswith(value.split("@")[1].lower())


@pytest.mark.parametrize("value", ["budi", "budi@", "@contoh.go.id", "budi@contoh", "budi @contoh.go.id",
                                   "budi@contoh.go.id\r\nBcc: x@y.z"])
def test_email_refused(value):
    with pytest.raises(ValidationError, match="Masukkan alamat email yang benar"):
        v.Email()(None, Field(value))


@pytest.mark.parametrize("value, normalised", [
    ("081234567890", "081234567890"),
    ("0812 3456 7890", "081234567890"),
    ("0812-3456-789", "08123456789"),
    ("+62 812 3456 7890", "081234567890"),
    ("62812345678", "0812345678"),
    ("(0813) 7000 1234", "081370001234"),
])
def test_indonesian_mobile_numbers_accepted_and_normalised(value, normalised):
    field = Field(value)
    v.IndonesianPhone()(None, field)
    assert field.data == normalised


@pytest.mark.parametrize("value", ["12345", "0612345678", "0800000", "+1 202 555 0100", "08123456789012345",
                                   "0812abc4567", "0211234567"])
def test_non_mobile_numbers_refused(value):
    with pytest.raises(ValidationError, match="Masukkan nomor HP Indonesia"):
        v.IndonesianPhone()(None, Field(value))


# --------------------------------------------------------------------------- presence, length, numbers

def test_required_says_what_to_do_and_stops_the_chain():
    for empty in (None, "", "   ", []):
        with pytest.raises(StopValidation, match="Masukkan nama lengkap Anda."):
            v.Required("Masukkan nama lengkap Anda.")(None, Field(empty))
    v.Required("x")(None, Field("Budi"))


def test_optional_skips_the_remaining_checks_for_empty_answers():
    with pytest.raises(StopValidation):
        v.Optional()(None, Field("  "))
    v.Optional()(None, Field("isi"))


def test_max_length_names_the_field_and_the_count():
    with pytest.raises(ValidationError, match=r"Alasan paling banyak 5 karakter \(sekarang 6\)"):
        v.MaxLength(5, "Alasan")(None, Field("abcdef"))
    v.MaxLength(5, "Alasan")(None, Field("abcde"))


def test_number_range():
    with pytest.raises(ValidationError, match="antara 0 dan 11"):
        v.NumberRange(0, 11, "Masa kerja (bulan) harus antara 0 dan 11.")(None, Field(12))
    v.NumberRange(0, 11, "x")(None, Field(0))


class NumberForm(BaseForm):
    tahun = WholeNumberField(invalid="Masukkan masa kerja (tahun) sebagai angka, contoh: 6.")


def test_whole_number_field_says_what_was_expected(app):
    with app.test_request_context():
        form = NumberForm(MultiDict({"tahun": "enam"}))
        form.validate()
        assert form.tahun.errors == ["Masukkan masa kerja (tahun) sebagai angka, contoh: 6."]
        form = NumberForm(MultiDict({"tahun": " 6 "}))
        assert form.validate() and form.tahun.data == 6


# --------------------------------------------------------------------------- dates

class Dates(BaseForm):
    mulai = DateField(validators=[v.Required("Masukkan tanggal mulai.")])
    selesai = DateField(validators=[v.Required("Masukkan tanggal selesai."),
                                    v.NotBefore("mulai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")])


@pytest.mark.parametrize("start, end, errors", [
    ("2027-02-01", "2027-02-05", {}),
    ("2027-02-01", "2027-02-01", {}),
    ("01-02-2027", "05/02/2027", {}),  # typed by hand in a browser without a date picker
    ("2027-02-05", "2027-02-01", {"selesai": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]}),
    ("", "2027-02-01", {"mulai": ["Masukkan tanggal mulai."]}),
    ("2027-02-31", "2027-03-01", {"mulai": ["Masukkan tanggal yang benar, contoh: 31-12-2026."]}),
])
def test_dates(app, start, end, errors):
    with app.test_request_context():
        form = Dates(MultiDict({"mulai": start, "selesai": end}))
        form.validate()
        assert {name: f.errors for name, f in form._fields.items() if f.errors} == errors


def test_date_within_catches_a_wrong_year():
    with pytest.raises(ValidationError, match="terlalu jauh di masa depan"):
        v.DateWithin(30, 30, "Tanggal mulai")(None, Field(date(2099, 1, 1)))
    with pytest.raises(ValidationError, match="terlalu jauh di masa lalu"):
        v.DateWithin(30, 30, "Tanggal mulai")(None, Field(date(2001, 1, 1)))


# --------------------------------------------------------------------------- reference numbers

@pytest.mark.parametrize("typed, stored", [("abcd-efgh", "ABCD-EFGH"), (" ABCD EFGH ", "ABCD-EFGH"),
                                           ("abcdefgh", "ABCD-EFGH")])
def test_reference_accepts_what_people_type(typed, stored):
    field = Field(typed)
    v.Reference()(None, field)
    assert field.data == stored


@pytest.mark.parametrize("typed", ["ABCD-EFG", "ABCD-EFG0", "ABCD-EFGI", "ABCD-EFGL", "ABCD-EFG1"])
def test_reference_refuses_ambiguous_or_short(typed):
    with pytest.raises(ValidationError, match="Masukkan nomor pengajuan 8 karakter"):
        v.Reference()(None, Field(typed))


# --------------------------------------------------------------------------- attachments

def storage(content: bytes, name: str, mimetype: str = "application/octet-stream") -> FileStorage:
    from io import BytesIO
    return FileStorage(BytesIO(content), filename=name, content_type=mimetype)


def test_attachments_recognised_by_content_not_by_name(app):
    with app.test_request_context():
        docs = check_files([storage(PDF, "surat dokter.pdf"), storage(PNG, "foto.png"),
                            storage(JPG, "scan.jpeg"), storage(PDF, "tanpa-ekstensi")])
    assert [d.content_type for d in docs] == ["application/pdf", "image/png", "image/jpeg", "application/pdf"]
    assert [d.filename for d in docs] == ["surat dokter.pdf", "foto.png", "scan.jpg", "tanpa-ekstensi.pdf"]


def test_a_gif_named_pdf_is_refused(app):
    with app.test_request_context(), pytest.raises(ValidationError, match="bukan PDF, JPG atau PNG"):
        check_files([storage(GIF, "surat.pdf", "application/pdf")])


def test_a_script_is_refused_whatever_its_name(app):
    with app.test_request_context(), pytest.raises(ValidationError, match="bukan PDF, JPG atau PNG"):
        check_files([storage(b"<script>alert(1)</script>", "surat.pdf", "application/pdf")])


def test_attachment_size_and_count_limits(app):
    with app.test_request_context():
        check_files([storage(PDF + b"0" * (2 * 1024 * 1024 - len(PDF)), "pas.pdf")])  # exactly 2 MB
        with pytest.raises(ValidationError, match="lebih besar dari 2,0 MB"):
            check_files([storage(PDF + b"0" * (2 * 1024 * 1024), "besar.pdf")])
        with pytest.raises(ValidationError, match="paling banyak 5 berkas"):
            check_files([storage(PDF, f"{n}.pdf") for n in range(6)])
        with pytest.raises(ValidationError, match="kosong"):
            check_files([storage(b"", "kosong.pdf")])


def test_file_names_lose_paths_and_control_characters():
    assert safe_filename("C:\\Users\\budi\\surat\r\ncuti.pdf", "pdf") == "surat cuti.pdf"
    assert safe_filename("../../etc/passwd", "png") == "passwd.png"
    assert safe_filename("", "jpg") == "lampiran.jpg"
