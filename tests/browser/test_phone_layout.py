"""On a 360 px wide phone the pages fit the screen: no sideways scrolling of the page; wide
tables scroll inside themselves or stack."""
from __future__ import annotations

import pytest
from static_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def static_site_url(built_site):
    with serve(built_site) as url:
        yield url

WIDTH = 360
PAGES = [
    "/",                                   # home
    "/layanan/cuti/cuti-tahunan/",         # a procedure page (Standar Pelayanan, flowchart, tables)
    "/layanan/cuti/",                      # the leave overview table
    "/bantuan/kontak/",                    # office details and units ({{ kontak_kantor }}, {{ unit_kerja }})
    "/pelatihan/",                         # training calendar ({{ kalender_pelatihan }})
]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('article *')]
    .filter(el => el.getBoundingClientRect().right > width + 1
              && !el.closest('.md-typeset__scrollwrap, .sp-diagram, .highlight, .tabbed-labels'))
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
}"""

TABLES = """() => [...document.querySelectorAll('article table')].map(table => {
  const box = (table.closest('.md-typeset__scrollwrap') || table).getBoundingClientRect();
  return {right: box.right, scrolls: getComputedStyle(table.closest('.md-typeset__table') || table).overflowX,
          display: getComputedStyle(table).display};
})"""


def show_diagram(page):
    """Scroll to the diagram, as a reader would: Mermaid loads only when one is near the screen."""
    page.wait_for_selector(".mermaid", state="attached", timeout=15000)
    page.evaluate("() => document.querySelector('.mermaid').parentElement.scrollIntoView({block: 'center'})")


@pytest.mark.parametrize("path", PAGES)
def test_page_does_not_scroll_sideways_at_360px(page, static_site_url, path):
    page.set_viewport_size({"width": WIDTH, "height": 740})
    page.goto(static_site_url + path)
    page.wait_for_load_state("networkidle")
    if page.locator("pre.mermaid, div.mermaid").count():
        # Diagrams are drawn when they come near the screen; the drawn one is in the layout too.
        show_diagram(page)
        page.wait_for_selector("div.mermaid", timeout=15000)
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= WIDTH, f"{path}: page is {result['scrollWidth']} px wide; too wide: {result['wide']}"
    for table in page.evaluate(TABLES):
        assert table["right"] <= WIDTH + 1, f"{path}: a table sticks out of the screen: {table}"


def test_standar_pelayanan_facts_stack_on_a_phone(page, static_site_url):
    page.set_viewport_size({"width": WIDTH, "height": 740})
    page.goto(static_site_url + "/layanan/cuti/cuti-tahunan/")
    term = page.locator("dl.sp-fakta dt").first.bounding_box()
    value = page.locator("dl.sp-fakta dd").first.bounding_box()
    assert value["y"] >= term["y"] + term["height"] - 1, "label and value should be stacked at 360 px"
    page.set_viewport_size({"width": 1280, "height": 800})
    term = page.locator("dl.sp-fakta dt").first.bounding_box()
    value = page.locator("dl.sp-fakta dd").first.bounding_box()
    assert value["x"] > term["x"] and abs(value["y"] - term["y"]) < 5, "side by side on a wide screen"


# --------------------------------------------------------------------------- what a phone downloads

HOME_BUDGET = 250_000  # bytes, compressed, first visit of the home page


def record_requests(page):
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    return requested, finished


def test_home_page_first_visit_stays_light(page, static_site_url, capsys):
    import gzip

    page.set_viewport_size({"width": WIDTH, "height": 740})
    requested, finished = record_requests(page)
    page.goto(static_site_url + "/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the search worker fetches the index after load
    sizes = {}
    for request in finished:
        response = request.response()
        body = response.body() if response else b""
        sizes[request.url] = len(gzip.compress(body, 6))
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\nhome page, first visit: {total / 1000:.0f} KB compressed (budget {HOME_BUDGET / 1000:.0f} KB)")
    assert not any("mermaid.min.js" in url for url in requested), "Mermaid must load only on pages with a diagram"
    assert total < HOME_BUDGET, f"home page first visit is {total} bytes compressed (budget {HOME_BUDGET})"


def test_diagrams_use_the_local_mermaid_and_nothing_leaves_the_origin(page, static_site_url):
    requested, _ = record_requests(page)
    page.goto(static_site_url + "/")
    page.wait_for_load_state("networkidle")
    # Instant navigation (no full page load) to a procedure page: the diagram still renders.
    page.locator('a[href$="layanan/cuti/"]').first.click()
    page.wait_for_url("**/layanan/cuti/")
    page.locator('article a[href*="cuti-tahunan"]').first.click()
    page.wait_for_url("**/layanan/cuti/cuti-tahunan/")
    show_diagram(page)
    page.wait_for_selector(".sp-diagram div.mermaid", timeout=15000)
    # And on a full load of another one.
    page.goto(static_site_url + "/layanan/pensiun/taspen/")
    show_diagram(page)
    page.wait_for_selector(".sp-diagram div.mermaid", timeout=15000)
    page.wait_for_load_state("networkidle")
    elsewhere = [url for url in requested if not url.startswith(static_site_url) and not url.startswith("data:")]
    assert not elsewhere, f"requests left the site's origin: {elsewhere}"
    assert any("/assets/javascripts/mermaid/mermaid.min.js" in url for url in requested)
