"""Page feedback in Debian's Chromium: vote, comment, instant navigation, no JavaScript."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from formsvc.extensions import db
from formsvc.models import PageFeedback

pytestmark = pytest.mark.browser

PAGE = "/layanan/cuti/cuti-tahunan/"


def stored(app):
    with app.app_context():
        rows = db.session.execute(select(PageFeedback).order_by(PageFeedback.id)).scalars().all()
        db.session.expunge_all()
        return rows


def serve_sitemap_for_this_port(live_server, page):
    """Material enables instant navigation only for URLs in sitemap.xml, matched with the port
    of mkdocs.yml's site_url (:8000); the test server runs on another port, as production
    runs on its own site_url. Rewrite the sitemap's origin to this server's."""
    def rewrite(route):
        response = route.fetch()
        body = response.text().replace("http://127.0.0.1:8000/", live_server.url + "/")
        route.fulfill(response=response, body=body)
    page.route("**/sitemap.xml", rewrite)


def test_vote_comment_and_instant_navigation(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    serve_sitemap_for_this_port(live_server, page)
    page.goto(live_server.url + PAGE)
    widget = page.locator("form[data-lk-feedback]")
    expect(widget.get_by_text("Apakah halaman ini membantu?")).to_be_visible()

    widget.get_by_role("button", name="Tidak").click()
    expect(widget.locator(".lk-feedback__status")).to_have_text("Terima kasih, penilaian Anda tersimpan.")
    comment = widget.get_by_label("Apa yang kurang atau perlu diperbaiki? (tidak wajib)")
    expect(comment).to_be_focused()
    comment.fill("Tabel sisa cuti tahun lalu membingungkan.")
    widget.get_by_role("button", name="Kirim komentar").click()
    expect(widget.locator(".lk-feedback__status")).to_have_text("Terima kasih, komentar Anda tersimpan.")
    expect(widget.get_by_role("button", name="Ya")).to_be_hidden()

    [vote] = stored(live_server.app)
    assert (vote.page, vote.helpful, vote.comment) == (PAGE, False, "Tabel sisa cuti tahun lalu membingungkan.")

    # Instant navigation: the next page is swapped in without a reload, and its widget works.
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(lambda url: PAGE not in url)
    assert page.evaluate("window.__sameDocument === true"), "expected Material's instant navigation"
    next_path = page.evaluate("location.pathname")
    widget = page.locator("form[data-lk-feedback]")
    expect(widget.get_by_role("button", name="Ya")).to_be_visible()
    widget.get_by_role("button", name="Ya").click()
    expect(widget.locator(".lk-feedback__status")).to_have_text("Terima kasih, penilaian Anda tersimpan.")
    expect(widget.get_by_label("Ada masukan lain untuk halaman ini? (tidak wajib)")).to_be_visible()

    # Back to the first page in the same session: thanked, not asked again.
    page.go_back()
    page.wait_for_url(lambda url: PAGE in url)
    expect(page.locator("form[data-lk-feedback] .lk-feedback__status")).to_have_text(
        "Terima kasih. Anda sudah memberi masukan untuk halaman ini.")

    votes = stored(live_server.app)
    assert [(v.page, v.helpful) for v in votes] == [(PAGE, False), (next_path, True)]
    assert votes[0].visitor == votes[1].visitor  # one visitor session


def test_a_new_visit_in_the_same_session_still_counts_one_vote(live_server, page):
    page.goto(live_server.url + PAGE)
    page.locator("form[data-lk-feedback]").get_by_role("button", name="Ya").click()
    expect(page.locator(".lk-feedback__status")).to_have_text("Terima kasih, penilaian Anda tersimpan.")
    page.evaluate("sessionStorage.clear()")
    page.reload()
    page.locator("form[data-lk-feedback]").get_by_role("button", name="Tidak").click()
    expect(page.locator(".lk-feedback__status")).to_have_text("Terima kasih, penilaian Anda tersimpan.")
    [vote] = stored(live_server.app)
    assert vote.helpful is False  # the session's one vote, changed


def test_the_widget_is_hidden_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + PAGE)
    expect(page.locator("form[data-lk-feedback]")).to_be_hidden()
    expect(page.get_by_text("Apakah halaman ini membantu?")).to_be_hidden()
    context.close()


def test_the_widget_fits_a_phone(live_server, page):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + PAGE)
    widget = page.locator("form[data-lk-feedback]")
    widget.scroll_into_view_if_needed()
    widget.get_by_role("button", name="Tidak").click()
    expect(widget.locator("textarea")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
