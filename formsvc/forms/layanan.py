"""Permohonan layanan kepegawaian: any service of the knowledge base offered online
(front matter `formulir: layanan`). The chosen service's persyaratan are shown as a
checklist, and the documents are uploaded."""
from __future__ import annotations

from wtforms import SelectChoice

from . import services as catalog_view
from . import validators as v
from .common import EmployeeForm, attachments_field
from .fields import MultiCheckboxField, SelectField, TextAreaField


class ServiceRequestForm(EmployeeForm):
    form_id = "layanan"
    title = "Permohonan Layanan Kepegawaian"
    template = "forms/layanan.html"
    field_order = ("layanan", "persyaratan", "nama", "status", "nip", "jabatan", "unit_kerja", "email", "hp",
                   "lampiran", "keterangan")
    submit_label = "Kirim permohonan"
    next_steps = (
        "Petugas kepegawaian memeriksa kelengkapan berkas Anda.",
        "Jika ada yang kurang, status menjadi \u201cPerlu Perbaikan\u201d dan kami menjelaskan apa yang perlu "
        "dilengkapi.",
        "Jangka waktu layanan dihitung sejak berkas dinyatakan lengkap. Kami mengabarkan setiap perubahan "
        "status melalui email.",
    )

    layanan = SelectField("Layanan yang diajukan", validators=[v.Required("Pilih layanan yang Anda ajukan.")],
                          invalid_choice_message="Pilih layanan dari daftar. Layanan ini tidak dapat diajukan "
                                                 "secara online.")
    persyaratan = MultiCheckboxField("Persyaratan yang sudah Anda penuhi atau lampirkan",
                                     description="Centang setiap persyaratan yang sudah Anda siapkan. Petugas "
                                                 "memeriksa kelengkapannya.")
    keterangan = TextAreaField("Keterangan tambahan (jika ada)", validators=[
        v.Optional(), v.MaxLength(2000, "Keterangan")])
    lampiran = attachments_field(
        "Unggah dokumen persyaratan. PDF, JPG atau PNG; paling besar 2 MB per berkas; paling banyak 5 berkas.",
        label="Dokumen persyaratan")

    def __init__(self, formdata=None, services=None, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
        self.services = services if services is not None else catalog_view.services()
        offered = catalog_view.requestable_services(self.services)
        self.layanan.choices = catalog_view.grouped_choices(offered, empty_label="Pilih layanan")
        self.update_checklist()

    @property
    def selected_service(self):
        offered = {s.slug: s for s in catalog_view.requestable_services(self.services)}
        return offered.get(self.layanan.data)

    def update_checklist(self) -> None:
        service = self.selected_service
        items = service.persyaratan if service else ()
        self.persyaratan.choices = [SelectChoice(str(n), text) for n, text in enumerate(items, start=1)]
        if self.persyaratan.data:
            valid = {str(n) for n in range(1, len(items) + 1)}
            self.persyaratan.data = [value for value in self.persyaratan.data if value in valid]

    def service_slug(self) -> str | None:
        return self.layanan.data

    def subject_detail(self) -> str:
        service = self.selected_service
        return service.title if service else "Layanan kepegawaian"

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        if not self.lampiran.errors and not getattr(self, "documents", None):
            self.add_error("lampiran", "Unggah paling sedikit 1 dokumen persyaratan.")
        return not self.has_errors
