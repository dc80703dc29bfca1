"""The SKM questionnaire as a WTForms class, with small named validators whose messages say
exactly what to do, in Bahasa Indonesia.

A plain wtforms.Form (no Flask-WTF): the survey is public and carries no session authority
(CSRF-exempt, Origin-checked, honeypot, rate-limited), and the class must also render at
site-build time, outside any request, for the `{{ formulir survei }}` embed.
"""
from __future__ import annotations

from wtforms import Form, HiddenField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from .. import skm
from .choices import JENIS_KELAMIN, PEKERJAAN, PENDIDIKAN, UMUR_MAX, UMUR_MIN

SARAN_MAX = 2000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class StrippedForm(Form):
    """Every text field loses surrounding whitespace before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters") or [])
            if _strip not in filters:
                filters.append(_strip)
            return unbound_field.bind(form=form, filters=filters, **options)


# --------------------------------------------------------------------------- validators


class Required:
    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data in (None, "") or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation(self.message)


class OneOf:
    """The value must be one of the field's choices (someone edited the page, or a bot)."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data not in field.allowed_values():
            raise StopValidation(self.message)


class WholeNumberBetween:
    def __init__(self, low: int, high: int, not_a_number: str, out_of_range: str):
        self.low, self.high = low, high
        self.not_a_number, self.out_of_range = not_a_number, out_of_range

    def __call__(self, form, field):
        if not field.data.isdigit():
            raise StopValidation(self.not_a_number)
        if not self.low <= int(field.data) <= self.high:
            raise ValidationError(self.out_of_range)


def _ribuan(number: int) -> str:
    """2000 -> '2.000' (Indonesian thousands separator)."""
    return f"{number:,}".replace(",", ".")


class MaxLength:
    def __init__(self, limit: int, message: str):
        self.limit, self.message = limit, message

    def __call__(self, form, field):
        if field.data and len(field.data) > self.limit:
            raise ValidationError(self.message.format(limit=_ribuan(self.limit), length=_ribuan(len(field.data))))


class Empty:
    """The honeypot: people never see it, so anything in it came from a bot."""

    def __call__(self, form, field):
        if field.data:
            raise ValidationError("bot")


# --------------------------------------------------------------------------- fields


class Options(StringField):
    """A choice of fixed values, rendered by our own macros (radio group or select).

    `options` is [(value, label)]; a select may instead have `groups`: [(group label,
    [(value, label)])]. Membership is checked by the OneOf validator, with our message.
    """

    def __init__(self, label=None, validators=None, options=(), groups=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.options = [(str(v), str(l)) for v, l in options]
        self.groups = groups

    def allowed_values(self) -> set[str]:
        values = {v for v, _ in self.options}
        for _, options in self.groups or ():
            values.update(v for v, _ in options)
        return values


class Radio(Options):
    pass


class Select(Options):
    pass


def _unsur_field(unsur: skm.Unsur) -> Radio:
    message = f"Pilih jawaban untuk {unsur.code} {unsur.name}."
    return Radio(f"{unsur.code}. {unsur.name}", description=unsur.question,
                 options=[(str(score), label) for score, label in enumerate(unsur.answers, start=1)],
                 validators=[Required(message), OneOf(message)])


class SurveyForm(StrippedForm):
    ref = HiddenField()
    umur = StringField("Umur (tahun)", validators=[
        Required("Masukkan umur Anda dalam tahun, misalnya 35."),
        WholeNumberBetween(UMUR_MIN, UMUR_MAX, "Tulis umur dengan angka saja, misalnya 35.",
                           f"Umur harus antara {UMUR_MIN} dan {UMUR_MAX} tahun.")])
    jenis_kelamin = Radio("Jenis kelamin", options=JENIS_KELAMIN, validators=[
        Required("Pilih jenis kelamin Anda."), OneOf("Pilih jenis kelamin Anda.")])
    pendidikan = Select("Pendidikan terakhir", options=[("", "Pilih pendidikan terakhir"), *PENDIDIKAN],
                        validators=[Required("Pilih pendidikan terakhir Anda."),
                                    OneOf("Pilih pendidikan terakhir Anda dari daftar.")])
    pekerjaan = Select("Pekerjaan", options=[("", "Pilih pekerjaan"), *PEKERJAAN],
                       validators=[Required("Pilih pekerjaan Anda."),
                                   OneOf("Pilih pekerjaan Anda dari daftar.")])
    layanan = Select("Layanan yang Anda gunakan", options=[("", "Pilih layanan")], validators=[
        Required("Pilih layanan yang Anda gunakan."),
        OneOf("Pilih layanan yang Anda gunakan dari daftar.")])
    saran = TextAreaField("Saran untuk perbaikan layanan (tidak wajib)", validators=[
        MaxLength(SARAN_MAX, "Saran paling banyak {limit} karakter (sekarang {length}). Persingkat saran Anda.")])
    # Honeypot: hidden from people by CSS and from screen readers by aria-hidden.
    website = StringField("Jangan isi kolom ini", validators=[Empty()])

    def __init__(self, formdata=None, *, service_groups, submission_service: str | None = None, **kwargs):
        """`submission_service`: the service of the submission the survey is about; it is
        preselected, and offered even when the knowledge base's list does not carry it."""
        if submission_service and formdata is None:
            kwargs.setdefault("layanan", submission_service)
        super().__init__(formdata, **kwargs)
        groups = [(group, [(title, title) for title in titles]) for group, titles in service_groups]
        if submission_service and submission_service not in {v for _, options in groups for v, _ in options}:
            groups.insert(0, ("Layanan pengajuan Anda", [(submission_service, submission_service)]))
        self.layanan.groups = groups

    @property
    def unsur_fields(self):
        return [self[u.field] for u in skm.UNSUR]

    @property
    def is_bot(self) -> bool:
        return bool(self.website.data)

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor id, message) in page order, for the error summary."""
        order = [f.name for f in self.unsur_fields] + ["umur", "jenis_kelamin", "pendidikan",
                                                        "pekerjaan", "layanan", "saran"]
        found = []
        for name in order:
            field = self[name]
            if field.errors:
                # A radio group is reached through its first option (ids are name-value).
                anchor = f"{name}-{field.options[0][0]}" if isinstance(field, Radio) else name
                found.append((anchor, field.errors[0]))
        return found

    def answers(self) -> dict[str, int]:
        return {u.field: int(self[u.field].data) for u in skm.UNSUR}


for _unsur in skm.UNSUR:
    setattr(SurveyForm, _unsur.field, _unsur_field(_unsur))
