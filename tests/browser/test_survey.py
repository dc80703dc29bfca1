"""The SKM survey in Debian's Chromium: from a submission's link, on a phone, by keyboard,
with an error round trip, then the public results page; and without JavaScript."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from formsvc import skm
from formsvc.extensions import db
from formsvc.models import Submission, SurveyResponse

pytestmark = pytest.mark.browser


ANSWERS = ["Sesuai", "Mudah", "Kurang cepat", "Gratis", "Sesuai", "Kompeten", "Sangat sopan dan ramah",
           "Berfungsi kurang maksimal", "Baik"]


def responses(app):
    with app.app_context():
        rows = db.session.execute(select(SurveyResponse)).scalars().all()
        db.session.expunge_all()
        return rows


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_survey_from_a_submission_on_a_phone(live_server, page):
    with live_server.app.app_context():
        db.session.add(Submission(reference="KQ7M-4RTP", kind="cuti", service_title="Cuti Tahunan",
                                  service_slug="layanan/cuti/cuti-tahunan", dedupe_key="KQ7M-4RTP"))
        db.session.commit()
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/api/survei/?ref=kq7m-4rtp")
    expect(page.locator("h1")).to_have_text("Survei Kepuasan Masyarakat")
    expect(page.get_by_label("Layanan yang Anda gunakan")).to_have_value("Cuti Tahunan")
    assert no_sideways_scroll(page)

    # Send with two answers and a wrong age: the summary takes focus, what was chosen stays.
    page.locator("#survei-u1").get_by_label("Sesuai", exact=True).check()
    page.get_by_label("Umur (tahun)").fill("4o")
    page.get_by_role("button", name="Kirim survei").click()
    summary = page.locator("[data-fs-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Pilih jawaban untuk U2 Sistem, mekanisme, dan prosedur.")
    expect(summary).to_contain_text("Tulis umur dengan angka saja, misalnya 35.")
    assert page.title().startswith("Perbaiki isian")
    expect(page.locator("#survei-u1-2")).to_be_checked()
    expect(page.get_by_label("Umur (tahun)")).to_have_value("4o")
    # A summary link takes the keyboard to its field, and nothing typed is lost on the way.
    summary.get_by_role("link", name="Pilih jawaban untuk U2 Sistem, mekanisme, dan prosedur.").press("Enter")
    expect(page.locator("#survei-u2-0")).to_be_focused()
    page.wait_for_timeout(300)
    expect(page.locator("#survei-u1-2")).to_be_checked()
    expect(page.get_by_label("Layanan yang Anda gunakan")).to_have_value("Cuti Tahunan")

    # The keyboard: arrow keys move through a radio group and choose.
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#survei-u2-1")).to_be_checked()
    for number, label in enumerate(ANSWERS[2:], start=3):
        page.locator(f"#survei-u{number}").get_by_label(label, exact=True).check()
    page.get_by_label("Umur (tahun)").fill("41")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Pendidikan terakhir").select_option("S1")
    page.get_by_label("Pekerjaan").select_option("PNS")
    page.get_by_label("Saran untuk perbaikan layanan (tidak wajib)").fill("Sisa cuti bisa dilihat online.")
    page.get_by_role("button", name="Kirim survei").click()

    expect(page.locator("h1")).to_have_text("Terima kasih, survei Anda tersimpan")
    [row] = responses(live_server.app)
    assert (row.reference, row.layanan, row.u1, row.u2, row.u3, row.u4, row.umur, row.saran) == (
        "KQ7M-4RTP", "Cuti Tahunan", 3, 2, 2, 4, 41, "Sisa cuti bisa dilihat online.")

    page.get_by_role("link", name="Lihat hasil survei").click()
    expect(page.locator("h1")).to_have_text("Hasil Survei Kepuasan Masyarakat")
    expect(page.locator("dl.skm-summary")).to_contain_text("Jumlah responden")
    chart = page.locator("svg#grafik-unsur[role=img]")
    expect(chart).to_be_visible()
    assert page.get_by_role("img", name="Nilai per unsur").count() == 1
    expect(page.get_by_role("table", name="Nilai per unsur")).to_be_visible()
    assert no_sideways_scroll(page)

    # The period picker offers the month too (grouped under "Bulan").
    month = skm.period_of(row.tanggal, "month")
    page.get_by_label("Periode", exact=True).select_option(label=month.label)
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("h2#ringkasan")).to_have_text(month.label)
    expect(page.locator('#periode optgroup[label="Bulan"] option[selected]')).to_have_text(month.label)

    # The link on the confirmation and status pages only works once per submission.
    page.goto(live_server.url + "/api/survei/?ref=KQ7M-4RTP")
    expect(page.locator("h1")).to_have_text("Survei sudah diisi")


def test_survey_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/api/survei/")
    page.get_by_role("button", name="Kirim survei").click()
    expect(page.locator("[data-fs-error-summary]")).to_contain_text("Ada 14 isian yang perlu diperbaiki")
    for number, label in enumerate(ANSWERS, start=1):
        page.locator(f"#survei-u{number}").get_by_label(label, exact=True).check()
    page.get_by_label("Umur (tahun)").fill("29")
    page.get_by_label("Laki-laki").check()
    page.get_by_label("Pendidikan terakhir").select_option("D3")
    page.get_by_label("Pekerjaan").select_option("PPPK")
    page.get_by_label("Layanan yang Anda gunakan").select_option("Kenaikan Gaji Berkala (KGB)")
    page.get_by_role("button", name="Kirim survei").click()
    expect(page.locator("h1")).to_have_text("Terima kasih, survei Anda tersimpan")
    [row] = responses(live_server.app)
    assert (row.reference, row.layanan, row.pekerjaan, row.u9) == (None, "Kenaikan Gaji Berkala (KGB)", "PPPK", 3)
    context.close()
