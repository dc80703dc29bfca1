"""Accessible SVG charts for the public results page, drawn on the server.

Each chart is an <svg role="img"> named by its <title> and described by a <desc> that says
what the chart shows in words (highest and lowest values); the page also prints the same
numbers in a data table beside it. No JavaScript, no external library, text in the theme's
colour (currentColor), sized by viewBox so that it fits a 360 px phone.
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from .. import skm

BAR_COLOR = "#3f51b5"   # Material indigo: 8.6:1 on white
GRID_COLOR = "#9e9e9e"
BAND_COLOR = "#757575"  # 4.6:1 on white, for the A-D band labels


def angka(value, digits: int = 2) -> str:
    """76.3 -> '76,30' (Indonesian decimal comma); None -> '–'."""
    if value is None:
        return "–"
    return f"{skm.round_half_up(value, digits):f}".replace(".", ",")


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="skm-chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
        + "".join(body) + "</svg>")


def describe_unsur(report: skm.Report) -> str:
    answered = [(code, value) for code, value in report.nrr.items() if value is not None]
    if not answered:
        return "Belum ada jawaban pada periode ini."
    high = max(v for _, v in answered)
    low = min(v for _, v in answered)

    def names(target):
        return ", ".join(f"{c} {skm.BY_CODE[c].short}" for c, v in answered
                         if skm.round_half_up(v, 2) == skm.round_half_up(target, 2))

    text = "Nilai rata-rata (NRR, skala 1 sampai 4) sembilan unsur. "
    if skm.round_half_up(high, 2) == skm.round_half_up(low, 2):
        text += f"Semua unsur yang dijawab bernilai {angka(high)}."
    else:
        text += f"Tertinggi {angka(high)}: {names(high)}. Terendah {angka(low)}: {names(low)}."
    if report.ikm is not None:
        text += f" IKM {angka(report.ikm)}, mutu {report.mutu} ({report.kinerja})."
    return text


def unsur_chart(report: skm.Report, chart_id: str = "grafik-unsur") -> Markup:
    """Horizontal bars: one row per unsur, label above its bar, NRR on a 0-4 axis."""
    width, left, bar_max, row = 360, 4, 260, 44
    top = 8
    height = top + row * len(skm.UNSUR) + 26
    scale = bar_max / 4
    body = []
    for tick in range(5):
        x = left + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 22}" stroke="{GRID_COLOR}" '
                    f'stroke-width="0.5" stroke-dasharray="2 3"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="12" text-anchor="middle" '
                    f'fill="currentColor">{tick}</text>')
    for index, unsur in enumerate(skm.UNSUR):
        y = top + index * row
        value = report.nrr.get(unsur.code)
        body.append(f'<text x="{left}" y="{y + 14}" font-size="13" fill="currentColor">'
                    f'{escape(unsur.code)} {escape(unsur.short)}</text>')
        if value is None:
            body.append(f'<text x="{left}" y="{y + 33}" font-size="12" fill="currentColor">'
                        f'belum ada jawaban</text>')
            continue
        length = max(value * scale, 1)
        body.append(f'<rect x="{left}" y="{y + 20}" width="{length:.1f}" height="16" rx="2" fill="{BAR_COLOR}"/>')
        body.append(f'<text x="{left + length + 6:.1f}" y="{y + 33}" font-size="13" font-weight="700" '
                    f'fill="currentColor">{angka(value)} · {report.nrr_mutu[unsur.code]}</text>')
    period = report.period.label if report.period else "semua periode"
    return _svg(chart_id, width, height, f"Nilai per unsur, {period}", describe_unsur(report), body)


def describe_trend(reports: Sequence[skm.Report]) -> str:
    points = [r for r in reports if r.ikm is not None]
    if not points:
        return "Belum ada data IKM."
    parts = [f"{r.period.label}: {angka(r.ikm)} (mutu {r.mutu})" for r in points]
    text = "IKM per periode, dari yang terlama: " + "; ".join(parts) + "."
    if len(points) >= 2:
        change = points[-1].ikm - points[0].ikm
        direction = "naik" if change > 0 else "turun" if change < 0 else "tetap"
        text += f" Dari {points[0].period.label} ke {points[-1].period.label} IKM {direction}"
        text += f" {angka(abs(change))} poin." if change else "."
    return text


def trend_chart(reports: Sequence[skm.Report], chart_id: str = "grafik-tren") -> Markup:
    """IKM per period (oldest first) on the full 25-100 scale, with the mutu bands marked."""
    width, height = 360, 230
    left, right, top, bottom = 34, 22, 12, 44
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(ikm: float) -> float:
        return top + plot_h * (1 - (ikm - 25) / 75)

    body = []
    for tick in (25, 50, 75, 100):
        y = y_of(tick)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID_COLOR}" '
                    f'stroke-width="0.5"/>')
        body.append(f'<text x="{left - 5}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                    f'fill="currentColor">{tick}</text>')
    # Band boundaries (65.00, 76.61, 88.31) and the letter of each band at the right edge.
    for (lowest, grade, _), upper in zip(skm.BANDS, (100, 88.31, 76.61, 65.0)):
        low = float(lowest)
        if low > 25:
            y = y_of(low)
            body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                        f'stroke="{BAND_COLOR}" stroke-width="0.8" stroke-dasharray="4 3"/>')
        body.append(f'<text x="{width - right + 6}" y="{(y_of(low) + y_of(upper)) / 2 + 4:.1f}" '
                    f'font-size="11" fill="{BAND_COLOR}">{grade}</text>')
    count = len(reports)
    step = plot_w / max(count, 1)
    points = []
    for index, report in enumerate(reports):
        x = left + step * (index + 0.5)
        label = report.period.short_label.rsplit(" ", 1) if report.period else ["", ""]
        body.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" '
                    f'fill="currentColor">{escape(label[0])}</text>')
        if len(label) > 1:
            body.append(f'<text x="{x:.1f}" y="{height - bottom + 30}" font-size="11" text-anchor="middle" '
                        f'fill="currentColor">{escape(label[1])}</text>')
        if report.ikm is not None:
            points.append((x, y_of(report.ikm), report))
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BAR_COLOR}" stroke-width="2"/>')
    for x, y, report in points:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR_COLOR}"/>')
        body.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" font-weight="700" text-anchor="middle" '
                    f'fill="currentColor">{angka(report.ikm, 1)}</text>')
    return _svg(chart_id, width, height, "Perkembangan IKM per periode", describe_trend(reports), body)
