"""Permohonan izin: not coming to work, coming late, leaving early, official business outside
the office. Limits are the office's own rules (not verified, DOMAIN.md), so the form only
checks that the answers are complete and consistent."""
from __future__ import annotations

from wtforms import SelectChoice

from . import validators as v
from .common import EmployeeForm, SuperiorMixin, attachments_field, validate_if_clean
from .fields import DateField, RadioField, TextAreaField, TimeField
from .services import PERMISSION_SERVICE

PERMISSION_TYPES = {
    "tidak_masuk": "Tidak masuk kerja",
    "terlambat": "Datang terlambat",
    "pulang_awal": "Pulang lebih awal",
    "dinas_luar": "Keperluan dinas luar",
}
NEEDS_TIME = {"terlambat": "Masukkan perkiraan jam Anda datang.",
              "pulang_awal": "Masukkan jam Anda akan pulang."}


class PermissionForm(SuperiorMixin, EmployeeForm):
    form_id = "izin"
    title = "Permohonan Izin"
    template = "forms/izin.html"
    field_order = ("nama", "status", "nip", "jabatan", "unit_kerja", "email", "hp", "jenis_izin", "tanggal",
                   "tanggal_selesai", "jam", "alasan", "atasan_nama", "atasan_email", "lampiran")
    submit_label = "Kirim permohonan izin"
    next_steps = (
        "Atasan langsung menyetujui atau menolak izin Anda.",
        "Petugas kepegawaian mencatat izin yang disetujui dalam data kehadiran.",
        "Kami mengabarkan perubahan status melalui email. Anda juga dapat melihatnya di halaman "
        "Cek Status Pengajuan.",
    )

    jenis_izin = RadioField("Jenis izin", choices=[SelectChoice(k, label) for k, label in PERMISSION_TYPES.items()],
                            validators=[v.Required("Pilih jenis izin yang Anda minta.")])
    tanggal = DateField("Tanggal", validators=[
        v.Required("Masukkan tanggal izin."), v.DateWithin(366, 366, "Tanggal izin")])
    tanggal_selesai = DateField("Sampai tanggal (jika lebih dari 1 hari)", validators=[
        v.Optional(), v.DateWithin(366, 400, "Tanggal selesai"),
        v.NotBefore("tanggal", "Tanggal selesai tidak boleh sebelum tanggal izin.")],
        description="Hanya untuk tidak masuk kerja atau dinas luar lebih dari 1 hari. Jika Anda perlu "
                    "beberapa hari, pertimbangkan cuti tahunan.")
    jam = TimeField("Jam datang atau pulang", validators=[v.Optional()],
                    description="Untuk datang terlambat: perkiraan jam datang. Untuk pulang lebih awal: "
                                "jam pulang. Contoh: 09:30.")
    alasan = TextAreaField("Alasan", validators=[
        v.Required("Tuliskan alasan izin Anda."), v.MaxLength(2000, "Alasan")])
    lampiran = attachments_field(
        "Jika ada, misalnya surat tugas untuk dinas luar. PDF, JPG atau PNG; paling besar 2 MB per berkas; "
        "paling banyak 5 berkas.", label="Lampiran (jika ada)")

    def service_slug(self) -> str | None:
        return PERMISSION_SERVICE

    def subject_detail(self) -> str:
        return PERMISSION_TYPES.get(self.jenis_izin.data, "Izin")

    def skip_in_answers(self) -> set[str]:
        if self.jenis_izin.data in NEEDS_TIME:
            return {"tanggal_selesai"}
        return {"jam"}

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        if validate_if_clean(self, "jenis_izin"):
            kind = self.jenis_izin.data
            if kind in NEEDS_TIME and self.jam.data is None and not self.jam.errors:
                self.add_error("jam", NEEDS_TIME[kind])
        return not self.has_errors
