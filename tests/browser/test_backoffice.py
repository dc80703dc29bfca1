"""The back office in Debian's Chromium, as an HR officer uses it: log in, find a request,
ask the applicant for a correction with a note; the applicant's status page shows it and
the email arrives at the SMTP server."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "sandi-petugas-uji-2026"
NIP = "198703152010012001"


def seed(app) -> str:
    """An officer and a leave request stored the way the public form stores one."""
    from formsvc.extensions import db
    from formsvc.hr.auth import hash_password
    from formsvc.models import StatusEvent, Staff, Submission, utcnow
    from formsvc.references import new_reference
    from formsvc.workdays import calendar_for

    with app.app_context():
        db.session.add(Staff(username="budi", name="Budi Petugas", role="petugas",
                             password_hash=hash_password(PASSWORD)))
        now = utcnow()
        reference = new_reference()
        submission = Submission(
            reference=reference, kind="cuti", dedupe_key=reference, status="diterima",
            service_slug="layanan/cuti/cuti-tahunan", service_title="Cuti Tahunan", standard_days=5,
            due_date=calendar_for(app).add_working_days(now.date(), 5),
            name="Siti Aminah", nip=NIP, email="siti@example.test",
            fields=[{"name": "jenis_cuti", "label": "Jenis cuti", "value": "Cuti tahunan"},
                    {"name": "lama", "label": "Lama cuti", "value": "3 hari kerja"}],
            created_at=now, updated_at=now)
        db.session.add(submission)
        db.session.add(StatusEvent(submission=submission, status="diterima", created_at=now,
                                   note="Diterima melalui formulir online."))
        db.session.commit()
    return reference


def log_in(page, base):
    page.goto(base + "/api/hr/")
    expect(page.locator("h1")).to_have_text("Masuk back office")
    page.get_by_label("Nama pengguna").fill("budi")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("article h1")).to_have_text("Kotak masuk")


def test_officer_asks_for_a_correction_and_the_applicant_sees_it(page, live_server, smtp_server):
    reference = seed(live_server.app)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base)

    page.get_by_label("Cari nomor pengajuan, NIP atau nama").fill(NIP)
    page.get_by_role("button", name="Terapkan").click()
    page.get_by_role("link", name=reference).click()
    expect(page.locator("article h1")).to_contain_text(reference)
    expect(page.get_by_role("cell", name="3 hari kerja")).to_be_visible()

    note = "Lampirkan surat persetujuan atasan langsung."
    page.get_by_label("Status baru").select_option(label="Perlu Perbaikan")
    page.get_by_label("Catatan untuk pemohon").fill(note)
    page.get_by_role("button", name="Simpan status").click()
    expect(page.get_by_role("status").first).to_contain_text("Status diubah menjadi Perlu Perbaikan")
    expect(page.get_by_role("cell", name=note)).to_be_visible()

    # The applicant checks the status with the reference and the NIP.
    applicant = page.context.browser.new_context()
    public = applicant.new_page()
    public.goto(base + "/api/status/")
    public.get_by_label("Nomor pengajuan").fill(reference)
    public.get_by_label("NIP, email atau nomor HP").fill(NIP)
    public.get_by_role("button", name="Cek status").click()
    expect(public.locator(".fs-reference")).to_have_text("Perlu Perbaikan")
    expect(public.get_by_text(note)).to_be_visible()
    applicant.close()

    # ... and the email reached the SMTP server through the outbox.
    messages = smtp_server.wait_for(1, timeout=15)
    [mail] = [m for m in messages if reference in (m["Subject"] or "")]
    assert "siti@example.test" in mail["To"]
    assert "Perlu Perbaikan" in mail["Subject"]
    assert note in mail.get_body(("plain",)).get_content()


def test_a_phone_without_javascript_can_do_the_work(browser, live_server, smtp_server):
    """360 px wide, JavaScript off: log in, find the request, close it with a note."""
    reference = seed(live_server.app)
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url)
    for path in ("/api/hr/", "/api/hr/waktu-layanan", "/api/hr/laporan/ikm"):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways ({width}px)"
    page.goto(live_server.url + "/api/hr/")
    page.get_by_role("link", name=reference).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    status = page.get_by_label("Status baru")
    box = status.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    status.select_option(label="Diproses")
    page.get_by_role("button", name="Simpan status").click()
    status.select_option(label="Ditolak")
    page.get_by_label("Catatan untuk pemohon").fill("Masa kerja belum 1 tahun.")
    page.get_by_role("button", name="Simpan status").click()
    expect(page.get_by_role("status").first).to_contain_text("Status diubah menjadi Ditolak")
    # Keyboard users see where they are.
    page.get_by_role("link", name="Kotak masuk", exact=True).focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    context.close()
