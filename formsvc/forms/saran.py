"""Saran dan pengaduan (issue 5 item 1): anyone, named or anonymous, may send a suggestion,
complaint, question or appreciation, optionally about one service.

Anonymous messages: without an email there is no email to the sender, but the reference
number alone opens the answer on the status page. That is safe because an anonymous
submission holds no personal data, and a reference cannot practically be guessed (31^8
combinations, and the lookup is rate-limited). Anyone who gives an email or phone number
must give it again, with the reference, to see the answer."""
from __future__ import annotations

from wtforms import SelectChoice

from . import services as catalog_view
from . import validators as v
from .base import BaseForm
from .fields import BooleanField, EmailField, RadioField, SelectField, StringField, TelField, TextAreaField

CATEGORIES = {
    "saran": "Saran",
    "pengaduan": "Pengaduan",
    "pertanyaan": "Pertanyaan",
    "apresiasi": "Apresiasi",
}


class SuggestionForm(BaseForm):
    form_id = "saran"
    title = "Saran dan Pengaduan"
    template = "forms/saran.html"
    submit_label = "Kirim"
    next_steps = (
        "Petugas membaca pesan Anda dan meneruskannya ke bidang yang menangani.",
        "Jawaban kami tampil di halaman Cek Status Pengajuan dengan nomor pengajuan Anda, dan dikirim "
        "ke email Anda jika Anda mengisinya.",
        "Jika Anda setuju, pertanyaan dan jawaban dapat ditampilkan tanpa identitas di halaman Tanya Jawab.",
    )

    kategori = RadioField("Jenis pesan", choices=[SelectChoice(k, label) for k, label in CATEGORIES.items()],
                          validators=[v.Required("Pilih jenis pesan: saran, pengaduan, pertanyaan atau apresiasi.")])
    layanan = SelectField("Layanan yang terkait (jika ada)", validators=[v.Optional()],
                          invalid_choice_message="Pilih layanan dari daftar, atau kosongkan.")
    pesan = TextAreaField("Pesan", validators=[
        v.Required("Tuliskan pesan Anda."), v.MaxLength(4000, "Pesan")],
        description="Ceritakan apa yang terjadi, kapan, dan di layanan mana. Jangan menulis data pribadi orang lain.")
    nama = StringField("Nama (boleh dikosongkan)", validators=[v.Optional(), v.MaxLength(200, "Nama")])
    email = EmailField("Email (boleh dikosongkan)", validators=[v.Optional(), v.Email()],
                       description="Jika diisi, jawaban kami juga dikirim ke email ini.")
    hp = TelField("Nomor HP (boleh dikosongkan)", validators=[v.Optional(), v.IndonesianPhone()])
    publikasi = BooleanField(
        "Saya setuju pertanyaan dan jawaban ini ditampilkan di halaman Tanya Jawab tanpa nama dan kontak saya")

    def __init__(self, formdata=None, services=None, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
        self.services = services if services is not None else catalog_view.services()
        self.layanan.choices = catalog_view.grouped_choices(self.services.values(),
                                                            empty_label="Tidak terkait layanan tertentu")

    def service_slug(self) -> str | None:
        return self.layanan.data or None

    def subject_detail(self) -> str:
        return CATEGORIES.get(self.kategori.data, "Pesan")

    def applicant(self) -> dict:
        return {"name": self.nama.data or None, "nip": None, "email": self.email.data or None,
                "phone": self.hp.data or None}

    @property
    def anonymous(self) -> bool:
        return not (self.nama.data or self.email.data or self.hp.data)
