"""A leave request in Debian's Chromium, from the procedure page through the embedded form:
an error round trip, the confirmation, the emails at the loopback SMTP server, the status page.
Once with JavaScript (inline submission, after Material's instant navigation), once without."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def next_monday() -> date:
    day = date.today() + timedelta(days=14)
    while day.weekday() != 0:
        day += timedelta(days=1)
    return day


def fill_employee(form, nip="19850312 201001 1 003"):
    form.get_by_label("Nama lengkap").fill("Dewi Lestari, S.Pd.")
    form.get_by_label("PNS (termasuk CPNS)").check()
    form.get_by_label("NIP atau NI PPPK").fill(nip)
    form.get_by_label("Jabatan").fill("Guru Ahli Muda")
    form.get_by_label("Unit kerja").fill("SMP Negeri 1")
    form.get_by_label("Tahun", exact=True).fill("8")
    form.get_by_label("Bulan", exact=True).fill("2")
    form.get_by_label("Email", exact=True).fill("dewi.lestari@contoh.go.id")
    form.get_by_label("Nomor HP").fill("0813 7000 1234")


def fill_leave(form, start: date, end: date, kind="Cuti tahunan"):
    form.get_by_label(kind, exact=True).check()
    form.get_by_label("Tanggal mulai").fill(start.isoformat())
    form.get_by_label("Tanggal selesai").fill(end.isoformat())
    form.get_by_label("Alasan cuti").fill("Menghadiri pernikahan adik di Pematangsiantar")
    form.get_by_label("Alamat selama cuti").fill("Jl. Sudirman 5, Pematangsiantar")
    form.get_by_label("Nama atasan langsung").fill("Ahmad Yani, M.Pd.")


def check_status(page, base_url, reference, identity):
    page.goto(base_url + "/bantuan/cek-status/")
    form = page.locator("#formulir form")
    form.get_by_label("Nomor pengajuan").fill(reference.lower())
    form.get_by_label("NIP, email atau nomor HP").fill(identity)
    form.get_by_role("button", name="Cek status").click()
    expect(page.locator("h1")).to_have_text(f"Status pengajuan {reference}")
    expect(page.locator(".fs-timeline")).to_contain_text("Diterima")
    assert "/api/status/lihat/" in page.url and reference not in page.url


def test_leave_request_with_javascript(page, live_server, smtp_server, tmp_path):
    letter = tmp_path / "undangan.pdf"
    letter.write_bytes(PDF)
    page.set_viewport_size({"width": 360, "height": 800})

    # Arrive by Material's instant navigation: the script must set the form up anyway.
    page.goto(live_server.url + "/layanan/cuti/")
    page.locator("article a[href$='cuti-tahunan/']").first.click()
    expect(page.locator("h1").first).to_contain_text("Cuti Tahunan")
    form = page.locator("#formulir form")
    expect(form).to_have_attribute("data-fs-ready", "1")

    start = next_monday()
    fill_employee(form, nip="19850312 201001 3 003")  # sex digit 3: wrong
    fill_leave(form, start, start + timedelta(days=2))
    # Questions for other leave types stay out of the way.
    expect(form.get_by_label("Saya memiliki sisa cuti tahunan", exact=False)).to_be_visible()
    expect(form.get_by_label("Kelahiran anak ke-")).to_be_hidden()
    # The working days appear as soon as both dates are there (aria-live region).
    expect(form.locator("[data-fs-working-days-output]")).to_contain_text("hari kerja")
    form.get_by_label("Lampiran", exact=True).set_input_files(str(letter))

    form.get_by_role("button", name="Kirim permohonan cuti").click()
    summary = page.locator("[data-fs-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Digit ke-15 NIP adalah jenis kelamin")
    assert "/layanan/cuti/cuti-tahunan/" in page.url and "/api/" not in page.url  # still the guide: sent inline
    # Everything typed is kept, the chosen file too.
    form = page.locator("#formulir form")
    expect(form.get_by_label("Nama lengkap")).to_have_value("Dewi Lestari, S.Pd.")
    assert form.locator("input[type=file]").evaluate("input => input.files.length") == 1
    summary.get_by_role("link").first.click()
    nip = form.get_by_label("NIP atau NI PPPK")
    expect(nip).to_be_focused()
    expect(nip).to_have_attribute("aria-invalid", "true")
    nip.fill("19850312 201001 2 003")

    form.get_by_role("button", name="Kirim permohonan cuti").click()
    confirmation = page.locator("[data-fs-confirmation]")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_contain_text("Permohonan Cuti sudah kami terima")
    reference = confirmation.locator(".fs-reference").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    expect(confirmation).to_contain_text("d***@contoh.go.id")
    expect(confirmation.get_by_role("link", name="Bagaimana layanan kami? Isi survei kepuasan")).to_have_attribute(
        "href", f"/api/survei/?ref={reference}")

    messages = smtp_server.wait_for(2, timeout=15)
    hr = next(m for m in messages if "hr@kepegawaian.test" in m["To"])
    ack = next(m for m in messages if "dewi.lestari@contoh.go.id" in m["To"])
    assert reference in hr["Subject"] and reference in ack["Subject"]
    assert [p.get_filename() for p in hr.iter_attachments()] == ["undangan.pdf"]
    assert "Pematangsiantar" in hr.get_body(("plain",)).get_content()

    check_status(page, live_server.url, reference, "dewi.lestari@contoh.go.id")


def test_leave_request_without_javascript(browser, live_server, smtp_server, tmp_path):
    certificate = tmp_path / "surat-dokter.pdf"
    certificate.write_bytes(PDF)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/layanan/cuti/cuti-sakit/")
        form = page.locator("#formulir form")
        start = next_monday()
        fill_employee(form)
        # Cuti sakit is preselected on its own page.
        expect(form.get_by_label("Cuti sakit", exact=True)).to_be_checked()
        form.get_by_label("Tanggal mulai").fill(start.isoformat())
        form.get_by_label("Tanggal selesai").fill((start + timedelta(days=3)).isoformat())

        # "Hitung hari kerja" re-renders the form with the count and sends nothing.
        form.get_by_role("button", name="Hitung hari kerja").click()
        expect(page).to_have_url(re.compile(r"/api/forms/cuti/$"))
        form = page.locator("form[data-formsvc=cuti]")
        expect(form.locator("[data-fs-working-days-output]")).to_contain_text("4 hari kalender")
        expect(page.locator(".fs-notice")).to_contain_text("Permohonan belum dikirim.")
        expect(form.get_by_label("Nama lengkap")).to_have_value("Dewi Lestari, S.Pd.")

        # Submit without the doctor's certificate: the error round trip, by POST.
        form.get_by_label("Alasan cuti").fill("Demam berdarah, rawat inap")
        form.get_by_label("Alamat selama cuti").fill("RSUD Kota Tebing Tinggi")
        form.get_by_label("Nama atasan langsung").fill("Ahmad Yani, M.Pd.")
        form.get_by_role("button", name="Kirim permohonan cuti").click()
        summary = page.locator("[data-fs-error-summary]")
        expect(summary).to_contain_text("Lampirkan surat keterangan dokter: wajib untuk cuti sakit lebih dari 1 hari.")
        expect(page).to_have_title(re.compile("^Periksa kembali isian"))
        form = page.locator("form[data-formsvc=cuti]")
        expect(form.get_by_label("Alasan cuti")).to_have_value("Demam berdarah, rawat inap")

        form.get_by_label("Lampiran", exact=True).set_input_files(str(certificate))
        form.get_by_role("button", name="Kirim permohonan cuti").click()
        expect(page).to_have_url(re.compile(r"/api/forms/cuti/terkirim/"))
        expect(page.locator("h1")).to_have_text("Permohonan Cuti sudah kami terima")
        reference = page.locator(".fs-reference").inner_text()
        expect(page.locator("main")).to_contain_text("3 hari kerja sejak berkas lengkap diterima")

        # Reloading the confirmation does not send again; re-posting the form would not either.
        page.reload()
        expect(page.locator(".fs-reference")).to_have_text(reference)
        messages = smtp_server.wait_for(2, timeout=15)
        assert len(messages) == 2
        hr = next(m for m in messages if "hr@kepegawaian.test" in m["To"])
        assert [p.get_filename() for p in hr.iter_attachments()] == ["surat-dokter.pdf"]

        check_status(page, live_server.url, reference, "19850312 201001 1 003")
    finally:
        context.close()
