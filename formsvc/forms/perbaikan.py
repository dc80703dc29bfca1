"""Kirim perbaikan: the applicant's answer to "Perlu Perbaikan", sent from the status page into
the same request. A message, corrected documents, or both; the documents follow the rules of
the request forms (formsvc/forms/attachments.py)."""
from __future__ import annotations

from . import validators as v
from .base import BaseForm
from .common import attachments_field
from .fields import TextAreaField

NOTHING_SENT = "Tuliskan pesan perbaikan, atau pilih berkas perbaikan, atau keduanya."


class CorrectionForm(BaseForm):
    form_id = "perbaikan"
    title = "Kirim Perbaikan"
    template = "status/_perbaikan_form.html"
    submit_label = "Kirim perbaikan"
    field_order = ("pesan", "lampiran")

    pesan = TextAreaField("Pesan untuk petugas", validators=[v.Optional(), v.MaxLength(4000, "Pesan")],
                          description="Jelaskan apa yang Anda perbaiki atau lengkapi. Boleh dikosongkan jika "
                                      "Anda hanya mengirim berkas.")
    lampiran = attachments_field(
        "Berkas yang diperbaiki atau dilengkapi (jika ada). PDF, JPG atau PNG; paling besar 2 MB per berkas; "
        "paling banyak 5 berkas.", label="Berkas perbaikan (jika ada)")

    def __init__(self, formdata=None, action: str = "", **kwargs):
        super().__init__(formdata=formdata, **kwargs)
        self._action = action

    @property
    def action(self) -> str:
        """The status page's own signed address: the token is the authority to answer."""
        return self._action

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        if not self.pesan.errors and not self.lampiran.errors and not self.pesan.data and not self.documents:
            self.add_error("pesan", NOTHING_SENT)
        return not self.has_errors
