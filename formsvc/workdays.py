"""Working days (hari kerja): Monday to Friday, without Indonesia's national holidays
(package `holidays`) and without the cuti bersama dates HR keeps in
docs/_data/cuti-bersama.yml. Used for leave lengths and for service times."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays
import yaml


@lru_cache(maxsize=8)
def _cuti_bersama(path: str, mtime: float) -> frozenset[date]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return frozenset(entry["tanggal"] for entry in data if isinstance(entry, dict) and entry.get("tanggal"))


def cuti_bersama_dates(docs_dir: str | Path | None) -> frozenset[date]:
    if not docs_dir:
        return frozenset()
    path = Path(docs_dir) / "_data" / "cuti-bersama.yml"
    if not path.is_file():
        return frozenset()
    return _cuti_bersama(str(path), path.stat().st_mtime)


class Calendar:
    def __init__(self, extra_holidays: frozenset[date] = frozenset()):
        self.extra = extra_holidays
        # Compute the years in use up front: the holiday table is then only read, also
        # by concurrent requests (other years are still added on demand).
        this_year = date.today().year
        self._national = holidays.country_holidays(
            "ID", language="id", years=range(this_year - 3, this_year + 3))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._national and day not in self.extra

    def holiday_name(self, day: date) -> str | None:
        if day in self.extra:
            return "Cuti bersama"
        return self._national.get(day)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from start to end, both included (0 when end is before start)."""
        count, day = 0, start
        while day <= end:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        day = start
        while days > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day


@lru_cache(maxsize=4)
def _calendar(extra_holidays: frozenset[date]) -> Calendar:
    return Calendar(extra_holidays)


def calendar_for(app) -> Calendar:
    """The calendar with HR's current cuti bersama dates; rebuilt only when they change."""
    return _calendar(cuti_bersama_dates(app.config.get("DOCS_DIR")))
