"""The base of every public form: whitespace stripped from every field, WTForms' own
messages in Bahasa Indonesia, field ids prefixed with the form id (two forms, or a form
and a heading, never share an id on a docs page), and a way to turn the answers into the
list of {name, label, value} that a Submission keeps and the emails show."""
from __future__ import annotations

import re
import weakref
from datetime import date

from wtforms import Form
from wtforms.fields import (BooleanField, FieldList, FileField, FormField, HiddenField, MultipleFileField,
                            SelectFieldBase, StringField, SubmitField)

from ..templating import tanggal

# WTForms' built-in messages, for the few cases our own validators do not pre-empt.
MESSAGES_ID = {
    "This field is required.": "Kolom ini wajib diisi.",
    "Invalid input.": "Isian tidak valid.",
    "Invalid email address.": "Masukkan alamat email yang benar, contoh: nama@contoh.go.id",
    "Not a valid choice.": "Pilih salah satu pilihan yang tersedia.",
    "Not a valid date value.": "Masukkan tanggal yang benar.",
    "Not a valid time value.": "Masukkan jam yang benar, contoh: 09:30",
    "Not a valid integer value.": "Masukkan angka bulat.",
    "Invalid Choice: could not coerce.": "Pilih salah satu pilihan yang tersedia.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Pilih dari pilihan yang tersedia.",
}


class IndonesianTranslations:
    def gettext(self, string):
        return MESSAGES_ID.get(string, string)

    def ngettext(self, singular, plural, n):
        text = singular if n == 1 else plural
        return MESSAGES_ID.get(text, text)


def strip_whitespace(value):
    if isinstance(value, str):
        return value.strip()
    return value


# Fields whose data is not a typed string: no whitespace filter.
_NO_STRIP = (FileField, MultipleFileField, FieldList, FormField, BooleanField)


class BaseForm(Form):
    """Public form base. Subclasses set `form_id` and `title`."""

    form_id: str = ""
    title: str = ""
    #: Names that are mechanics, not answers (never stored or emailed).
    internal_fields = ("situs_web", "kembali")
    #: The order in which the template shows the fields (error summary and emails follow it).
    field_order: tuple[str, ...] = ()

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [] if issubclass(unbound_field.field_class, _NO_STRIP) else [strip_whitespace]
            filters += unbound_field.kwargs.get("filters", [])
            # Ids are "<form id>-<field name>": unique on a page that also has headings.
            field_id = f"{form.form_id}-{options['name']}" if form.form_id else options["name"]
            bound = unbound_field.bind(form=form, filters=filters, id=field_id, **options)
            bound.get_form = weakref.ref(form)
            return bound

        def get_translations(self, form):
            return IndonesianTranslations()

    # -- honeypot and mechanics shared by every public form
    # The honeypot is hidden from people (CSS, aria-hidden, tabindex=-1); bots fill every input.
    situs_web = StringField("Jangan isi kolom ini")
    # The docs page the form was embedded in, for a "back to the guide" link.
    kembali = HiddenField()

    def __init__(self, formdata=None, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
        self.form_errors: list[str] = []
        self.documents = []  # checked attachments (forms with a `lampiran` field)

    # -- validation helpers
    def add_error(self, field_name: str, message: str) -> None:
        field = self[field_name]
        if message not in field.errors:
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(message)

    @property
    def has_field_errors(self) -> bool:
        return any(field.errors for field in self)

    @property
    def has_errors(self) -> bool:
        return bool(self.form_errors) or any(field.errors for field in self)

    def ordered_fields(self) -> list:
        """The fields in the order people see them."""
        fields = list(self)
        position = {name: number for number, name in enumerate(self.field_order)}
        return sorted(fields, key=lambda f: (position.get(f.name, len(position)), fields.index(f)))

    def error_items(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary, in the order of the page."""
        items = [("", message) for message in self.form_errors]
        for field in self.ordered_fields():
            for message in field.errors or ():
                items.append((anchor_id(field), message))
        return items

    @property
    def action(self) -> str:
        """Where the form posts (a docs page embeds the form with this action)."""
        return f"/api/forms/{self.form_id}/"

    def honeypot_filled(self) -> bool:
        return bool(self.situs_web.data)

    def back_link(self) -> str | None:
        """The docs page the form was sent from, when it looks like one of ours."""
        path = self.kembali.data or ""
        return path if re.fullmatch(r"/[a-z0-9][a-z0-9/_-]*/", path) else None

    # -- what a Submission keeps
    def answers(self) -> list[dict]:
        """Every answer as {"name", "label", "value"} in form order, values readable by people."""
        result = []
        for field in self.ordered_fields():
            if field.name in self.internal_fields or isinstance(field, (SubmitField, FileField)):
                continue
            if field.name in self.skip_in_answers():
                continue
            value = readable_value(field)
            if value in (None, "", []):
                continue
            result.append({"name": field.name, "label": str(field.label.text), "value": value})
        return result

    def skip_in_answers(self) -> set[str]:
        """Fields not relevant to the answers given (e.g. 'anak ke-' for annual leave)."""
        return set()


def anchor_id(field) -> str:
    """Where the error summary links: the first option of a radio group, else the field."""
    if field.type in ("RadioField", "InlineRadioField"):
        return f"{field.id}-0"
    if field.type == "MultiCheckboxField":
        return f"{field.id}-0"
    return field.id


def readable_value(field):
    data = field.data
    if isinstance(field, BooleanField):
        return "Ya" if data else None
    if field.type == "MultiCheckboxField":
        labels = {str(choice.value): str(choice.label) for choice in field.iter_choices()}
        return "; ".join(labels.get(str(value), str(value)) for value in data or []) or None
    if isinstance(field, SelectFieldBase):
        if data in (None, ""):
            return None
        for choice in field.iter_choices():
            if str(choice.value) == str(data):
                return str(choice.label)
        return str(data)
    if isinstance(data, date):
        return tanggal(data)
    if hasattr(data, "strftime"):  # time
        return data.strftime("%H.%M")
    if data is None:
        return None
    return str(data)


def describedby(field, *extra: str) -> str | None:
    """The aria-describedby of a field: its hint and its error message, when present."""
    ids = [i for i in extra if i]
    if field.description:
        ids.append(f"{field.id}-hint")
    if field.errors:
        ids.append(f"{field.id}-error")
    return " ".join(ids) or None
