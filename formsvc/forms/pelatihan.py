"""Pendaftaran pelatihan: register for a training of the training calendar
(docs/_data/pelatihan.yml) whose registration is still open."""
from __future__ import annotations

from datetime import date
from operator import attrgetter

from ..templating import tanggal
from . import services as catalog_view
from . import validators as v
from .common import EmployeeForm, attachments_field
from .fields import SelectField, StringField, TextAreaField


def training_label(training) -> str:
    when = tanggal(training.tanggal_mulai)
    if training.tanggal_selesai != training.tanggal_mulai:
        when += f" \u2013 {tanggal(training.tanggal_selesai)}"
    return f"{training.judul} ({when}, {training.tempat})"


class TrainingForm(EmployeeForm):
    form_id = "pelatihan"
    title = "Pendaftaran Pelatihan"
    template = "forms/pelatihan.html"
    field_order = ("pelatihan", "alasan", "nama", "status", "nip", "jabatan", "unit_kerja", "email", "hp",
                   "atasan_nama", "lampiran")
    submit_label = "Kirim pendaftaran"
    next_steps = (
        "Petugas pengembangan kompetensi memeriksa pendaftaran dan persyaratan peserta.",
        "Jika kuota terbatas, peserta dipilih sesuai ketentuan penyelenggara.",
        "Kami mengabarkan hasilnya melalui email. Anda juga dapat melihatnya di halaman Cek Status Pengajuan.",
    )

    pelatihan = SelectField("Pelatihan", validators=[v.Required("Pilih pelatihan yang ingin Anda ikuti.")],
                            invalid_choice_message="Pendaftaran pelatihan ini sudah ditutup atau pelatihan tidak "
                                                   "ada di kalender. Pilih pelatihan lain.")
    alasan = TextAreaField("Alasan mengikuti pelatihan", validators=[
        v.Required("Tuliskan alasan Anda mengikuti pelatihan ini."), v.MaxLength(2000, "Alasan")],
        description="Misalnya kaitannya dengan tugas Anda sekarang.")
    atasan_nama = StringField("Nama atasan langsung yang mengetahui", validators=[
        v.Required("Masukkan nama atasan langsung yang mengetahui pendaftaran ini."), v.MaxLength(200, "Nama atasan")])
    lampiran = attachments_field(
        "Jika penyelenggara meminta dokumen, misalnya surat persetujuan atasan. PDF, JPG atau PNG; paling besar "
        "2 MB per berkas; paling banyak 5 berkas.", label="Lampiran (jika ada)")

    def __init__(self, formdata=None, trainings=None, services=None, today: date | None = None, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
        trainings = trainings if trainings is not None else catalog_view.trainings()
        self.services = services if services is not None else catalog_view.services()
        self.open_trainings = [t for t in trainings if t.is_open(today)]
        self.pelatihan.choices = catalog_view.select_choices(self.open_trainings, attrgetter("id"), training_label,
                                                             prompt="Pilih pelatihan")

    @property
    def selected_training(self):
        return next((t for t in self.open_trainings if t.id == self.pelatihan.data), None)

    def service_slug(self) -> str | None:
        """The procedure page of training registration, if the knowledge base has one."""
        return next((s.slug for s in self.services.values() if s.formulir == "pelatihan"), None)

    def subject_detail(self) -> str:
        training = self.selected_training
        return training.judul if training else "Pelatihan"
