"""Service times in working days against each service's published standard."""
from datetime import date, datetime

import pytest

from formsvc.hr import dates
from formsvc.hr.servicetimes import percentile, service_times
from formsvc.workdays import Calendar

from .conftest import at, make_submission


def test_percentile_interpolates_like_a_spreadsheet():
    assert percentile([], 50) is None
    assert percentile([4], 90) == 4
    assert percentile([0, 4, 5, 7], 50) == 4.5
    assert percentile([0, 4, 5, 7], 90) == pytest.approx(6.4)
    assert percentile([4, 5, 7], 90) == pytest.approx(6.6)


def test_processing_days_agree_with_the_due_date(app):
    calendar = Calendar()
    with app.app_context():
        for arrived in (date(2026, 11, 2), date(2026, 11, 6), date(2026, 11, 7)):  # Mon, Fri, Sat
            for standard in (1, 5, 14):
                due = calendar.add_working_days(arrived, standard)
                assert dates.processing_days(at(arrived), at(due), calendar) == standard
        assert dates.processing_days(at(date(2026, 11, 2)), at(date(2026, 11, 2)), calendar) == 0


def test_local_day_not_utc_day(app):
    with app.app_context():
        # 17.30 UTC on Sunday 1 November is 00.30 WIB on Monday 2 November.
        assert dates.local_date(datetime(2026, 11, 1, 17, 30)) == date(2026, 11, 2)
        assert dates.utc_start_of(date(2026, 11, 2)) == datetime(2026, 11, 1, 17, 0)


def closed(app, arrived, finished, **values):
    return make_submission(app, created_at=at(arrived), closed_at=at(finished), status="selesai", **values)


@pytest.fixture
def history(app):
    closed(app, date(2026, 10, 5), date(2026, 10, 5))    # 0 days
    closed(app, date(2026, 11, 2), date(2026, 11, 6))    # 4
    closed(app, date(2026, 11, 2), date(2026, 11, 9))    # 5 = the standard
    closed(app, date(2026, 11, 2), date(2026, 11, 11))   # 7: late
    closed(app, date(2026, 11, 2), date(2026, 11, 4), kind="izin", service_slug="layanan/izin/izin-tidak-masuk-kerja",
           service_title="Izin Tidak Masuk Kerja", standard_days=1)  # 2: late
    make_submission(app, created_at=at(date(2026, 11, 20)), due_date=date(2026, 11, 27))  # open and overdue
    make_submission(app, kind="saran", service_slug=None, service_title=None, standard_days=None,
                    created_at=at(date(2026, 11, 2)), closed_at=at(date(2026, 11, 30)), status="selesai")


def test_per_service_count_median_p90_and_share(app, history):
    with app.test_request_context():
        rows = {r.title: r for r in service_times(2026, "bulan")}
    assert set(rows) == {"Cuti Tahunan", "Izin Tidak Masuk Kerja"}  # suggestions have no service standard
    cuti = rows["Cuti Tahunan"]
    assert cuti.total.count == 4
    assert cuti.total.median == 4.5
    assert cuti.total.p90 == pytest.approx(6.4)
    assert cuti.total.share_within == 75
    assert cuti.current_standard == 5
    assert cuti.open_count == 1
    assert cuti.periods["2026-11"].count == 3 and cuti.periods["2026-11"].median == 5
    assert cuti.periods["2026-10"].count == 1
    assert rows["Izin Tidak Masuk Kerja"].total.share_within == 0
    with app.test_request_context():
        quarters = {r.title: r for r in service_times(2026, "triwulan")}
    assert quarters["Cuti Tahunan"].periods["2026-T4"].count == 4


def test_dashboard_page_has_accessible_charts_and_tables(app, officer, history):
    page = officer.get("/api/hr/waktu-layanan?tahun=2026&per=bulan").get_data(as_text=True)
    assert page.count('role="img"') == 2
    assert "<title id=" in page and "<desc id=" in page
    assert '<th scope="row">Cuti Tahunan</th>' in page
    assert "4,5" in page and "6,4" in page and "75%" in page
    assert "<script" not in page.split("formsvc:content")[0][-1:]  # nothing added to the head
    one = officer.get("/api/hr/waktu-layanan?tahun=2026&per=triwulan&layanan=layanan/cuti/cuti-tahunan")
    text = one.get_data(as_text=True)
    assert "T4 2026" in text and "ditutup per triwulan 2026: Cuti Tahunan" in text


def test_dashboard_links_overdue_counts_to_the_inbox(app, officer, history):
    page = officer.get("/api/hr/waktu-layanan?tahun=2026").get_data(as_text=True)
    assert "terlambat=y" in page and "layanan=layanan/cuti/cuti-tahunan" in page
