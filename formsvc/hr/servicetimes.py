"""Service times against the published standards.

The standard of each request is the `jangka_waktu.hari_kerja` of its procedure page, copied
onto the submission when it arrives (Submission.standard_days, due_date), so a later change
of the standard does not rewrite history. Processing time is counted in working days (see
dates.processing_days); a request is within the standard when it took no more working days
than its standard. Periods are the month or quarter in which requests were closed.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import render_template, request
from sqlalchemy import case, func, select

from ..extensions import db
from ..models import CLOSED_STATUSES, Submission
from ..perbaikan import clock_start_column
from . import bp, charts, dates
from .filters import overdue_clause
from .forms import KIND_LABELS

BULAN_SINGKAT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def percentile(values: list[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (Excel PERCENTILE.INC); p in 0..100."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Stats:
    """Closed requests of one service (and period)."""
    days: list[int] = field(default_factory=list)
    within: int = 0          # closed within their standard
    with_standard: int = 0   # closed requests that had a standard
    standards: set[int] = field(default_factory=set)

    def add(self, days: int, standard: int | None) -> None:
        self.days.append(days)
        if standard is not None:
            self.with_standard += 1
            self.standards.add(standard)
            self.within += days <= standard

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def median(self) -> float | None:
        return percentile(self.days, 50)

    @property
    def p90(self) -> float | None:
        return percentile(self.days, 90)

    @property
    def share_within(self) -> float | None:
        return 100 * self.within / self.with_standard if self.with_standard else None

    @property
    def standard_text(self) -> str:
        if not self.standards:
            return "–"
        low, high = min(self.standards), max(self.standards)
        return f"{low}" if low == high else f"{low}–{high}"


@dataclass
class ServiceRow:
    key: str
    title: str
    total: Stats
    periods: dict[str, Stats]
    open_count: int = 0
    overdue_count: int = 0
    current_standard: int | None = None


def period_of(day: date, granularity: str) -> str:
    if granularity == "triwulan":
        return f"{day.year}-T{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_labels(year: int, granularity: str) -> list[tuple[str, str]]:
    if granularity == "triwulan":
        return [(f"{year}-T{q}", f"T{q}") for q in range(1, 5)]
    return [(f"{year}-{m:02d}", BULAN_SINGKAT[m - 1]) for m in range(1, 13)]


def _service_key(submission_slug: str | None, kind: str) -> str:
    return submission_slug or f"jenis:{kind}"


def service_times(year: int, granularity: str = "bulan", service: str | None = None) -> list[ServiceRow]:
    """Per service: closed requests of `year` with processing times, by period; plus what is
    open and overdue now."""
    start, end = dates.utc_start_of(date(year, 1, 1)), dates.utc_end_of(date(year, 12, 31))
    # The service time runs from the arrival, or from the applicant's last correction.
    query = (select(Submission.service_slug, Submission.service_title, Submission.kind,
                    clock_start_column(), Submission.closed_at, Submission.standard_days)
             .where(Submission.status.in_(CLOSED_STATUSES), Submission.closed_at >= start,
                    Submission.closed_at < end, Submission.kind != "saran"))
    open_query = (select(Submission.service_slug, Submission.kind, func.count(),
                         func.sum(case((overdue_clause(), 1), else_=0)))
                  .where(Submission.status.not_in(CLOSED_STATUSES), Submission.kind != "saran")
                  .group_by(Submission.service_slug, Submission.kind))
    # The newest request of each service carries the standard in force now.
    newest = (select(func.max(Submission.id)).where(Submission.kind != "saran")
              .group_by(Submission.service_slug, Submission.kind))
    latest = (select(Submission.service_slug, Submission.kind, Submission.service_title, Submission.standard_days)
              .where(Submission.id.in_(newest)))
    cal = dates.calendar()
    rows: dict[str, ServiceRow] = {}

    def row_for(slug, kind, title=None) -> ServiceRow:
        key = _service_key(slug, kind)
        if key not in rows:
            rows[key] = ServiceRow(key=key, title=title or slug or KIND_LABELS.get(kind, kind),
                                   total=Stats(), periods=defaultdict(Stats))
        return rows[key]

    for slug, title, kind, created, closed, standard in db.session.execute(query):
        if service and _service_key(slug, kind) != service:
            continue
        days = dates.processing_days(created, closed, cal)
        row = row_for(slug, kind, title)
        row.total.add(days, standard)
        row.periods[period_of(dates.local_date(closed), granularity)].add(days, standard)
    for slug, kind, open_count, overdue_count in db.session.execute(open_query):
        if service and _service_key(slug, kind) != service:
            continue
        row = row_for(slug, kind)
        row.open_count += open_count
        row.overdue_count += overdue_count or 0
    for slug, kind, title, standard in db.session.execute(latest):
        row = rows.get(_service_key(slug, kind))
        if row is not None:
            row.current_standard = standard
            if title and row.title == (slug or KIND_LABELS.get(kind, kind)):
                row.title = title
    return sorted(rows.values(), key=lambda r: r.title.lower())


def combined_periods(rows: list[ServiceRow]) -> dict[str, Stats]:
    combined: dict[str, Stats] = defaultdict(Stats)
    for row in rows:
        for period, stats in row.periods.items():
            target = combined[period]
            target.days.extend(stats.days)
            target.within += stats.within
            target.with_standard += stats.with_standard
            target.standards |= stats.standards
    return combined


def _years() -> list[int]:
    first = db.session.scalar(select(func.min(Submission.created_at)))
    this_year = dates.today().year
    start = dates.local_date(first).year if first else this_year
    return list(range(this_year, min(start, this_year) - 1, -1))


@bp.get("/waktu-layanan")
def service_times_page():
    years = _years()
    year = request.args.get("tahun", type=int)
    year = year if year in years else years[0]
    granularity = "triwulan" if request.args.get("per") == "triwulan" else "bulan"
    all_rows = service_times(year, granularity)
    service = request.args.get("layanan") or None
    if service and service not in {r.key for r in all_rows}:
        service = None
    selected = [r for r in all_rows if r.key == service] if service else all_rows
    periods = period_labels(year, granularity)
    trend = combined_periods(selected)
    scope = selected[0].title if service else "semua layanan"
    summary_chart = charts.horizontal_bars(
        [charts.Bar(label=r.title, value=r.total.median, second=r.total.p90, marker=r.current_standard,
                    text=(f"median {charts.number(r.total.median)}, P90 {charts.number(r.total.p90)}"
                          if r.total.count else "belum ada yang selesai"))
         for r in all_rows],
        title=f"Lama proses per layanan, {year} (hari kerja)",
        desc="Untuk setiap layanan: median lama proses (batang tebal), persentil ke-90 (batang tipis) dan "
             "standar pelayanan (garis tegak). Angka yang sama ada di tabel ringkasan.",
        legend=("Median", "Persentil ke-90", "Standar"))
    trend_chart = charts.column_bars(
        [charts.Bar(label=label, value=trend[key].share_within if key in trend else None,
                    text=(f"{trend[key].share_within:.0f}%" if key in trend and trend[key].share_within is not None else ""))
         for key, label in periods],
        title=f"Persentase selesai sesuai standar, {scope}, {year}",
        desc="Persentase pengajuan yang selesai dalam standar waktu pada setiap "
             + ("triwulan" if granularity == "triwulan" else "bulan") + ". Angka yang sama ada di tabel per periode.",
        maximum=100, unit="%")
    return render_template("hr/service_times.html", rows=all_rows, selected=selected, year=year, years=years,
                           granularity=granularity, service=service, periods=periods, trend=trend,
                           scope=scope, summary_chart=summary_chart, trend_chart=trend_chart)
