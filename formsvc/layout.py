"""formsvc pages wear the documentation site's own chrome.

The built site's 404.html is a complete Material page whose links are absolute (MkDocs
renders it for any depth). formsvc splits it at the article body (overrides/404.html marks
the spot) and puts its own content there, so the header, search, navigation, palette, fonts
and footer are exactly the site's. Without a built site (unit tests of a bare app), a plain
fallback layout is used.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

log = logging.getLogger(__name__)

START = "<!-- formsvc:content:start -->"
END = "<!-- formsvc:content:end -->"
TITLE = re.compile(r"<title>.*?</title>", re.S)


@dataclass(frozen=True)
class Shell:
    head: str  # everything before the content, with a {title} slot
    tail: str

    def head_for(self, title: str) -> Markup:
        """The page up to the content, with this page's <title>."""
        return Markup(TITLE.sub(lambda _: f"<title>{escape(title)}</title>", self.head, count=1))


FALLBACK = Shell(
    head=('<!doctype html><html lang="id"><head><meta charset="utf-8">'
          '<meta name="viewport" content="width=device-width,initial-scale=1">'
          '<title></title></head><body><main class="md-content"><article class="md-content__inner md-typeset">'),
    tail="</article></main></body></html>",
)


def load_shell(site_dir: str | Path) -> Shell:
    path = Path(site_dir) / "404.html"
    try:
        html = path.read_text(encoding="utf-8")
    except OSError:
        log.warning("site shell %s not found: using the plain fallback layout (run `mkdocs build`)", path)
        return FALLBACK
    if START not in html or END not in html:
        log.warning("site shell %s has no formsvc markers: using the plain fallback layout", path)
        return FALLBACK
    head, rest = html.split(START, 1)
    _, tail = rest.split(END, 1)
    return Shell(head=head, tail=tail)
