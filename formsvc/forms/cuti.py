"""Permohonan cuti: every leave type a PNS or PPPK can request.

Rules (DOMAIN.md, issue 4): cuti tahunan at most 12 working days a request, up to 24 when
the employee declares carried-over or deferred leave, after 1 year of service; cuti besar 3
months after 5 years of service (waived for a first hajj); melahirkan 3 months, children 1-3;
alasan penting 1 month; CLTN 3 years after 5 years of service; PPPK only tahunan, sakit and
melahirkan. Cuti bersama is not offered: the government sets it for every ASN at once, so
there is nothing to request (the cuti bersama page says so too); it only matters here as a
non-working day when the length of a leave is counted.
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field as dc_field
from datetime import date, timedelta

from flask import current_app
from wtforms import SelectChoice

from ..templating import tanggal
from ..workdays import Calendar, calendar_for
from . import validators as v
from .common import EmployeeForm, SuperiorMixin, attachments_field, validate_if_clean
from .fields import BooleanField, DateField, RadioField, TextAreaField, WholeNumberField
from .services import LEAVE_SERVICES

LEAVE_TYPES = {
    "tahunan": "Cuti tahunan",
    "besar": "Cuti besar",
    "sakit": "Cuti sakit",
    "melahirkan": "Cuti melahirkan",
    "alasan_penting": "Cuti karena alasan penting",
    "cltn": "Cuti di luar tanggungan negara (CLTN)",
}
PPPK_TYPES = ("tahunan", "sakit", "melahirkan")
ANNUAL_MAX = 12
ANNUAL_MAX_WITH_CARRY_OVER = 24
# Limits in calendar months, from the first day of leave.
MONTH_LIMITS = {"besar": 3, "melahirkan": 3, "alasan_penting": 1, "cltn": 36}
MONTH_LIMIT_TEXT = {"besar": "3 bulan", "melahirkan": "3 bulan", "alasan_penting": "1 bulan", "cltn": "3 tahun"}
MIN_SERVICE_YEARS = {"tahunan": 1, "besar": 5, "cltn": 5}


def add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def last_day_within(start: date, months: int) -> date:
    """The last day of a leave of `months` months starting on `start` (1 Jan + 3 months -> 31 Mar)."""
    return add_months(start, months) - timedelta(days=1)


@dataclass
class LeaveLength:
    working_days: int
    calendar_days: int
    holidays: list[tuple[date, str]] = dc_field(default_factory=list)  # weekday holidays in the range

    def text(self) -> str:
        text = f"{self.working_days} hari kerja ({self.calendar_days} hari kalender)"
        if self.holidays:
            text += f"; tidak dihitung {len(self.holidays)} hari libur pada hari kerja"
        return text


def leave_length(calendar: Calendar, start: date, end: date) -> LeaveLength:
    holidays = []
    day = start
    while day <= end:
        if day.weekday() < 5 and not calendar.is_working_day(day):
            holidays.append((day, calendar.holiday_name(day) or "Hari libur"))
        day += timedelta(days=1)
    return LeaveLength(calendar.working_days_between(start, end), (end - start).days + 1, holidays)


class LeaveForm(SuperiorMixin, EmployeeForm):
    form_id = "cuti"
    title = "Permohonan Cuti"
    template = "forms/cuti.html"
    field_order = ("nama", "status", "nip", "jabatan", "unit_kerja", "masa_kerja_tahun", "masa_kerja_bulan",
                   "email", "hp", "jenis", "tanggal_mulai", "tanggal_selesai", "sisa_cuti", "haji_pertama",
                   "anak_ke", "alasan", "alamat_cuti", "atasan_nama", "atasan_email", "lampiran")
    submit_label = "Kirim permohonan cuti"
    next_steps = (
        "Petugas kepegawaian memeriksa permohonan, lampiran dan sisa cuti Anda.",
        "Atasan langsung memberi pertimbangan, lalu pejabat yang berwenang memutuskan: disetujui, "
        "perubahan, ditangguhkan atau tidak disetujui.",
        "Kami mengabarkan setiap perubahan status melalui email. Anda juga dapat melihatnya di halaman "
        "Cek Status Pengajuan.",
    )

    masa_kerja_tahun = WholeNumberField("Tahun", validators=[
        v.Required("Masukkan masa kerja Anda dalam tahun (0 jika belum 1 tahun)."),
        v.NumberRange(0, 50, "Masa kerja (tahun) harus antara 0 dan 50.")],
        invalid="Masukkan masa kerja (tahun) sebagai angka, contoh: 6.")
    masa_kerja_bulan = WholeNumberField("Bulan", validators=[
        v.Optional(), v.NumberRange(0, 11, "Masa kerja (bulan) harus antara 0 dan 11.")],
        invalid="Masukkan masa kerja (bulan) sebagai angka, contoh: 3.")
    jenis = RadioField("Jenis cuti", choices=[SelectChoice(k, label) for k, label in LEAVE_TYPES.items()],
                       validators=[v.Required("Pilih jenis cuti yang Anda minta.")],
                       description="PPPK hanya dapat memilih cuti tahunan, cuti sakit atau cuti melahirkan. "
                                   "Cuti bersama tidak perlu diajukan.")
    tanggal_mulai = DateField("Tanggal mulai", validators=[
        v.Required("Masukkan tanggal mulai cuti."), v.DateWithin(366, 730, "Tanggal mulai")])
    tanggal_selesai = DateField("Tanggal selesai", validators=[
        v.Required("Masukkan tanggal selesai cuti."), v.DateWithin(366, 4 * 366 + 730, "Tanggal selesai"),
        v.NotBefore("tanggal_mulai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")])
    sisa_cuti = BooleanField(
        "Saya memiliki sisa cuti tahunan dari tahun sebelumnya atau cuti yang ditangguhkan",
        description="Centang jika Anda meminta cuti tahunan lebih dari 12 hari kerja (paling banyak 24). "
                    "Petugas kepegawaian memeriksa sisa cuti Anda.")
    haji_pertama = BooleanField(
        "Cuti besar ini untuk menunaikan ibadah haji yang pertama",
        description="Syarat masa kerja 5 tahun tidak berlaku. Lampirkan bukti jadwal keberangkatan haji.")
    anak_ke = WholeNumberField("Kelahiran anak ke-", validators=[v.Optional()],
                               invalid="Masukkan urutan anak sebagai angka, contoh: 2.",
                               description="Cuti melahirkan berlaku untuk anak pertama sampai ketiga.")
    alasan = TextAreaField("Alasan cuti", validators=[
        v.Required("Tuliskan alasan cuti Anda."), v.MaxLength(2000, "Alasan")])
    alamat_cuti = TextAreaField("Alamat selama cuti", validators=[
        v.Required("Masukkan alamat Anda selama cuti."), v.MaxLength(500, "Alamat")],
        description="Alamat dan kota tempat Anda dapat dihubungi selama cuti.")
    lampiran = attachments_field(
        "Cuti sakit lebih dari 1 hari: surat keterangan dokter. Cuti melahirkan: surat keterangan dokter "
        "atau bidan. Alasan penting dan CLTN: surat keterangan pendukung. PDF, JPG atau PNG; paling besar "
        "2 MB per berkas; paling banyak 5 berkas.")

    length: LeaveLength | None = None

    # -- what the service function needs
    def service_slug(self) -> str | None:
        return LEAVE_SERVICES.get(self.jenis.data)

    def subject_detail(self) -> str:
        return LEAVE_TYPES.get(self.jenis.data, "Cuti")

    def skip_in_answers(self) -> set[str]:
        skip = set()
        if self.jenis.data != "tahunan":
            skip.add("sisa_cuti")
        if self.jenis.data != "besar":
            skip.add("haji_pertama")
        if self.jenis.data != "melahirkan":
            skip.add("anak_ke")
        return skip

    def answers(self) -> list[dict]:
        items = super().answers()
        for item in items:
            if item["name"] == "masa_kerja_tahun":
                item["label"], item["value"] = "Masa kerja", self.service_years_text()
        items = [i for i in items if i["name"] != "masa_kerja_bulan"]
        if self.length is not None:
            position = next((n for n, i in enumerate(items) if i["name"] == "tanggal_selesai"), len(items) - 1)
            items.insert(position + 1, {"name": "lama_cuti", "label": "Lama cuti", "value": self.length.text()})
        return items

    def service_years_text(self) -> str:
        years, months = self.masa_kerja_tahun.data or 0, self.masa_kerja_bulan.data or 0
        return f"{years} tahun {months} bulan"

    # -- working days, also for the "Hitung hari kerja" button
    def compute_length(self, calendar: Calendar | None = None) -> LeaveLength | None:
        self.length = None
        if validate_if_clean(self, "tanggal_mulai", "tanggal_selesai") \
                and self.tanggal_selesai.data >= self.tanggal_mulai.data:
            calendar = calendar or calendar_for(current_app)
            self.length = leave_length(calendar, self.tanggal_mulai.data, self.tanggal_selesai.data)
        return self.length

    # -- the rules between fields
    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self.compute_length()
        self.check_type_rules()
        return not self.has_errors

    def check_type_rules(self) -> None:
        kind = self.jenis.data
        if not validate_if_clean(self, "jenis"):
            return
        if validate_if_clean(self, "status") and self.status.data == "PPPK" and kind not in PPPK_TYPES:
            self.add_error("jenis", "PPPK hanya dapat mengajukan cuti tahunan, cuti sakit atau cuti melahirkan. "
                                    "Pilih salah satunya.")
            return
        self._check_service_years(kind)
        start, end = self.tanggal_mulai.data, self.tanggal_selesai.data
        if self.length is not None:
            self._check_length(kind, start, end)
        if kind == "melahirkan":
            if self.anak_ke.errors:
                pass
            elif self.anak_ke.data is None:
                self.add_error("anak_ke", "Masukkan urutan kelahiran anak (1, 2 atau 3).")
            elif not 1 <= self.anak_ke.data <= 3:
                self.add_error("anak_ke", "Cuti melahirkan hanya untuk anak pertama sampai ketiga. Untuk anak "
                                          "keempat dan seterusnya, PNS dapat mengajukan cuti besar.")
        self._check_required_documents(kind)

    def _check_service_years(self, kind: str) -> None:
        minimum = MIN_SERVICE_YEARS.get(kind)
        if minimum is None or not validate_if_clean(self, "masa_kerja_tahun") or self.masa_kerja_bulan.errors:
            return
        if kind == "besar" and self.haji_pertama.data:
            return
        if self.masa_kerja_tahun.data < minimum:
            messages = {
                "tahunan": "Cuti tahunan dapat diambil setelah bekerja paling sedikit 1 tahun secara terus-menerus.",
                "besar": "Cuti besar memerlukan masa kerja paling sedikit 5 tahun secara terus-menerus "
                         "(kecuali untuk ibadah haji pertama).",
                "cltn": "CLTN memerlukan masa kerja paling sedikit 5 tahun secara terus-menerus.",
            }
            self.add_error("masa_kerja_tahun", messages[kind])

    def _check_length(self, kind: str, start: date, end: date) -> None:
        days = self.length.working_days
        message = None
        if kind == "tahunan":
            if days == 0:
                message = ("Tanggal yang Anda pilih tidak berisi hari kerja (hanya akhir pekan atau hari libur). "
                           "Pilih tanggal pada hari kerja.")
            elif days > ANNUAL_MAX_WITH_CARRY_OVER:
                message = (f"Cuti tahunan paling lama {ANNUAL_MAX_WITH_CARRY_OVER} hari kerja, termasuk sisa cuti "
                           f"tahun sebelumnya. Permintaan ini {days} hari kerja.")
            elif days > ANNUAL_MAX and not self.sisa_cuti.data:
                message = (f"Cuti tahunan paling lama {ANNUAL_MAX} hari kerja dalam satu permintaan. Permintaan ini "
                           f"{days} hari kerja. Jika Anda memiliki sisa cuti tahun sebelumnya, centang pernyataan "
                           "sisa cuti.")
        elif kind in MONTH_LIMITS and end > last_day_within(start, MONTH_LIMITS[kind]):
            latest = last_day_within(start, MONTH_LIMITS[kind])
            message = (f"{LEAVE_TYPES[kind]} paling lama {MONTH_LIMIT_TEXT[kind]}. Dengan tanggal mulai ini, "
                       f"tanggal selesai paling lambat {tanggal(latest)}.")
        if message:
            self.add_error("tanggal_selesai", message)

    def _check_required_documents(self, kind: str) -> None:
        if self.lampiran.errors or getattr(self, "documents", None):
            return
        message = None
        if kind == "sakit" and self.length is not None and self.length.calendar_days > 1:
            if self.length.calendar_days > 14:
                message = "Lampirkan surat keterangan dokter pemerintah: wajib untuk cuti sakit lebih dari 14 hari."
            else:
                message = "Lampirkan surat keterangan dokter: wajib untuk cuti sakit lebih dari 1 hari."
        elif kind == "melahirkan":
            message = "Lampirkan surat keterangan dokter atau bidan tentang perkiraan tanggal persalinan."
        elif kind == "alasan_penting":
            message = "Lampirkan surat keterangan pendukung alasan penting (misalnya dari rumah sakit atau RT/RW)."
        elif kind == "cltn":
            message = "Lampirkan surat keterangan pendukung alasan CLTN."
        elif kind == "besar" and self.haji_pertama.data:
            message = "Lampirkan bukti jadwal keberangkatan haji."
        if message:
            self.add_error("lampiran", message)
