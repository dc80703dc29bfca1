"""Back-office forms. Each is defined once here and rendered by the macros in
templates/hr/_forms.html. Every POST form carries Flask-WTF's CSRF token."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, HiddenField, PasswordField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import (DataRequired, Email, EqualTo, InputRequired, Length, Optional,
                                Regexp, ValidationError)

from ..models import STATUS_LABELS

INVALID_DATE = "Masukkan tanggal dengan format yang benar (hari/bulan/tahun)."
INVALID_CHOICE = "Pilihan ini tidak tersedia."

ROLE_CHOICES = {"petugas": "Petugas (memproses pengajuan)",
                "admin": "Admin (juga mengelola akun dan operasional)"}


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Strips surrounding whitespace from every field except passwords."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            if not issubclass(unbound_field.field_class, PasswordField):
                filters.insert(0, strip_whitespace)
            return unbound_field.bind(form=form, filters=filters, **options)


class QueryForm(BaseForm):
    """GET forms (filters): no CSRF token, values from the query string."""

    class Meta:
        csrf = False


# --------------------------------------------------------------------------- small validators

class NotBefore:
    """The end of a date range cannot come before its start."""

    def __init__(self, other: str, message: str):
        self.other, self.message = other, message

    def __call__(self, form, field):
        start = form[self.other].data
        if field.data and start and field.data < start:
            raise ValidationError(self.message)


class NoteRequiredFor:
    """A note is required when the chosen status tells the applicant something is wrong."""

    def __init__(self, statuses: tuple[str, ...]):
        self.statuses = statuses

    def __call__(self, form, field):
        if form.status.data in self.statuses and not (field.data or "").strip():
            label = STATUS_LABELS[form.status.data]
            raise ValidationError(f"Tulis catatan untuk pemohon: apa alasan status {label} dan apa yang perlu dilakukan.")


# --------------------------------------------------------------------------- forms

class LoginForm(BaseForm):
    username = StringField("Nama pengguna", validators=[DataRequired("Masukkan nama pengguna."),
                                                          Length(max=64)])
    password = PasswordField("Kata sandi", validators=[DataRequired("Masukkan kata sandi."),
                                                         Length(max=256)])


class StatusForm(BaseForm):
    status = SelectField("Status baru", choices={}, validators=[InputRequired("Pilih status baru.")],
                         invalid_choice_message="Status ini tidak dapat dipilih dari status sekarang.")
    note = TextAreaField("Catatan untuk pemohon",
                         validators=[NoteRequiredFor(("ditolak", "perlu_perbaikan")), Length(max=4000)],
                         description="Wajib untuk Ditolak dan Perlu Perbaikan. Catatan ini tampil di "
                                     "halaman status dan dikirim ke email pemohon.")
    # The status the officer saw: a change by someone else in the meantime is not overwritten.
    current = HiddenField()


class AssignForm(BaseForm):
    assignee = SelectField("Petugas", choices={}, invalid_choice_message=INVALID_CHOICE)


class ReplyForm(BaseForm):
    reply = TextAreaField("Jawaban", validators=[DataRequired("Tulis jawaban untuk pengirim."),
                                                 Length(max=8000)],
                          description="Jawaban tampil di halaman status dan dikirim ke email pengirim, jika ada.")


class PublishForm(BaseForm):
    publish = HiddenField()


class ActionForm(BaseForm):
    """A button that only needs its CSRF token (retry, ...)."""


class StaffCreateForm(BaseForm):
    username = StringField("Nama pengguna", validators=[
        DataRequired("Masukkan nama pengguna."), Length(min=3, max=64, message="Nama pengguna 3 sampai 64 karakter."),
        Regexp(r"^[A-Za-z0-9._-]+$", message="Gunakan huruf, angka, titik, garis bawah atau tanda hubung saja.")])
    name = StringField("Nama lengkap", validators=[DataRequired("Masukkan nama lengkap."), Length(max=200)])
    email = EmailField("Email (opsional)", validators=[Optional(), Email("Masukkan alamat email yang benar."),
                                                      Length(max=254)])
    role = SelectField("Peran", choices=ROLE_CHOICES, invalid_choice_message=INVALID_CHOICE)
    password = PasswordField("Kata sandi awal", validators=[DataRequired("Masukkan kata sandi awal.")])
    confirm = PasswordField("Ulangi kata sandi", validators=[EqualTo("password", "Kedua kata sandi tidak sama.")])


class StaffEditForm(BaseForm):
    name = StringField("Nama lengkap", validators=[DataRequired("Masukkan nama lengkap."), Length(max=200)])
    email = EmailField("Email (opsional)", validators=[Optional(), Email("Masukkan alamat email yang benar."),
                                                      Length(max=254)])
    role = SelectField("Peran", choices=ROLE_CHOICES, invalid_choice_message=INVALID_CHOICE)
    active = BooleanField("Akun aktif (dapat masuk)")


class PasswordResetForm(BaseForm):
    password = PasswordField("Kata sandi baru", validators=[DataRequired("Masukkan kata sandi baru.")])
    confirm = PasswordField("Ulangi kata sandi baru", validators=[EqualTo("password", "Kedua kata sandi tidak sama.")])


class OwnPasswordForm(PasswordResetForm):
    current = PasswordField("Kata sandi sekarang", validators=[DataRequired("Masukkan kata sandi Anda sekarang.")])


class FollowUpForm(BaseForm):
    text = TextAreaField("Tindak lanjut", validators=[DataRequired("Tulis tindak lanjut untuk periode ini."),
                                                      Length(max=8000)],
                         description="Tampil bersama hasil survei di halaman publik. Tulis apa yang akan "
                                     "atau sudah diperbaiki berdasarkan hasil survei.")


KIND_LABELS = {
    "cuti": "Cuti",
    "izin": "Izin",
    "layanan": "Layanan kepegawaian",
    "pelatihan": "Pelatihan",
    "saran": "Saran dan pengaduan",
    "survei": "Survei kepuasan",
}


class InboxFilterForm(QueryForm):
    jenis = SelectField("Jenis", choices={"": "Semua pengajuan dan saran", **KIND_LABELS}, default="",
                        invalid_choice_message=INVALID_CHOICE)
    status = SelectField("Status", choices={"": "Semua status", "terbuka": "Belum selesai (semua)", **STATUS_LABELS},
                         default="",
                         invalid_choice_message=INVALID_CHOICE)
    layanan = SelectField("Layanan", choices={}, default="", invalid_choice_message=INVALID_CHOICE)
    petugas = SelectField("Petugas", choices={}, default="", invalid_choice_message=INVALID_CHOICE)
    dari = DateField("Masuk dari tanggal", validators=[Optional()], format="%Y-%m-%d",
                     invalid_value_message=INVALID_DATE)
    sampai = DateField("Sampai tanggal", format="%Y-%m-%d", invalid_value_message=INVALID_DATE,
                       validators=[Optional(), NotBefore("dari", "Tanggal akhir tidak boleh sebelum tanggal awal.")])
    terlambat = BooleanField("Hanya yang melewati standar waktu")
    # Not "q": Material opens its own search dialog for a ?q= in the address.
    cari = StringField("Cari nomor pengajuan, NIP atau nama", validators=[Length(max=200)])
    urut = SelectField("Urutkan", choices={"terbaru": "Terbaru masuk", "terlama": "Terlama masuk",
                                           "jatuh_tempo": "Batas waktu terdekat"}, default="terbaru",
                       invalid_choice_message=INVALID_CHOICE)


class PageFeedbackFilterForm(QueryForm):
    dari = DateField("Dari tanggal", validators=[Optional()], format="%Y-%m-%d", invalid_value_message=INVALID_DATE)
    sampai = DateField("Sampai tanggal", format="%Y-%m-%d", invalid_value_message=INVALID_DATE,
                       validators=[Optional(), NotBefore("dari", "Tanggal akhir tidak boleh sebelum tanggal awal.")])
    hanya_tidak_membantu = BooleanField("Hanya halaman dengan suara \u201ctidak membantu\u201d")
