"""The SKM questionnaire, on the public forms' base (formsvc/forms): the same whitespace
handling, honeypot, Indonesian messages, field ids and macros as every other public form.

It is not one of the request forms: nothing is emailed and no reference is issued, so it
posts to its own view (/api/survei/) and is not enhanced by the inline-submission script.
"""
from __future__ import annotations

from wtforms import HiddenField, SelectChoice

from .. import skm
from ..forms import validators as v
from ..forms.base import BaseForm
from ..forms.fields import RadioField, SelectField, TextAreaField, WholeNumberField
from .choices import JENIS_KELAMIN, PEKERJAAN, PENDIDIKAN, UMUR_MAX, UMUR_MIN

SARAN_MAX = 2000


def _unsur_field(unsur: skm.Unsur) -> RadioField:
    message = f"Pilih jawaban untuk {unsur.code} {unsur.name}."
    return RadioField(f"{unsur.code}. {unsur.name}", description=unsur.question,
                      choices=[SelectChoice(str(score), label) for score, label in enumerate(unsur.answers, start=1)],
                      validators=[v.Required(message)], invalid_choice_message=message)


# Created before the class body's fields, so that WTForms (which orders fields by creation)
# lists the nine unsur first: the error summary follows the page.
_UNSUR_FIELDS = {unsur.field: _unsur_field(unsur) for unsur in skm.UNSUR}


class SurveyForm(BaseForm):
    form_id = "survei"
    title = "Survei Kepuasan Masyarakat"
    submit_label = "Kirim survei"
    internal_fields = ("situs_web", "kembali", "ref")

    # The submission the survey is about, when reached from its confirmation or status page.
    ref = HiddenField()
    umur = WholeNumberField(
        "Umur (tahun)", description="Dalam tahun, dengan angka. Contoh: 35.",
        invalid="Tulis umur dengan angka saja, misalnya 35.",
        validators=[v.Required("Masukkan umur Anda dalam tahun, misalnya 35."),
                    v.NumberRange(UMUR_MIN, UMUR_MAX, f"Umur harus antara {UMUR_MIN} dan {UMUR_MAX} tahun.")])
    jenis_kelamin = RadioField(
        "Jenis kelamin", choices=[SelectChoice(code, label) for code, label in JENIS_KELAMIN],
        validators=[v.Required("Pilih jenis kelamin Anda.")], invalid_choice_message="Pilih jenis kelamin Anda.")
    pendidikan = SelectField(
        "Pendidikan terakhir",
        choices=[SelectChoice("", "Pilih pendidikan terakhir"), *(SelectChoice(c, l) for c, l in PENDIDIKAN)],
        validators=[v.Required("Pilih pendidikan terakhir Anda.")],
        invalid_choice_message="Pilih pendidikan terakhir Anda dari daftar.")
    pekerjaan = SelectField(
        "Pekerjaan", choices=[SelectChoice("", "Pilih pekerjaan"), *(SelectChoice(c, l) for c, l in PEKERJAAN)],
        validators=[v.Required("Pilih pekerjaan Anda.")], invalid_choice_message="Pilih pekerjaan Anda dari daftar.")
    layanan = SelectField(
        "Layanan yang Anda gunakan", description="Pilih layanan yang terakhir Anda gunakan.",
        validators=[v.Required("Pilih layanan yang Anda gunakan.")],
        invalid_choice_message="Pilih layanan yang Anda gunakan dari daftar.")
    saran = TextAreaField(
        "Saran untuk perbaikan layanan (tidak wajib)",
        description="Paling banyak 2.000 karakter. Jangan tulis data pribadi. Untuk pengaduan yang perlu "
                    "dijawab, gunakan halaman Saran dan Pengaduan.",
        validators=[v.Optional(), v.MaxLength(SARAN_MAX, "Saran")])

    def __init__(self, formdata=None, *, service_groups, submission_service: str | None = None, **kwargs):
        """`service_groups`: [(group label, (service title, ...))] for the service list.
        `submission_service`: the service of the submission the survey is about; preselected,
        and offered even when the list does not carry it."""
        if submission_service and formdata is None:
            kwargs.setdefault("layanan", submission_service)
        super().__init__(formdata, **kwargs)
        choices = [SelectChoice("", "Pilih layanan")]
        offered = {title for _, titles in service_groups for title in titles}
        if submission_service and submission_service not in offered:
            choices.append(SelectChoice(submission_service, submission_service, optgroup="Layanan pengajuan Anda"))
        for group, titles in service_groups:
            choices.extend(SelectChoice(title, title, optgroup=group) for title in titles)
        self.layanan.choices = choices
        if submission_service:
            self.layanan.description = "Sudah kami isi sesuai pengajuan Anda. Ubah jika kurang tepat."

    @property
    def unsur_fields(self):
        return [self[unsur.field] for unsur in skm.UNSUR]

    def scores(self) -> dict[str, int]:
        """{'u1': 3, ...} of a validated form."""
        return {unsur.field: int(self[unsur.field].data) for unsur in skm.UNSUR}


for _name, _field in _UNSUR_FIELDS.items():
    setattr(SurveyForm, _name, _field)
