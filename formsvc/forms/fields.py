"""Field types with the behaviour the public forms need: an empty answer is "not answered"
(so the required message is the only one shown), a wrong one gets a specific message."""
from __future__ import annotations


from wtforms import fields, widgets
from wtforms.validators import ValidationError


class DateField(fields.DateField):
    """<input type="date">: the browser sends YYYY-MM-DD; people typing by hand in old
    browsers may use DD-MM-YYYY or DD/MM/YYYY, which are accepted too."""

    widget = widgets.DateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"])
        kwargs.setdefault("invalid_value_message", "Masukkan tanggal yang benar, contoh: 31-12-2026.")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata([" ".join(valuelist).strip()])

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.isoformat() if self.data else ""


class TimeField(fields.TimeField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%H:%M", "%H.%M"])
        kwargs.setdefault("invalid_value_message", "Masukkan jam yang benar, contoh: 09:30.")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata([" ".join(valuelist).strip()])


class WholeNumberField(fields.IntegerField):
    """A whole number typed by a person; `invalid` says what was expected."""

    widget = widgets.TextInput()

    def __init__(self, label=None, validators=None, invalid="Masukkan angka bulat.", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        text = " ".join(valuelist or []).strip()
        if not text:
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(self.invalid) from None


class _ChoiceMixin:
    """An unanswered choice is left to Required; an answer that is not offered gets
    `invalid_choice_message`."""

    def pre_validate(self, form):
        if self.process_errors or self.data in (None, ""):
            return
        values = {str(choice.value) for choice in self.iter_choices()}
        if str(self.data) not in values:
            raise ValidationError(self.invalid_choice_message or "Pilih salah satu pilihan yang tersedia.")


class RadioField(_ChoiceMixin, fields.RadioField):
    def process_data(self, value):
        self.data = value if value not in ("",) else None

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist and valuelist[0] != "" else None


class SelectField(_ChoiceMixin, fields.SelectField):
    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist and valuelist[0] != "" else None


class MultiCheckboxField(fields.SelectMultipleField):
    """A group of checkboxes (a checklist)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        values = {str(choice.value) for choice in self.iter_choices()}
        if any(str(value) not in values for value in self.data or []):
            raise ValidationError("Pilih dari daftar yang tersedia.")


class FileListField(fields.MultipleFileField):
    """Several files in one input. Keeps only the parts that carry a file (a browser sends
    an empty part when nothing was chosen)."""

    def process_formdata(self, valuelist):
        self.data = [item for item in valuelist or [] if getattr(item, "filename", None)]

    def process_data(self, value):
        self.data = []


BooleanField = fields.BooleanField
StringField = fields.StringField
TextAreaField = fields.TextAreaField
HiddenField = fields.HiddenField
EmailField = fields.EmailField
TelField = fields.TelField
