"""Pieces shared by the request forms: the employee's identity, the direct superior, and
the attachments field."""
from __future__ import annotations

from wtforms import SelectChoice
from wtforms.validators import ValidationError

from . import validators as v
from .attachments import check_files
from .base import BaseForm
from .fields import FileListField, RadioField, StringField, TelField, EmailField

STATUS_CHOICES = [SelectChoice("PNS", "PNS (termasuk CPNS)"), SelectChoice("PPPK", "PPPK")]


class Attachments:
    """Validator of the attachments field: reads and checks every file once, keeps the
    result on the form (form.documents) for the service function."""

    def __call__(self, form, field):
        form.documents = []
        try:
            form.documents = check_files(field.data)
        except ValidationError:
            form.documents = []
            raise


def attachments_field(description: str, label: str = "Lampiran"):
    return FileListField(label, validators=[Attachments()], description=description)


class EmployeeForm(BaseForm):
    """A request by an employee (PNS or PPPK) about themself."""

    nama = StringField("Nama lengkap", validators=[
        v.Required("Masukkan nama lengkap Anda."), v.MaxLength(200, "Nama")],
        description="Tulis seperti pada SK, dengan gelar jika ada.")
    status = RadioField("Status kepegawaian", choices=STATUS_CHOICES, validators=[
        v.Required("Pilih status kepegawaian Anda: PNS atau PPPK.")])
    nip = StringField("NIP atau NI PPPK", validators=[
        v.Required("Masukkan NIP (PNS) atau NI PPPK Anda, 18 digit angka."), v.Nip()],
        description="18 digit angka. Spasi boleh, contoh: 19850312 201001 1 003.")
    jabatan = StringField("Jabatan", validators=[
        v.Required("Masukkan jabatan Anda."), v.MaxLength(200, "Jabatan")])
    unit_kerja = StringField("Unit kerja", validators=[
        v.Required("Masukkan unit kerja Anda, contoh: Dinas Pendidikan."), v.MaxLength(200, "Unit kerja")])
    email = EmailField("Email", validators=[
        v.Required("Masukkan alamat email Anda: tanda terima dikirim ke alamat ini."), v.Email()],
        description="Tanda terima dan kabar tentang permohonan dikirim ke alamat ini.")
    hp = TelField("Nomor HP", validators=[
        v.Required("Masukkan nomor HP yang dapat dihubungi."), v.IndonesianPhone()],
        description="Contoh: 0812 3456 7890.")

    def applicant(self) -> dict:
        return {"name": self.nama.data, "nip": self.nip.data or None, "email": self.email.data or None,
                "phone": self.hp.data or None}


class SuperiorMixin:
    """The direct superior (atasan langsung), who gives the first consideration."""

    atasan_nama = StringField("Nama atasan langsung", validators=[
        v.Required("Masukkan nama atasan langsung Anda."), v.MaxLength(200, "Nama atasan")])
    atasan_email = EmailField("Email atasan langsung (jika ada)", validators=[v.Optional(), v.Email()])


def validate_if_clean(form, *names: str) -> bool:
    """True when every named field has a value and no error yet (cross-field rules only
    speak about answers that are themselves valid)."""
    return all(form[name].data not in (None, "") and not form[name].errors for name in names)


# Used by the templates for the attachments hint.
ATTACHMENT_HINT = "PDF, JPG atau PNG; paling besar 2 MB per berkas; paling banyak 5 berkas."
__all__ = ["EmployeeForm", "SuperiorMixin", "attachments_field", "validate_if_clean", "ATTACHMENT_HINT",
           "STATUS_CHOICES", "StringField", "TelField"]
