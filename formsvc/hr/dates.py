"""Dates as HR reads them: the office's local calendar day (WIB), not UTC.

The database keeps naive UTC timestamps; a request sent at 06.30 WIB on Monday is stored
as Sunday 23.30 UTC, and must count as Monday's."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app, g

from ..workdays import Calendar, calendar_for


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_date(value: datetime | None) -> date | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc).astimezone(zone()).date()


def today() -> date:
    return datetime.now(zone()).date()


def utc_start_of(day: date) -> datetime:
    """The naive UTC instant at which the local `day` begins."""
    return datetime.combine(day, time.min, tzinfo=zone()).astimezone(timezone.utc).replace(tzinfo=None)


def utc_end_of(day: date) -> datetime:
    """The naive UTC instant at which the local `day` ends (exclusive bound)."""
    return utc_start_of(day + timedelta(days=1))


def calendar() -> Calendar:
    """One working-day calendar per request (holidays are looked up once)."""
    if "hr_calendar" not in g:
        g.hr_calendar = calendar_for(current_app)
    return g.hr_calendar


def processing_days(created_at: datetime, closed_at: datetime, cal: Calendar | None = None) -> int:
    """Working days a request took: from the day after it arrived up to the day it closed.

    Counted like the due date (Calendar.add_working_days(arrival, standard)), so a request
    closed on its due date took exactly the standard, and one closed the day it arrived 0.
    """
    cal = cal or calendar()
    start = local_date(created_at) + timedelta(days=1)
    return cal.working_days_between(start, local_date(closed_at))
