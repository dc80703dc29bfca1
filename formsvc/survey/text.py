"""Plain text written by HR or the public, shown on public pages."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

REDACTED = "[disamarkan]"
# What could identify a person in a published question: email addresses, NIP / NI PPPK (18
# digits, spaces allowed), NIK (16 digits) and phone numbers (+62 / 08..., 9-14 digits).
PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"(?<!\d)\d{8}\s?\d{6}\s?\d\s?\d{3}(?!\d)"),
    re.compile(r"(?<!\d)\d{16}(?!\d)"),
    re.compile(r"(?<![\w+])(?:\+62|62|0)8[\d\s.-]{7,14}\d(?!\d)"),
)


def redact(text: str | None) -> str:
    """Mask contact details and identity numbers a sender may have typed into a message."""
    if not text:
        return ""
    for pattern in PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def paragraf(text: str | None) -> Markup:
    """Blank lines separate paragraphs; single line breaks stay line breaks. Escaped."""
    if not text or not text.strip():
        return Markup("")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return Markup("\n").join(Markup("<p>") + Markup("<br>\n").join(escape(line) for line in b.split("\n"))
                             + Markup("</p>") for b in blocks)


def init_filters(blueprint) -> None:
    blueprint.add_app_template_filter(paragraf, "paragraf")
    blueprint.add_app_template_filter(redact, "samarkan")
