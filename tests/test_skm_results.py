"""The public results page /api/survei/hasil/ (UU 25/2009: results are published)."""
import re
from datetime import date

from formsvc.extensions import db
from formsvc.models import SurveyFollowUp, SurveyResponse
from test_skm import eval_dir


def import_sample(runner):
    result = runner.invoke(args=["skm", "import", str(eval_dir() / "skm-sample.csv")])
    assert result.exit_code == 0, result.output


def add(app, *rows):
    with app.app_context():
        for row in rows:
            db.session.add(row)
        db.session.commit()


def scored(day, score, layanan="Cuti Tahunan"):
    return SurveyResponse(tanggal=day, layanan=layanan, source="online", **{f"u{i}": score for i in range(1, 10)})


def test_without_responses_the_page_says_so(client):
    response = client.get("/api/survei/hasil/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Hasil Survei Kepuasan Masyarakat</h1>" in html
    assert "Belum ada hasil survei yang dapat diumumkan" in html
    assert 'class="md-header' in html


def test_latest_quarter_with_ikm_mutu_charts_tables_and_follow_up(app, client, runner):
    import_sample(runner)
    add(app, SurveyFollowUp(period="2026-Q3", text="Kami menambah petugas loket.\n\nFormulir KGB disederhanakan."))
    html = client.get("/api/survei/hasil/").get_data(as_text=True)

    assert '<h2 id="ringkasan">Triwulan III 2026</h2>' in html
    summary = re.search(r'<dl class="skm-summary">.*?</dl>', html, re.S).group(0)
    assert "76,30" in summary and ">C<" in summary and "Kurang baik" in summary and ">15<" in summary
    assert "Jumlah responden belum memenuhi sampel minimal" in html and "384" in html

    # Per-unsur chart: an accessible SVG with a title and a description, and its data table.
    chart = re.search(r'<svg class="skm-chart" id="grafik-unsur".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in chart and 'aria-labelledby="grafik-unsur-title grafik-unsur-desc"' in chart
    assert "<title id=\"grafik-unsur-title\">Nilai per unsur, Triwulan III 2026</title>" in chart
    assert "Tertinggi 3,40: U2 Prosedur" in chart
    assert "Terendah 2,67: U5 Produk layanan, U6 Kompetensi petugas" in chart
    assert "<caption>Nilai per unsur, Triwulan III 2026</caption>" in html
    assert '<th scope="row">Sistem, mekanisme, dan prosedur</th><td>3,400</td>' in html

    # Trend chart with its table; per-service table; follow-up text as paragraphs.
    trend = re.search(r'<svg class="skm-chart" id="grafik-tren".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in trend and "Triwulan III 2026: 76,30 (mutu C)" in trend
    assert "<caption>IKM per triwulan, dari yang terbaru</caption>" in html
    assert "<caption>IKM per layanan, Triwulan III 2026</caption>" in html
    assert '<th scope="row">Pensiun</th><td>7</td>' in html
    assert "<p>Kami menambah petugas loket.</p>\n<p>Formulir KGB disederhanakan.</p>" in html
    assert "Bobot 1/9 dipakai tepat" in html


def test_another_period_can_be_chosen_and_the_trend_covers_the_quarters(app, client):
    add(app, scored(date(2026, 5, 10), 4), scored(date(2026, 8, 1), 3), scored(date(2026, 8, 2), 2))
    html = client.get("/api/survei/hasil/?periode=2026-Q2").get_data(as_text=True)
    assert '<h2 id="ringkasan">Triwulan II 2026</h2>' in html
    assert '<option value="2026-Q2" selected>Triwulan II 2026</option>' in html
    assert '<option value="2026-S1">Semester I 2026</option>' in html
    assert "Tindak lanjut untuk Triwulan II 2026 belum diumumkan." in html
    trend = re.search(r'<svg class="skm-chart" id="grafik-tren".*?</svg>', html, re.S).group(0)
    assert "Triwulan II 2026: 100,00 (mutu A); Triwulan III 2026: 62,50 (mutu D)" in trend
    assert "IKM turun 37,50 poin" in trend
    year = client.get("/api/survei/hasil/?periode=2026").get_data(as_text=True)
    assert '<h2 id="ringkasan">Tahun 2026</h2>' in year and ">3<" in year


def test_a_malformed_period_is_explained(client, app):
    add(app, scored(date(2026, 8, 1), 3))
    response = client.get("/api/survei/hasil/?periode=2026-Q9")
    assert response.status_code == 400
    assert "Periode &#39;2026-Q9&#39; tidak dikenali" in response.get_data(as_text=True)


def test_a_period_without_responses(client, app):
    add(app, scored(date(2026, 8, 1), 3))
    html = client.get("/api/survei/hasil/?periode=2025-Q1").get_data(as_text=True)
    assert "Belum ada responden pada periode ini." in html


def picker(html: str) -> dict[str, list[tuple[str, str, bool]]]:
    """The period <select>: {optgroup label: [(value, text, selected)]}."""
    select = re.search(r'<select name="periode" id="periode">(.*?)</select>', html, re.S).group(1)
    return {label: [(value, text, bool(chosen)) for value, chosen, text in
                     re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', group)]
            for label, group in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)}


def test_months_can_be_chosen_in_the_period_picker(app, client):
    add(app, scored(date(2026, 5, 10), 4), scored(date(2026, 8, 1), 3), scored(date(2026, 8, 20), 2),
        scored(date(2026, 9, 2), 4))
    options = picker(client.get("/api/survei/hasil/").get_data(as_text=True))
    assert list(options) == ["Tahun", "Semester", "Triwulan", "Bulan"]
    assert options["Bulan"] == [("2026-09", "September 2026", False), ("2026-08", "Agustus 2026", False),
                                ("2026-05", "Mei 2026", False)]  # months with responses, newest first
    assert options["Triwulan"][0] == ("2026-Q3", "Triwulan III 2026", True)

    html = client.get("/api/survei/hasil/?periode=2026-08").get_data(as_text=True)
    assert '<h2 id="ringkasan">Agustus 2026</h2>' in html
    assert ("2026-08", "Agustus 2026", True) in picker(html)["Bulan"]


def test_a_typed_month_without_responses_is_still_shown_as_chosen(app, client):
    add(app, scored(date(2026, 8, 1), 3))
    html = client.get("/api/survei/hasil/?periode=2026-02").get_data(as_text=True)
    assert picker(html)["Bulan"] == [("2026-08", "Agustus 2026", False), ("2026-02", "Februari 2026", True)]
