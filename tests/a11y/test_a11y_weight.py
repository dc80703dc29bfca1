"""Weight and privacy: a first visit to the home page transfers at most 250 KB compressed, and no
request ever leaves the site's own origin (no CDN, no fonts, no analytics), on the home page, a
procedure page with a Mermaid diagram, a page with an embedded form, formsvc's own pages and
the search."""
from __future__ import annotations

import re

import pytest

from a11y_support import PHONE, compressed_size, site_pages

pytestmark = pytest.mark.browser

HOME_BUDGET = 250 * 1000  # bytes, compressed, first visit (empty cache)


def _settle(page):
    page.wait_for_load_state("networkidle")
    # Things load later as the reader scrolls (Mermaid draws diagrams when they are on the page).
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")


def test_home_first_visit_weight(browser, live_server, record):
    rec = record("weight (home, first visit)", "page")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(live_server.url + "/")
        _settle(page)
        rows = []
        for response in responses:
            if response.status in (301, 302, 303, 304, 307, 308):
                continue
            try:
                body = response.body()
            except Exception:
                continue
            size = compressed_size(body, response.headers.get("content-type") or "")
            rows.append((size, len(body), response.url.removeprefix(live_server.url)))
    finally:
        context.close()
    total = sum(r[0] for r in rows)
    rec.checked()
    rec.note(f"{total / 1000:.0f} KB compressed in {len(rows)} requests, budget {HOME_BUDGET // 1000} KB")
    breakdown = "\n".join(f"  {c / 1000:7.1f} KB ({raw / 1000:7.1f} KB raw)  {url}" for c, raw, url in sorted(rows, reverse=True))
    print(f"home page, first visit: {total / 1000:.1f} KB compressed\n{breakdown}")
    if total > HOME_BUDGET:
        rec.problem(f"{total / 1000:.0f} KB")
    assert total <= HOME_BUDGET, f"home page first visit is {total / 1000:.1f} KB compressed (budget 250 KB):\n{breakdown}"


def _pages_to_watch(built_site) -> list[str]:
    pages = site_pages(built_site)
    chosen = ["/"]
    def first(pattern):
        for path in pages:
            file = built_site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            if re.search(pattern, file.read_text(encoding="utf-8")):
                return path
        return None
    for pattern in (r'class="mermaid"', r"data-formsvc=\"cuti\"", r"data-formsvc=\"survei\""):
        path = first(pattern)
        if path and path not in chosen:
            chosen.append(path)
    return chosen + ["/api/forms/cuti/", "/api/status/", "/api/survei/"]


def test_no_request_leaves_the_origin(browser, live_server, built_site, record):
    rec = record("origin (no third-party request)", "pages")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    seen: list[tuple[str, str]] = []
    current = {"path": ""}
    page.on("request", lambda request: seen.append((current["path"], request.url)))
    try:
        for path in _pages_to_watch(built_site):
            current["path"] = path
            response = page.goto(live_server.url + path)
            if response is None or response.status >= 400:
                continue  # a page that is not there yet (another area's work)
            _settle(page)
            rec.checked()
        # The search loads its worker and index on use.
        current["path"] = "search"
        page.goto(live_server.url + "/")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").fill("cuti")
        page.wait_for_timeout(1000)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    foreign = sorted({(where, url) for where, url in seen
                      if not url.startswith(live_server.url + "/") and not url.startswith(("data:", "blob:"))})
    for where, url in foreign:
        rec.problem(f"{where}: {url}")
    rec.note(f"{len(seen)} requests recorded")
    assert not foreign, "requests to other origins:\n" + "\n".join(f"  on {w}: {u}" for w, u in foreign)
