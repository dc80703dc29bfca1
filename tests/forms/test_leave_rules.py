"""The leave form's rules between fields, through HTTP as a browser without JavaScript sends them."""
from datetime import date, timedelta

import pytest

from formsvc.forms.cuti import last_day_within, leave_length
from formsvc.workdays import Calendar

from .conftest import PDF, error_summary, leave, next_monday, ni_pppk, upload


def day(offset: int) -> str:
    return (next_monday() + timedelta(days=offset)).isoformat()


def errors_of(response) -> list[str]:
    assert response.status_code == 422, response.status_code
    return error_summary(response.get_data(as_text=True))


def test_valid_request_is_accepted(submit):
    response = submit("cuti", leave())
    assert response.status_code == 303


def test_every_missing_answer_is_named(submit):
    messages = errors_of(submit("cuti", {"situs_web": ""}))
    for expected in ("Masukkan nama lengkap Anda.", "Pilih status kepegawaian Anda: PNS atau PPPK.",
                     "Masukkan NIP (PNS) atau NI PPPK Anda, 18 digit angka.", "Masukkan jabatan Anda.",
                     "Masukkan alamat email Anda: tanda terima dikirim ke alamat ini.",
                     "Pilih jenis cuti yang Anda minta.", "Masukkan tanggal mulai cuti.",
                     "Masukkan alamat Anda selama cuti.", "Masukkan nama atasan langsung Anda."):
        assert expected in messages


def test_errors_link_to_their_fields_and_everything_typed_is_kept(submit):
    html = submit("cuti", leave(nip="1985", hp="12345", alasan="Alasan <b>saya</b>")).get_data(as_text=True)
    assert '<a href="#cuti-nip">Masukkan NIP 18 digit angka' in html
    assert '<a href="#cuti-hp">Masukkan nomor HP Indonesia' in html
    # beside the field, tied to the input for screen readers
    assert 'id="cuti-nip-error"' in html
    assert 'aria-describedby="cuti-nip-hint cuti-nip-error"' in html and 'aria-invalid="true"' in html
    # what was typed is still there (escaped)
    assert 'value="1985"' in html and 'value="Budi Santoso, S.Kom."' in html
    assert "Alasan &lt;b&gt;saya&lt;/b&gt;</textarea>" in html
    assert 'value="tahunan" checked' in html or 'checked class="fs-choice__input" id="cuti-jenis-0"' in html


def test_end_before_start(submit):
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in errors_of(
        submit("cuti", leave(tanggal_mulai=day(2), tanggal_selesai=day(0))))


def test_annual_leave_at_most_12_working_days_unless_carry_over_is_declared(submit):
    start, end = day(0), day(17)  # Monday + 2 weeks + Thursday: 14 working days without holidays
    messages = errors_of(submit("cuti", leave(tanggal_mulai=start, tanggal_selesai=end)))
    assert any("Cuti tahunan paling lama 12 hari kerja dalam satu permintaan" in m for m in messages)
    assert submit("cuti", leave(tanggal_mulai=start, tanggal_selesai=end, sisa_cuti="y")).status_code == 303


def test_annual_leave_never_more_than_24_working_days(submit):
    messages = errors_of(submit("cuti", leave(tanggal_mulai=day(0), tanggal_selesai=day(45), sisa_cuti="y")))
    assert any("Cuti tahunan paling lama 24 hari kerja, termasuk sisa cuti" in m for m in messages)


def test_annual_leave_on_a_weekend_only_has_no_working_day(submit):
    messages = errors_of(submit("cuti", leave(tanggal_mulai=day(5), tanggal_selesai=day(6))))
    assert any("tidak berisi hari kerja" in m for m in messages)


def test_annual_leave_needs_one_year_of_service(submit):
    messages = errors_of(submit("cuti", leave(masa_kerja_tahun="0", masa_kerja_bulan="8")))
    assert "Cuti tahunan dapat diambil setelah bekerja paling sedikit 1 tahun secara terus-menerus." in messages


@pytest.mark.parametrize("kind", ["besar", "alasan_penting", "cltn"])
def test_pppk_only_annual_sick_and_maternity(submit, kind):
    data = leave(status="PPPK", nip=ni_pppk(), jenis=kind, masa_kerja_tahun="10")
    messages = errors_of(submit("cuti", data, files={"lampiran": [upload(PDF, "surat.pdf")]}))
    expected = "PPPK hanya dapat mengajukan cuti tahunan, cuti sakit atau cuti melahirkan"
    assert any(m.startswith(expected) for m in messages)


def test_pppk_annual_leave_is_accepted(submit):
    assert submit("cuti", leave(status="PPPK", nip=ni_pppk())).status_code == 303


def test_cuti_bersama_is_not_a_type_to_request(client):
    html = client.get("/api/forms/cuti/").get_data(as_text=True)
    assert 'value="bersama"' not in html
    assert "Cuti bersama tidak perlu diajukan." in html


def test_sick_leave_of_one_day_needs_no_certificate_but_longer_does(submit):
    assert submit("cuti", leave(jenis="sakit", tanggal_mulai=day(0), tanggal_selesai=day(0))).status_code == 303
    messages = errors_of(submit("cuti", leave(jenis="sakit", tanggal_mulai=day(0), tanggal_selesai=day(2))))
    assert "Lampirkan surat keterangan dokter: wajib untuk cuti sakit lebih dari 1 hari." in messages
    messages = errors_of(submit("cuti", leave(jenis="sakit", tanggal_mulai=day(0), tanggal_selesai=day(20))))
    assert "Lampirkan surat keterangan dokter pemerintah: wajib untuk cuti sakit lebih dari 14 hari." in messages
    ok = submit("cuti", leave(jenis="sakit", tanggal_mulai=day(0), tanggal_selesai=day(2)),
                files={"lampiran": [upload(PDF, "surat-dokter.pdf")]})
    assert ok.status_code == 303


def test_maternity_leave_three_months_children_one_to_three(submit):
    start = next_monday()
    end_ok = last_day_within(start, 3)
    files = {"lampiran": [upload(PDF, "surat-bidan.pdf")]}
    data = leave(jenis="melahirkan", tanggal_mulai=start.isoformat(), tanggal_selesai=end_ok.isoformat(), anak_ke="2")
    assert submit("cuti", data, files=files).status_code == 303
    too_long = dict(data, tanggal_selesai=(end_ok + timedelta(days=1)).isoformat(), anak_ke="3")
    messages = errors_of(submit("cuti", too_long, files={"lampiran": [upload(PDF, "surat-bidan.pdf")]}))
    assert any(m.startswith("Cuti melahirkan paling lama 3 bulan.") for m in messages)
    fourth = dict(data, anak_ke="4")
    messages = errors_of(submit("cuti", fourth, files={"lampiran": [upload(PDF, "surat-bidan.pdf")]}))
    assert any("hanya untuk anak pertama sampai ketiga" in m for m in messages)
    messages = errors_of(submit("cuti", {k: v for k, v in data.items() if k != "anak_ke"}))
    assert "Masukkan urutan kelahiran anak (1, 2 atau 3)." in messages
    assert "Lampirkan surat keterangan dokter atau bidan tentang perkiraan tanggal persalinan." in messages


def test_important_reasons_one_month_with_a_supporting_letter(submit):
    start = next_monday()
    data = leave(jenis="alasan_penting", tanggal_mulai=start.isoformat(),
                 tanggal_selesai=last_day_within(start, 1).isoformat())
    messages = errors_of(submit("cuti", data))
    assert "Lampirkan surat keterangan pendukung alasan penting (misalnya dari rumah sakit atau RT/RW)." in messages
    assert submit("cuti", data, files={"lampiran": [upload(PDF, "surat-rs.pdf")]}).status_code == 303
    longer = dict(data, tanggal_selesai=(last_day_within(start, 1) + timedelta(days=1)).isoformat())
    messages = errors_of(submit("cuti", longer, files={"lampiran": [upload(PDF, "surat-rs.pdf")]}))
    assert any(m.startswith("Cuti karena alasan penting paling lama 1 bulan.") for m in messages)


def test_long_leave_five_years_of_service_unless_first_hajj(submit):
    start = next_monday()
    data = leave(jenis="besar", masa_kerja_tahun="3", tanggal_mulai=start.isoformat(),
                 tanggal_selesai=last_day_within(start, 3).isoformat())
    messages = errors_of(submit("cuti", data))
    assert any(m.startswith("Cuti besar memerlukan masa kerja paling sedikit 5 tahun") for m in messages)
    hajj = dict(data, haji_pertama="y")
    assert "Lampirkan bukti jadwal keberangkatan haji." in errors_of(submit("cuti", hajj))
    assert submit("cuti", hajj, files={"lampiran": [upload(PDF, "jadwal-haji.pdf")]}).status_code == 303
    one_day_more = (last_day_within(start, 3) + timedelta(days=1)).isoformat()
    longer = dict(data, masa_kerja_tahun="7", tanggal_selesai=one_day_more)
    assert any(m.startswith("Cuti besar paling lama 3 bulan.") for m in errors_of(submit("cuti", longer)))


def test_cltn_three_years_after_five_years_of_service(submit):
    start = next_monday()
    files = lambda: {"lampiran": [upload(PDF, "surat.pdf")]}  # noqa: E731
    data = leave(jenis="cltn", masa_kerja_tahun="5", tanggal_mulai=start.isoformat(),
                 tanggal_selesai=last_day_within(start, 36).isoformat())
    assert submit("cuti", data, files=files()).status_code == 303
    messages = errors_of(submit("cuti", dict(data, masa_kerja_tahun="4"), files=files()))
    assert "CLTN memerlukan masa kerja paling sedikit 5 tahun secara terus-menerus." in messages
    longer = dict(data, tanggal_selesai=(last_day_within(start, 36) + timedelta(days=1)).isoformat())
    assert any("paling lama 3 tahun" in m for m in errors_of(submit("cuti", longer, files=files())))


def test_attachment_type_checked_on_the_request(submit):
    messages = errors_of(submit("cuti", leave(), files={"lampiran": [upload(b"GIF89a....", "foto.pdf")]}))
    assert any("\u201cfoto.pdf\u201d bukan PDF, JPG atau PNG" in m for m in messages)


def test_working_days_button_counts_without_submitting(submit, app):
    # Monday .. Friday of the next week: 10 calendar days... count what the calendar says
    start, end = next_monday(), next_monday() + timedelta(days=11)
    response = submit("cuti", leave(tanggal_mulai=start.isoformat(), tanggal_selesai=end.isoformat(), aksi="hitung",
                                    nama=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    from formsvc.workdays import calendar_for
    expected = leave_length(calendar_for(app), start, end)
    assert f"Lama cuti: <strong>{expected.working_days} hari kerja</strong> (12 hari kalender)." in html
    assert "Permohonan belum dikirim." in html
    assert error_summary(html) == []  # the empty name is not complained about: nothing was sent
    from formsvc.models import Submission
    with app.app_context():
        assert Submission.query.count() == 0


def test_working_days_endpoint_for_the_script(client):
    # 2026-12-21 (Mon) .. 2026-12-27 (Sun): Christmas on Friday
    answer = client.get("/api/forms/cuti/hari-kerja?mulai=2026-12-21&selesai=2026-12-27").get_json()
    expected = Calendar().working_days_between(date(2026, 12, 21), date(2026, 12, 27))
    assert answer["ok"] and answer["hari_kerja"] <= expected and answer["hari_kalender"] == 7
    assert any(item["tanggal"] == "2026-12-25" for item in answer["libur"])
    assert "hari kerja" in answer["html"]
    bad = client.get("/api/forms/cuti/hari-kerja?mulai=2026-12-27&selesai=2026-12-21")
    assert bad.status_code == 400 and bad.get_json()["message"] == "Tanggal selesai tidak boleh sebelum tanggal mulai."


def test_cuti_bersama_from_hr_data_file_is_not_counted(make_app, tmp_path):
    import shutil

    from .conftest import ROOT_DOCS
    docs = tmp_path / "docs"
    shutil.copytree(ROOT_DOCS, docs)
    shutil.copy(ROOT_DOCS.parent / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (docs / "_data" / "cuti-bersama.yml").write_text("- tanggal: 2027-03-05\n  keterangan: uji\n", encoding="utf-8")
    app = make_app(DOCS_DIR=str(docs))
    answer = app.test_client().get("/api/forms/cuti/hari-kerja?mulai=2027-03-01&selesai=2027-03-05").get_json()
    assert answer["hari_kerja"] == Calendar(frozenset({date(2027, 3, 5)})).working_days_between(
        date(2027, 3, 1), date(2027, 3, 5))
    assert {"tanggal": "2027-03-05", "nama": "Cuti bersama"} in answer["libur"]


def test_files_must_be_chosen_again_after_an_error_without_javascript(submit):
    response = submit("cuti", leave(nama=""), files={"lampiran": [upload(PDF, "surat.pdf")]})
    html = response.get_data(as_text=True)
    assert "Masukkan nama lengkap Anda." in error_summary(html)
    assert "Berkas lampiran belum tersimpan. Pilih lagi berkas Anda sebelum mengirim." in html
    assert 'aria-describedby="cuti-lampiran-hint cuti-lampiran-reattach"' in html


def test_with_javascript_the_files_stay_selected_so_no_reattach_message(client):
    body = dict(leave(nama=""), lampiran=[upload(PDF, "surat.pdf")])
    answer = client.post("/api/forms/cuti/", data=body, content_type="multipart/form-data",
                         headers={"X-Requested-With": "fetch"})
    assert answer.status_code == 422
    payload = answer.get_json()
    assert payload["ok"] is False
    assert payload["errors"] == [{"id": "cuti-nama", "message": "Masukkan nama lengkap Anda."}]
    assert "Berkas lampiran belum tersimpan" not in payload["html"]
    assert payload["html"].lstrip().startswith("<form")
