"""Reports: the IKM report with the follow-up HR publishes, and the page-feedback report."""
from datetime import date

from sqlalchemy import select

from formsvc.extensions import db
from formsvc.models import AuditLog, PageFeedback, SurveyFollowUp, SurveyResponse


def add_responses(app, *rows):
    with app.app_context():
        for day, layanan, score in rows:
            db.session.add(SurveyResponse(tanggal=day, layanan=layanan,
                                          **{f"u{n}": score for n in range(1, 10)}))
        db.session.commit()


def test_ikm_report_with_charts_tables_and_services(app, officer):
    add_responses(app, (date(2026, 8, 3), "Cuti Tahunan", 4), (date(2026, 8, 4), "Kenaikan Pangkat", 3),
                  (date(2026, 5, 4), "Cuti Tahunan", 2))
    page = officer.get("/api/hr/laporan/ikm?periode=2026-Q3").get_data(as_text=True)
    assert "Triwulan III 2026" in page
    assert "87,50" in page and ">B<" in page  # NRR 3.5 on every unsur -> IKM 87.50, mutu B
    assert page.count('role="img"') == 2       # per-unsur chart and the trend
    assert '<th scope="row">Waktu penyelesaian</th>' in page
    assert "Kenaikan Pangkat" in page           # IKM per service
    one = officer.get("/api/hr/laporan/ikm?periode=2026-Q3&layanan=Cuti+Tahunan").get_data(as_text=True)
    assert "100,00" in one and "Triwulan II 2026" in one  # trend of that service includes Q2


def test_unknown_period_is_explained(app, officer):
    response = officer.get("/api/hr/laporan/ikm?periode=kuartal-3")
    assert response.status_code == 400
    assert "tidak dikenali" in response.get_data(as_text=True)


def test_follow_up_is_saved_audited_and_published(app, officer):
    add_responses(app, (date(2026, 8, 3), "Cuti Tahunan", 3))
    text = "Ruang tunggu ditambah kursi.\n\nWaktu proses cuti dipantau setiap minggu."
    response = officer.post("/api/hr/laporan/ikm?periode=2026-Q3", data={"text": text},
                            token_from="/api/hr/laporan/ikm?periode=2026-Q3")
    assert response.status_code == 302
    with app.app_context():
        follow_up = db.session.scalars(select(SurveyFollowUp)).one()
        assert follow_up.period == "2026-Q3" and follow_up.text == text
        assert db.session.scalars(select(AuditLog.target).where(AuditLog.action == "follow_up")).all() == ["2026-Q3"]
    public = app.test_client().get("/api/survei/hasil/?periode=2026-Q3").get_data(as_text=True)
    assert "Ruang tunggu ditambah kursi." in public
    # Saving again updates the same period's text.
    officer.post("/api/hr/laporan/ikm?periode=2026-Q3", data={"text": "Diperbarui."},
                 token_from="/api/hr/laporan/ikm?periode=2026-Q3")
    with app.app_context():
        assert db.session.scalars(select(SurveyFollowUp.text)).all() == ["Diperbarui."]


def test_follow_up_cannot_be_empty(app, officer):
    response = officer.post("/api/hr/laporan/ikm?periode=2026-Q3", data={"text": "  "},
                            token_from="/api/hr/laporan/ikm?periode=2026-Q3")
    assert response.status_code == 400
    assert "Tulis tindak lanjut" in response.get_data(as_text=True)


def vote(app, visitor, page, helpful, comment=None):
    with app.app_context():
        db.session.add(PageFeedback(page=page, visitor=visitor, helpful=helpful, comment=comment))
        db.session.commit()


def test_page_feedback_report_lists_the_least_helpful_pages_first(app, officer):
    vote(app, "a", "/layanan/cuti/cuti-tahunan/", False, "Tidak jelas berapa sisa cuti yang bisa dibawa.")
    vote(app, "b", "/layanan/cuti/cuti-tahunan/", False)
    vote(app, "c", "/layanan/cuti/cuti-tahunan/", True)
    vote(app, "d", "/bantuan/faq/", True, "Sangat membantu <b>terima kasih</b>")
    page = officer.get("/api/hr/laporan/umpan-balik").get_data(as_text=True)
    assert page.index("docs/layanan/cuti/cuti-tahunan.md") < page.index("docs/bantuan/faq.md")
    assert "Tidak jelas berapa sisa cuti yang bisa dibawa." in page
    assert "&lt;b&gt;terima kasih&lt;/b&gt;" in page
    assert "33%" in page  # 1 of 3 found the leave page helpful
    only = officer.get("/api/hr/laporan/umpan-balik?hanya_tidak_membantu=y").get_data(as_text=True)
    assert "docs/bantuan/faq.md" not in only


def test_ikm_report_offers_months_too(app, officer):
    add_responses(app, (date(2026, 8, 3), "Cuti Tahunan", 4), (date(2026, 7, 4), "Cuti Tahunan", 2))
    page = officer.get("/api/hr/laporan/ikm?periode=2026-07").get_data(as_text=True)
    assert '<optgroup label="Bulan">' in page
    assert '<option value="2026-07" selected>Juli 2026</option>' in page
    assert '<option value="2026-08">Agustus 2026</option>' in page
    assert '<h2 id="ringkasan">Juli 2026</h2>' in page
