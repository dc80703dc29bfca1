"""The status lookup: a reference number and the NIP, email or phone number given with it."""
from __future__ import annotations

from . import validators as v
from .base import BaseForm
from .fields import StringField


class StatusLookupForm(BaseForm):
    form_id = "status"
    title = "Cek Status Pengajuan"
    template = "forms/status.html"
    submit_label = "Cek status"
    action = "/api/status/"

    nomor = StringField("Nomor pengajuan", validators=[
        v.Required("Masukkan nomor pengajuan Anda, contoh: ABCD-EFGH."), v.Reference()],
        description="8 huruf dan angka, ada di halaman konfirmasi dan di email tanda terima. Contoh: ABCD-EFGH.")
    identitas = StringField("NIP, email atau nomor HP", validators=[v.Optional(), v.MaxLength(254, "Isian")],
                            description="Yang Anda isi saat mengirim. Kosongkan jika Anda mengirim saran atau "
                                        "pengaduan tanpa identitas.")
