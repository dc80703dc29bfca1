"""Small server-rendered SVG charts: no JavaScript, nothing from another origin.

Every chart is an <svg role="img"> with a <title> and <desc> that say what it shows, and
the page always puts the same numbers in a table next to it, so a screen reader user or
someone printing in black and white loses nothing. Colours come from the site's Material
palette (CSS custom properties), so charts follow the theme."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

_ids = count(1)

PRIMARY = "var(--md-primary-fg-color, #3f51b5)"
SECONDARY = "#7986cb"  # indigo 300: 3.4:1 on white, a lighter sibling of the primary bars
MUTED = "var(--md-default-fg-color--light, #666)"
TEXT = "var(--md-default-fg-color, #222)"


@dataclass
class Bar:
    label: str
    value: float | None
    second: float | None = None   # drawn as a thinner bar under the first (e.g. 90th percentile)
    marker: float | None = None   # a vertical tick (e.g. the service standard)
    text: str = ""                # the value as written next to the bar


def number(value: float | None) -> str:
    """One decimal at most, with the Indonesian decimal comma: 4,5 / 3 / 12,7."""
    if value is None:
        return "–"
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _svg_open(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    uid = f"hrchart{next(_ids)}"
    head = (f'<svg class="hr-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{uid}-t {uid}-d" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>')
    return uid, head


def horizontal_bars(bars: list[Bar], *, title: str, desc: str, unit: str = "",
                    legend: tuple[str, ...] = ()) -> Markup:
    """One row per item: label on the left, bar(s) to the right, the value written out."""
    label_w, bar_w, row_h, top = 230, 300, 34, 28 if legend else 8
    width = label_w + bar_w + 170
    height = top + row_h * max(len(bars), 1) + 8
    values = [v for b in bars for v in (b.value, b.second, b.marker) if v is not None]
    scale_max = max(values + [1.0])
    scale = bar_w / scale_max
    _, out = _svg_open(width, height, title, desc)
    parts = [out]
    if legend:
        x = 0
        for text, colour, kind in zip(legend, (PRIMARY, SECONDARY, TEXT), ("bar", "bar", "tick")):
            if kind == "bar":
                parts.append(f'<rect x="{x}" y="6" width="14" height="10" fill="{colour}"/>')
            else:
                parts.append(f'<rect x="{x + 6}" y="2" width="3" height="18" fill="{colour}"/>')
            parts.append(f'<text x="{x + 20}" y="15" font-size="12" fill="{TEXT}">{escape(text)}</text>')
            x += 28 + 7 * len(text)
    for i, bar in enumerate(bars):
        y = top + i * row_h
        label = bar.label if len(bar.label) <= 34 else bar.label[:32] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end" '
                     f'fill="{TEXT}">{escape(label)}</text>')
        if bar.value is not None:
            parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{max(bar.value * scale, 1):.1f}" '
                         f'height="14" fill="{PRIMARY}"/>')
        if bar.second is not None:
            parts.append(f'<rect x="{label_w}" y="{y + 20}" width="{max(bar.second * scale, 1):.1f}" '
                         f'height="7" fill="{SECONDARY}"/>')
        if bar.marker is not None:
            parts.append(f'<rect x="{label_w + bar.marker * scale - 1.5:.1f}" y="{y}" width="3" '
                         f'height="{row_h - 4}" fill="{TEXT}"/>')
        ends = [v for v in (bar.value, bar.second, bar.marker) if v is not None]
        end = label_w + (max(ends) * scale if ends else 0) + 6
        text = bar.text or (f"{number(bar.value)}{unit}" if bar.value is not None else "tidak ada data")
        parts.append(f'<text x="{end:.1f}" y="{y + 17}" font-size="12" fill="{TEXT}">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_bars(bars: list[Bar], *, title: str, desc: str, maximum: float | None = None,
                unit: str = "", reference: float | None = None, reference_label: str = "") -> Markup:
    """Vertical columns along a time axis (months or quarters), value written above each."""
    col_w, gap, plot_h, left, top, bottom = 44, 12, 160, 36, 16, 40
    width = left + (col_w + gap) * max(len(bars), 1) + 8
    height = top + plot_h + bottom
    scale_max = maximum or max([b.value for b in bars if b.value is not None] + [1.0])
    scale = plot_h / scale_max
    _, out = _svg_open(width, height, title, desc)
    parts = [out]
    base = top + plot_h
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>')
    for tick in (0, scale_max / 2, scale_max):
        y = base - tick * scale
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="{MUTED}">{number(tick)}{escape(unit)}</text>')
    if reference is not None:
        y = base - reference * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{TEXT}" '
                     f'stroke-dasharray="4 3" stroke-width="1.5"/>')
        if reference_label:
            parts.append(f'<text x="{width - 4}" y="{y - 4:.1f}" font-size="11" text-anchor="end" '
                         f'fill="{TEXT}">{escape(reference_label)}</text>')
    for i, bar in enumerate(bars):
        x = left + gap / 2 + i * (col_w + gap)
        if bar.value is not None:
            h = max(bar.value * scale, 1)
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{col_w}" height="{h:.1f}" fill="{PRIMARY}"/>')
            text = bar.text or f"{number(bar.value)}{unit}"
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{base - h - 4:.1f}" font-size="11" '
                         f'text-anchor="middle" fill="{TEXT}">{escape(text)}</text>')
        else:
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{base - 4}" font-size="11" text-anchor="middle" '
                         f'fill="{MUTED}">–</text>')
        parts.append(f'<text x="{x + col_w / 2:.1f}" y="{base + 16}" font-size="11" text-anchor="middle" '
                     f'fill="{TEXT}">{escape(bar.label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
