"""Survei Kepuasan Masyarakat (PermenPANRB 14/2017): the nine unsur, periods, and the IKM.

The arithmetic is exact. NRR(unsur) = sum of its scores / number of respondents who answered
it; IKM = (sum over the nine unsur of NRR x 1/9) x 25. Both are kept as Fractions, so the
weight really is 1/9 (tools that round it to 0.111 shift the IKM by up to a point); floats
appear only in the report, and rounding happens only for display (half up, like the
regulation's tables).

Mutu and kinerja come from the IKM interval table. The NRR table is the same table divided
by 25, so an unsur's mutu is read from NRR x 25 on the IKM scale: that also closes the small
gaps between the NRR intervals as printed (2.5996 / 2.60, 3.064 / 3.0644, 3.532 / 3.5324).

Public API (the back office uses it too):
    parse_period("2026-Q3") -> Period          period_of(date, kind) -> Period
    ikm_report("2026-Q3", service=None) -> Report
    service_reports("2026-Q3") -> list[Report] trend(periods) -> list[Report]
    latest_periods(kind="quarter", count=8) -> list[Period]
    period_options(quarters, selected, months) -> [(kind label, [Period])]  (period pickers)
    mutu(ikm) / kinerja(ikm) / required_sample(population)
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# --------------------------------------------------------------------------- the nine unsur


@dataclass(frozen=True)
class Unsur:
    code: str                  # U1..U9: stable internal codes (sources order U8/U9 differently)
    name: str                  # the regulation's name of the element
    short: str                 # chart label
    question: str              # the question on our form (plain language, "Anda")
    answers: tuple[str, str, str, str]  # official answer labels for scores 1..4

    @property
    def field(self) -> str:
        return self.code.lower()


def _scale(quality: str) -> tuple[str, str, str, str]:
    """The regulation's usual answers 1..4 for a quality: Tidak / Kurang / - / Sangat."""
    return (f"Tidak {quality}", f"Kurang {quality}", quality.capitalize(), f"Sangat {quality}")


UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", "Persyaratan", "Persyaratan",
          "Bagaimana kesesuaian persyaratan pelayanan dengan jenis layanan yang Anda terima?", _scale("sesuai")),
    Unsur("U2", "Sistem, mekanisme, dan prosedur", "Prosedur",
          "Bagaimana kemudahan prosedur pelayanan?", _scale("mudah")),
    Unsur("U3", "Waktu penyelesaian", "Waktu penyelesaian",
          "Bagaimana kecepatan waktu penyelesaian layanan?", _scale("cepat")),
    Unsur("U4", "Biaya/tarif", "Biaya/tarif",
          "Bagaimana kewajaran biaya atau tarif layanan?", ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Unsur("U5", "Produk spesifikasi jenis pelayanan", "Produk layanan",
          "Bagaimana kesesuaian hasil layanan yang Anda terima dengan yang tercantum di standar pelayanan?",
          _scale("sesuai")),
    Unsur("U6", "Kompetensi pelaksana", "Kompetensi petugas",
          "Bagaimana kemampuan (kompetensi) petugas dalam memberikan layanan?", _scale("kompeten")),
    Unsur("U7", "Perilaku pelaksana", "Perilaku petugas",
          "Bagaimana kesopanan dan keramahan petugas?", _scale("sopan dan ramah")),
    Unsur("U8", "Penanganan pengaduan, saran dan masukan", "Penanganan pengaduan",
          "Bagaimana penanganan pengaduan, saran, dan masukan?",
          ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    Unsur("U9", "Sarana dan prasarana", "Sarana dan prasarana",
          "Bagaimana kualitas sarana dan prasarana layanan?", ("Buruk", "Cukup", "Baik", "Sangat baik")),
)
CODES = tuple(u.code for u in UNSUR)
BY_CODE = {u.code: u for u in UNSUR}
WEIGHT = Fraction(1, len(UNSUR))  # exactly 1/9

# (lowest IKM of the band, mutu, kinerja), best first. IKM is compared rounded to 2 decimals.
BANDS = (
    (Decimal("88.31"), "A", "Sangat baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang baik"),
    (Decimal("25.00"), "D", "Tidak baik"),
)


def round_half_up(value: Fraction | float | Decimal | int, digits: int) -> Decimal:
    """Round like the regulation's tables (0.005 -> 0.01), exactly, from a Fraction or number."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    elif isinstance(value, float):
        value = Decimal(repr(value))
    return Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _band(ikm: Fraction | float | Decimal | int | None):
    if ikm is None:
        return None
    value = round_half_up(ikm, 2)
    for lowest, grade, performance in BANDS:
        if value >= lowest:
            return grade, performance
    return BANDS[-1][1:]  # below 25 cannot happen with scores 1..4


def mutu(ikm) -> str | None:
    """Service quality letter A-D of an IKM value (25-100)."""
    band = _band(ikm)
    return band[0] if band else None


def kinerja(ikm) -> str | None:
    """Performance wording of an IKM value: Sangat baik / Baik / Kurang baik / Tidak baik."""
    band = _band(ikm)
    return band[1] if band else None


def nrr_mutu(nrr) -> str | None:
    """Mutu of one unsur's NRR (1-4), read on the IKM scale (NRR x 25)."""
    if nrr is None:
        return None
    return mutu(Fraction(nrr) * 25)


# --------------------------------------------------------------------------- periods

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")
PERIOD_FORMAT = re.compile(r"^(\d{4})(?:-(S[12]|Q[1-4]|\d{2}))?$")
KINDS = ("year", "semester", "quarter", "month")
PERIOD_HELP = "Tulis periode sebagai TTTT, TTTT-S1/S2, TTTT-Q1 sampai Q4, atau TTTT-BB (contoh: 2026-Q3)."


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date            # inclusive
    kind: str            # year | semester | quarter | month
    code: str            # 2026, 2026-S2, 2026-Q3, 2026-08

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == "year":
            return f"Tahun {year}"
        if self.kind == "semester":
            return f"Semester {ROMAN[int(self.code[-1])]} {year}"
        if self.kind == "quarter":
            return f"Triwulan {ROMAN[int(self.code[-1])]} {year}"
        return f"{BULAN[self.start.month - 1]} {year}"

    @property
    def short_label(self) -> str:
        """For chart axes: 'TW III 2026', 'Sem I 2026', 'Agu 2026', '2026'."""
        year = self.start.year
        if self.kind == "year":
            return str(year)
        if self.kind == "semester":
            return f"Sem {ROMAN[int(self.code[-1])]} {year}"
        if self.kind == "quarter":
            return f"TW {ROMAN[int(self.code[-1])]} {year}"
        return f"{BULAN[self.start.month - 1][:3]} {year}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.code

    def previous(self) -> Period:
        return period_of(self.start - timedelta(days=1), self.kind)


def _month_end(year: int, month: int) -> date:
    return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)


def _span(year: int, first_month: int, months: int) -> tuple[date, date]:
    last_month = first_month + months - 1
    return date(year, first_month, 1), _month_end(year, last_month)


def parse_period(text: str | Period) -> Period:
    """'2026', '2026-S1', '2026-Q3' or '2026-08' (case-insensitive) -> Period."""
    if isinstance(text, Period):
        return text
    raw = (text or "").strip().upper()
    match = PERIOD_FORMAT.match(raw)
    if not match:
        raise PeriodError(f"Periode '{text}' tidak dikenali. {PERIOD_HELP}")
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise PeriodError(f"Tahun {year} di luar rentang yang masuk akal (2000–2100).")
    part = match.group(2)
    if part is None:
        return Period(*_span(year, 1, 12), "year", f"{year}")
    if part.startswith("S"):
        n = int(part[1])
        return Period(*_span(year, 6 * (n - 1) + 1, 6), "semester", f"{year}-S{n}")
    if part.startswith("Q"):
        n = int(part[1])
        return Period(*_span(year, 3 * (n - 1) + 1, 3), "quarter", f"{year}-Q{n}")
    month = int(part)
    if not 1 <= month <= 12:
        raise PeriodError(f"Bulan '{part}' tidak ada: tulis 01 sampai 12. {PERIOD_HELP}")
    return Period(*_span(year, month, 1), "month", f"{year}-{month:02d}")


def period_of(day: date, kind: str = "quarter") -> Period:
    """The period of the given kind that a date belongs to."""
    if kind == "year":
        return parse_period(f"{day.year}")
    if kind == "semester":
        return parse_period(f"{day.year}-S{1 if day.month <= 6 else 2}")
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    raise ValueError(f"unknown period kind {kind!r}")


# --------------------------------------------------------------------------- sample size

# Krejcie & Morgan (1970): chi-square 3.841 (1 degree of freedom, 95 %), P = 0.5, d = 0.05.
# It reproduces their table: 100 -> 80, 500 -> 217, 1,000 -> 278, 10,000 -> 370, 1,000,000 -> 384.
KM_CHI2 = Decimal("3.841")
KM_P = Decimal("0.5")
KM_D = Decimal("0.05")
# Without a configured population the period is judged against a large population: the most
# demanding figure of the table (the limit for N -> infinity, 384 respondents).
LARGE_POPULATION_SAMPLE = 384
POPULATION_NOTE = (
    "Populasi belum ditetapkan (SKM_POPULATION): kecukupan dinilai terhadap populasi besar, "
    "yang memerlukan 384 responden (Krejcie & Morgan). Tetapkan SKM_POPULATION ke jumlah "
    "penerima layanan dalam satu periode agar kebutuhan sampel sesuai.")


def required_sample(population: int | None) -> int:
    """Minimum respondents for a population (Krejcie & Morgan), rounded to the nearest whole."""
    if population is None:
        return LARGE_POPULATION_SAMPLE
    if population < 1:
        raise ValueError("population must be at least 1")
    n = Decimal(population)
    pq = KM_P * (1 - KM_P)
    value = (KM_CHI2 * n * pq) / (KM_D ** 2 * (n - 1) + KM_CHI2 * pq)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def configured_population() -> int | None:
    """SKM_POPULATION (read from the environment by formsvc/config.py); None when unset."""
    from flask import current_app
    return current_app.config.get("SKM_POPULATION")


# --------------------------------------------------------------------------- computation


@dataclass(frozen=True)
class Report:
    """The SKM result of a set of responses (a period, optionally one service)."""

    period: Period | None
    service: str | None
    respondents: int
    answered: dict[str, int]               # respondents who answered each unsur
    nrr_exact: dict[str, Fraction | None]
    ikm_exact: Fraction | None
    population: int | None = None
    required_sample: int = LARGE_POPULATION_SAMPLE
    nrr: dict[str, float | None] = field(init=False)
    ikm: float | None = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "nrr", {c: (float(v) if v is not None else None)
                                         for c, v in self.nrr_exact.items()})
        object.__setattr__(self, "ikm", float(self.ikm_exact) if self.ikm_exact is not None else None)

    @property
    def mutu(self) -> str | None:
        return mutu(self.ikm_exact)

    @property
    def kinerja(self) -> str | None:
        return kinerja(self.ikm_exact)

    @property
    def sufficient(self) -> bool:
        return self.respondents >= self.required_sample

    @property
    def nrr_mutu(self) -> dict[str, str | None]:
        return {code: nrr_mutu(value) for code, value in self.nrr_exact.items()}

    def nrr_rounded(self, digits: int = 4) -> dict[str, float | None]:
        return {c: (float(round_half_up(v, digits)) if v is not None else None) for c, v in self.nrr_exact.items()}

    def ikm_rounded(self, digits: int = 2) -> float | None:
        return float(round_half_up(self.ikm_exact, digits)) if self.ikm_exact is not None else None

    def as_dict(self) -> dict:
        """JSON form: NRR rounded to 4 decimals, IKM to 2 (the exact values stay exact inside)."""
        return {
            "period": self.period.code if self.period else None,
            "period_label": self.period.label if self.period else None,
            "start": self.period.start.isoformat() if self.period else None,
            "end": self.period.end.isoformat() if self.period else None,
            "service": self.service,
            "respondents": self.respondents,
            "answered": dict(self.answered),
            "nrr": self.nrr_rounded(4),
            "ikm": self.ikm_rounded(2),
            "mutu": self.mutu,
            "kinerja": self.kinerja,
            "weight": "exact 1/9",
            "population": self.population,
            "required_sample": self.required_sample,
            "sufficient": self.sufficient,
        }


def compute(sums: Mapping[str, int], counts: Mapping[str, int], respondents: int, *,
            period: Period | None = None, service: str | None = None,
            population: int | None = None) -> Report:
    """A Report from per-unsur score sums and answer counts (what SQL aggregates return)."""
    nrr: dict[str, Fraction | None] = {}
    for code in CODES:
        count = int(counts.get(code) or 0)
        nrr[code] = Fraction(int(sums.get(code) or 0), count) if count else None
    if respondents and all(v is not None for v in nrr.values()):
        ikm = sum((value * WEIGHT for value in nrr.values()), Fraction(0)) * 25
    else:
        ikm = None  # an unsur nobody answered: no IKM rather than a wrong one
    return Report(period=period, service=service, respondents=respondents,
                  answered={c: int(counts.get(c) or 0) for c in CODES},
                  nrr_exact=nrr, ikm_exact=ikm, population=population,
                  required_sample=required_sample(population))


def compute_from_rows(rows: Iterable[Mapping[str, int | None]], **kwargs) -> Report:
    """A Report from individual responses, each a mapping U1..U9 (or u1..u9) -> 1..4 or None."""
    sums = dict.fromkeys(CODES, 0)
    counts = dict.fromkeys(CODES, 0)
    respondents = 0
    for row in rows:
        respondents += 1
        for code in CODES:
            value = row.get(code, row.get(code.lower()))
            if value is not None:
                sums[code] += int(value)
                counts[code] += 1
    return compute(sums, counts, respondents, **kwargs)


# --------------------------------------------------------------------------- database queries


def _aggregate(period: Period | None, service: str | None, group_by_service: bool = False):
    from sqlalchemy import func, select

    from .extensions import db
    from .models import SurveyResponse

    columns = [func.count(SurveyResponse.id)]
    for code in CODES:
        column = getattr(SurveyResponse, code.lower())
        columns += [func.sum(column), func.count(column)]
    query = select(SurveyResponse.layanan, *columns) if group_by_service else select(*columns)
    if period is not None:
        query = query.where(SurveyResponse.tanggal >= period.start, SurveyResponse.tanggal <= period.end)
    if service is not None:
        query = query.where(SurveyResponse.layanan == service)
    if group_by_service:
        query = query.group_by(SurveyResponse.layanan).order_by(SurveyResponse.layanan)
    return db.session.execute(query).all()


def _from_row(values, period, service, population) -> Report:
    respondents, rest = values[0], values[1:]
    sums = {code: rest[2 * i] for i, code in enumerate(CODES)}
    counts = {code: rest[2 * i + 1] for i, code in enumerate(CODES)}
    return compute(sums, counts, respondents or 0, period=period, service=service, population=population)


def ikm_report(period: str | Period | None, service: str | None = None) -> Report:
    """The IKM of every response dated within `period` (all time when None), optionally of one
    service (SurveyResponse.layanan). Needs an application context."""
    period = parse_period(period) if period is not None else None
    row = _aggregate(period, service)[0]
    return _from_row(tuple(row), period, service, configured_population())


def service_reports(period: str | Period | None) -> list[Report]:
    """One Report per service with responses in the period, by service name."""
    period = parse_period(period) if period is not None else None
    population = configured_population()
    return [_from_row(tuple(row)[1:], period, row[0], population)
            for row in _aggregate(period, None, group_by_service=True)]


def trend(periods: Iterable[str | Period], service: str | None = None) -> list[Report]:
    return [ikm_report(p, service) for p in periods]


KIND_LABELS = {"year": "Tahun", "semester": "Semester", "quarter": "Triwulan", "month": "Bulan"}


def period_options(quarters: Iterable[Period], selected: Period | None = None,
                   months: Iterable[Period] = ()) -> list[tuple[str, list[Period]]]:
    """The choices of a period picker, grouped by kind for <optgroup>s (Tahun, Semester,
    Triwulan, Bulan), newest first in each: the quarters given with their semesters and years,
    the months given that fall within those quarters, and the selected period in any case."""
    quarters = list(quarters)
    found: dict[str, Period] = {}
    for quarter in quarters:
        for kind in ("year", "semester", "quarter"):
            period = period_of(quarter.start, kind)
            found.setdefault(period.code, period)
    for month in months:
        if any(month.start in quarter for quarter in quarters):
            found.setdefault(month.code, month)
    if selected is not None:
        found.setdefault(selected.code, selected)
    return [(label, sorted((p for p in found.values() if p.kind == kind), key=lambda p: p.start, reverse=True))
            for kind, label in KIND_LABELS.items() if any(p.kind == kind for p in found.values())]


def latest_periods(kind: str = "quarter", count: int = 8) -> list[Period]:
    """The periods of `kind` that have responses, newest first, at most `count`, looking back
    from the newest response."""
    from sqlalchemy import select

    from .extensions import db
    from .models import SurveyResponse

    dates = db.session.execute(select(SurveyResponse.tanggal).distinct()
                               .order_by(SurveyResponse.tanggal.desc())).scalars()
    found: list[Period] = []
    for day in dates:
        period = period_of(day, kind)
        if not found or found[-1] != period:
            found.append(period)
            if len(found) >= count:
                break
    return found


def services() -> list[str]:
    """Every service name that has survey responses."""
    from sqlalchemy import select

    from .extensions import db
    from .models import SurveyResponse

    return [s for s in db.session.execute(select(SurveyResponse.layanan).distinct()
                                          .order_by(SurveyResponse.layanan)).scalars() if s]
