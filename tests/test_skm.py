"""IKM arithmetic (PermenPANRB 14/2017): NRR, the exact 1/9 weight, mutu and kinerja bands,
periods, Krejcie & Morgan, and the worked example in shared/eval."""
import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from formsvc import skm
from formsvc.extensions import db
from formsvc.models import SurveyResponse
from formsvc.survey.importer import parse_rows

ROOT = Path(__file__).resolve().parent.parent


def eval_dir() -> Path:
    """shared/eval beside the clone (CI), or beside the worktrees' parent (local worktrees)."""
    for candidate in (Path(ROOT).parent / "shared" / "eval", Path(ROOT).parent.parent / "shared" / "eval"):
        if (candidate / "skm-sample.csv").is_file():
            return candidate
    pytest.fail("shared/eval/skm-sample.csv not found beside the repository (CI puts shared/ beside the clone)")


def test_sample_csv_gives_the_expected_results():
    folder = eval_dir()
    expected = json.loads((folder / "skm-sample.expected.json").read_text(encoding="utf-8"))
    rows = parse_rows(folder / "skm-sample.csv")
    report = skm.compute_from_rows(row.values for row in rows)

    assert report.respondents == expected["respondents"]
    assert report.nrr_rounded(4) == expected["nrr"]
    assert round(report.ikm, 2) == round(expected["ikm"], 2)
    assert report.mutu == expected["mutu"]
    assert report.kinerja == expected["kinerja"]


def test_ikm_uses_the_exact_one_ninth_weight():
    rows = [{"U1": 4, "U2": 3, "U3": 3, "U4": 4, "U5": 2, "U6": 3, "U7": 4, "U8": 3, "U9": 1}]
    report = skm.compute_from_rows(rows)
    assert report.ikm_exact == Fraction(27, 9) * 25 == 75
    # A tool rounding the weight to 0.111 gets 74.925: the exact weight must not.
    assert report.ikm == 75.0


def test_nrr_counts_only_respondents_who_answered_that_unsur():
    rows = [{**{c: 4 for c in skm.CODES}, "U3": None}, {c: 2 for c in skm.CODES}]
    report = skm.compute_from_rows(rows)
    assert report.respondents == 2
    assert report.answered["U3"] == 1
    assert report.nrr["U3"] == 2.0
    assert report.nrr["U1"] == 3.0


def test_no_ikm_when_an_unsur_has_no_answer_at_all():
    report = skm.compute_from_rows([{**{c: 3 for c in skm.CODES}, "U9": None}])
    assert report.nrr["U9"] is None
    assert report.ikm is None and report.mutu is None


def test_no_responses_give_an_empty_report():
    report = skm.compute_from_rows([])
    assert report.respondents == 0 and report.ikm is None
    assert report.as_dict()["ikm"] is None


@pytest.mark.parametrize("ikm, grade, performance", [
    (100, "A", "Sangat baik"),
    (88.31, "A", "Sangat baik"),
    (88.30, "B", "Baik"),
    (76.61, "B", "Baik"),
    (76.60, "C", "Kurang baik"),
    (65.00, "C", "Kurang baik"),
    (64.99, "D", "Tidak baik"),
    (25, "D", "Tidak baik"),
    # Compared on the value rounded to 2 decimals, half up, like the published table.
    (76.604, "C", "Kurang baik"),
    (76.605, "B", "Baik"),
    (Fraction(7661, 100), "B", "Baik"),
])
def test_mutu_and_kinerja_boundaries(ikm, grade, performance):
    assert skm.mutu(ikm) == grade
    assert skm.kinerja(ikm) == performance


@pytest.mark.parametrize("nrr, grade", [
    (1.0, "D"), (2.5996, "D"), (2.60, "C"), (3.064, "C"), (3.0644, "B"), (3.532, "B"), (3.5324, "A"), (4.0, "A"),
])
def test_mutu_of_an_unsur_follows_the_nrr_table(nrr, grade):
    assert skm.nrr_mutu(nrr) == grade


@pytest.mark.parametrize("text, code, kind, start, end, label", [
    ("2026", "2026", "year", date(2026, 1, 1), date(2026, 12, 31), "Tahun 2026"),
    ("2026-S1", "2026-S1", "semester", date(2026, 1, 1), date(2026, 6, 30), "Semester I 2026"),
    ("2026-S2", "2026-S2", "semester", date(2026, 7, 1), date(2026, 12, 31), "Semester II 2026"),
    ("2026-Q1", "2026-Q1", "quarter", date(2026, 1, 1), date(2026, 3, 31), "Triwulan I 2026"),
    ("2026-Q3", "2026-Q3", "quarter", date(2026, 7, 1), date(2026, 9, 30), "Triwulan III 2026"),
    ("2026-q4", "2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31), "Triwulan IV 2026"),
    ("2026-08", "2026-08", "month", date(2026, 8, 1), date(2026, 8, 31), "Agustus 2026"),
    ("2028-02", "2028-02", "month", date(2028, 2, 1), date(2028, 2, 29), "Februari 2028"),
    (" 2026-12 ", "2026-12", "month", date(2026, 12, 1), date(2026, 12, 31), "Desember 2026"),
])
def test_periods(text, code, kind, start, end, label):
    period = skm.parse_period(text)
    assert (period.code, period.kind, period.start, period.end, period.label) == (code, kind, start, end, label)


@pytest.mark.parametrize("text", ["", "2026-Q5", "2026-Q0", "2026-S3", "2026-13", "2026-00", "26-Q1",
                                  "2026/Q1", "2026-Q3x", "Q3-2026", "1999", "2026-8"])
def test_invalid_periods_say_how_to_write_one(text):
    with pytest.raises(skm.PeriodError) as error:
        skm.parse_period(text)
    assert "TTTT" in str(error.value) or "rentang" in str(error.value)


@pytest.mark.parametrize("day, kind, code", [
    (date(2026, 9, 30), "quarter", "2026-Q3"),
    (date(2026, 10, 1), "quarter", "2026-Q4"),
    (date(2026, 6, 30), "semester", "2026-S1"),
    (date(2026, 7, 1), "semester", "2026-S2"),
    (date(2026, 1, 31), "month", "2026-01"),
    (date(2026, 12, 31), "year", "2026"),
])
def test_a_date_belongs_to_its_period(day, kind, code):
    period = skm.period_of(day, kind)
    assert period.code == code
    assert day in period
    assert period.previous().end < period.start


@pytest.mark.parametrize("population, sample", [
    (10, 10), (100, 80), (500, 217), (1000, 278), (10_000, 370), (1_000_000, 384), (None, 384),
])
def test_krejcie_morgan_sample_size(population, sample):
    assert skm.required_sample(population) == sample


def test_unsur_carry_the_official_answer_labels():
    labels = {u.code: u.answers for u in skm.UNSUR}
    assert labels["U1"] == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert labels["U4"] == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert labels["U8"] == ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
                            "Dikelola dengan baik")
    assert labels["U9"] == ("Buruk", "Cukup", "Baik", "Sangat baik")
    assert [u.name for u in skm.UNSUR][7:] == ["Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana"]


# --------------------------------------------------------------------------- from the database


def add_responses(app, rows):
    with app.app_context():
        for row in rows:
            db.session.add(SurveyResponse(**row))
        db.session.commit()


def response(day, score=3, layanan="Cuti Tahunan", **extra):
    values = {f"u{i}": score for i in range(1, 10)}
    values.update(tanggal=day, layanan=layanan, source="online")
    values.update(extra)
    return values


def test_report_by_period_and_service(app):
    add_responses(app, [
        response(date(2026, 6, 30), score=1),                          # Q2
        response(date(2026, 7, 1), score=4),                           # Q3
        response(date(2026, 9, 30), score=2, layanan="Pensiun Batas Usia"),
        response(date(2026, 10, 1), score=1),                          # Q4
    ])
    with app.app_context():
        q3 = skm.ikm_report("2026-Q3")
        assert q3.respondents == 2 and q3.ikm == 75.0 and q3.mutu == "C"
        assert skm.ikm_report("2026-Q3", service="Cuti Tahunan").ikm == 100.0
        assert skm.ikm_report("2026-09").respondents == 1
        assert skm.ikm_report("2026-S2").respondents == 3
        assert skm.ikm_report("2026").respondents == 4
        assert skm.ikm_report(None).respondents == 4
        assert [(r.service, r.respondents) for r in skm.service_reports("2026-Q3")] == [
            ("Cuti Tahunan", 1), ("Pensiun Batas Usia", 1)]
        assert [p.code for p in skm.latest_periods("quarter", 2)] == ["2026-Q4", "2026-Q3"]
        assert [r.respondents for r in skm.trend(["2026-Q2", "2026-Q3"])] == [1, 2]
        assert skm.services() == ["Cuti Tahunan", "Pensiun Batas Usia"]


def test_report_says_whether_the_period_has_enough_respondents(make_app):
    app = make_app(SKM_POPULATION=10)
    add_responses(app, [response(date(2026, 8, d)) for d in range(1, 10)])
    with app.app_context():
        report = skm.ikm_report("2026-Q3")
        assert (report.population, report.required_sample, report.sufficient) == (10, 10, False)
    add_responses(app, [response(date(2026, 8, 10))])
    with app.app_context():
        assert skm.ikm_report("2026-Q3").sufficient is True


def test_without_a_population_the_large_population_sample_applies(app):
    with app.app_context():
        report = skm.ikm_report("2026-Q3")
        assert report.population is None and report.required_sample == 384
        assert report.as_dict()["weight"] == "exact 1/9"
