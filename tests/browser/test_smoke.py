"""Smoke test in Debian's Chromium: the home page, search "cuti", open a result."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_search_cuti_open_result(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    assert "Layanan Kepegawaian" in page.title()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("cuti", delay=30)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_be_visible(timeout=10000)
    first.click()
    expect(page.locator("article h1").first).to_contain_text("Cuti", ignore_case=True)
    assert page.url.startswith(live_server.url + "/")
