"""Every page of the built documentation site: axe-core (WCAG 2.0/2.1 A and AA) at desktop and
phone width, and the Nu HTML checker on the HTML files as built."""
from __future__ import annotations

import pytest

from a11y_support import (DESKTOP, PHONE, axe_violations, describe_nu, describe_violations,
                          nu_check, site_pages, wait_for_page_scripts)


@pytest.mark.browser
def test_axe_every_docs_page(browser, live_server, built_site, record):
    rec = record("axe docs site", "page views (every page at 1280 px and 360 px)")
    pages = site_pages(built_site)
    assert len(pages) >= 1, "the built site has no pages"
    failures = []
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            drawn = False
            for path in pages:
                page.goto(live_server.url + path)
                has_diagram = not drawn and page.locator("pre.mermaid").count() > 0
                wait_for_page_scripts(page, draw_diagrams=has_diagram)
                drawn = drawn or has_diagram
                violations = axe_violations(page)
                rec.checked()
                if violations:
                    report = describe_violations(f"{path} @{viewport['width']}px", violations)
                    failures.append(report)
                    rec.problem(report)
        finally:
            context.close()
    assert not failures, "axe found WCAG A/AA violations:\n" + "\n".join(failures)


def test_nu_every_docs_page(built_site, require_java, record):
    rec = record("Nu HTML checker docs site", "HTML files")
    files = sorted(built_site.rglob("*.html"))
    errors, ignored = nu_check(files)
    rec.checked(len(files))
    if ignored:
        rec.note(f"{len(ignored)} theme messages ignored (a11y_support.NU_THEME_IGNORES)")
    names = {str(f.resolve()): "site/" + f.relative_to(built_site).as_posix() for f in files}
    if errors:
        rec.problem(f"{len(errors)} errors")
    assert not errors, "Nu HTML checker errors:\n" + describe_nu(errors, names)
