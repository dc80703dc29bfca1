"""MkDocs hook: the `{{ formulir <id> }}` directive.

A line holding only `{{ formulir cuti }}` (ids: formsvc.forms.FORM_IDS) is replaced by that
form, rendered at build time by formsvc's own templates (formsvc/embed.py) and posting to
formsvc under /api/. The directive inside a fenced code block is left alone (the editors'
guide shows it as an example). An unknown id fails the build with a message naming the page
and the line, in Indonesian, for the HR staff who edit the pages.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

from formsvc import embed  # noqa: E402

DIRECTIVE = re.compile(r"^ {0,3}\{\{\s*formulir\s+([^\s}]*)\s*\}\}\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
PLACEHOLDER = "<!--formsvc-embed:{}-->"

_renderer: embed.Renderer | None = None
_pending: dict[str, list[str]] = {}


def on_config(config, **kwargs):
    global _renderer
    _renderer = embed.Renderer(config["docs_dir"])
    _pending.clear()
    return config


def replace_directives(markdown: str, src_path: str, render) -> tuple[str, list[str]]:
    """The Markdown with each directive line replaced by a placeholder, and the HTML for each."""
    lines = markdown.split("\n")
    fence: tuple[str, int] | None = None
    rendered: list[str] = []
    known = embed.registry()
    for number, line in enumerate(lines, start=1):
        opening = FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = (marker[0], len(marker))
            elif marker[0] == fence[0] and len(marker) >= fence[1] and not line.strip()[len(marker):].strip():
                fence = None
            continue
        if fence is not None:
            continue
        match = DIRECTIVE.match(line)
        if not match:
            continue
        form_id = match.group(1)
        if form_id not in known:
            raise PluginError(
                f"docs/{src_path}, baris {number}: formulir '{form_id or '(kosong)'}' tidak dikenal. "
                f"Tulis salah satu dari: {', '.join(sorted(known))}, contoh: {{{{ formulir cuti }}}}")
        rendered.append(render(form_id, src_path, len(rendered) + 1))
        lines[number - 1] = "\n" + PLACEHOLDER.format(len(rendered) - 1) + "\n"
    return "\n".join(lines), rendered


def on_page_markdown(markdown, page, config, files, **kwargs):
    src_path = page.file.src_uri
    markdown, rendered = replace_directives(markdown, src_path, _renderer.render)
    if rendered:
        _pending[src_path] = rendered
    return markdown


def on_page_content(html, page, config, files, **kwargs):
    rendered = _pending.pop(page.file.src_uri, None)
    if not rendered:
        return html
    for number, block in enumerate(rendered):
        marker = PLACEHOLDER.format(number)
        if marker not in html:
            raise PluginError(f"docs/{page.file.src_uri}: formulir ke-{number + 1} tidak dapat ditempatkan. "
                              "Tulis {{ formulir ... }} pada barisnya sendiri, diapit baris kosong.")
        html = html.replace(marker, block, 1)
    return html
