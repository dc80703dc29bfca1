from datetime import date

from formsvc.workdays import Calendar


def test_weekends_and_national_holidays_are_not_working_days():
    calendar = Calendar()
    # 2026-12-21 Mon .. 2026-12-27 Sun; 25 December is Christmas.
    assert calendar.working_days_between(date(2026, 12, 21), date(2026, 12, 27)) == 4
    assert calendar.holiday_name(date(2026, 12, 25))


def test_cuti_bersama_configured_by_hr_is_excluded():
    calendar = Calendar(frozenset({date(2026, 12, 24)}))
    assert calendar.working_days_between(date(2026, 12, 21), date(2026, 12, 27)) == 3
    assert calendar.holiday_name(date(2026, 12, 24)) == "Cuti bersama"


def test_end_before_start_counts_nothing():
    assert Calendar().working_days_between(date(2026, 3, 10), date(2026, 3, 9)) == 0


def test_add_working_days_skips_weekend():
    # Friday 2026-11-27 + 1 working day = Monday 2026-11-30
    assert Calendar().add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
