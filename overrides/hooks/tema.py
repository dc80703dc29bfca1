"""Build hook: accessibility fixes to theme markup that no template block reaches.

With `navigation.indexes`, Material renders a section whose index page is its link as
`<label id="__nav_3_label">` holding only an icon, and labels the section's `<nav>` by that
empty label: every such navigation landmark is nameless (axe: landmark-unique; the toggle has
no name either). Give the label the section's title, which the theme prints a few lines
further down (`<label class="md-nav__title" for="__nav_3">`), as visually hidden text
"Menu <title>" (extra.css .lk-visually-hidden; aria-label is not allowed on a label): on a phone
the page's table of contents sits in the same drawer, and its sections are navigation
landmarks named by their headings ("Cuti" on the FAQ), which must stay distinguishable.
"""
from __future__ import annotations

import html
import re

EMPTY_TOGGLE = re.compile(
    r'(<label class="md-nav__link[^"]*" for="(__nav_[\d_]+)" id="\2_label"[^>]*)'
    r'(>\s*<span class="md-nav__icon md-icon"></span>\s*</label>)')
NAV_LABELLEDBY = re.compile(r'(?<=<nav class="md-nav" data-md-level="\d" )aria-labelledby="(__nav_[\d_]+_label)"')
SECTION_TITLE = re.compile(
    r'<label class="md-nav__title" for="(__nav_[\d_]+)">\s*<span class="md-nav__icon md-icon"></span>(.*?)</label>',
    re.S)


def name_navigation_sections(output: str) -> str:
    titles = {}
    for ref, title in SECTION_TITLE.findall(output):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", title)).split())
        if text:
            titles[ref] = text

    def name(match: re.Match) -> str:
        title = titles.get(match.group(2))
        if not title:
            return match.group(0)
        # Text, not aria-label: aria-label is not allowed on a <label> (it has no role; axe and
        # Lighthouse: aria-prohibited-attr). Hidden text names the label and the <nav> alike.
        hidden = f'<span class="lk-visually-hidden">Menu {html.escape(title)}</span>'
        return f'{match.group(1)}>{hidden}{match.group(3)[1:]}'

    output = EMPTY_TOGGLE.sub(name, output)

    # A section with nothing but its index page gets no toggle label at all, so its <nav>
    # points at an id that does not exist: name it directly.
    def name_nav(match: re.Match) -> str:
        ref = match.group(1)
        title = titles.get(ref.removesuffix("_label"))
        if f'id="{ref}"' in output or not title:
            return match.group(0)
        return f'aria-label="Menu {html.escape(title, quote=True)}"'

    return NAV_LABELLEDBY.sub(name_nav, output)


def on_post_page(output, page, config):
    return name_navigation_sections(output)


def on_post_template(output_content, template_name, config):
    return name_navigation_sections(output_content) if template_name.endswith(".html") else output_content
