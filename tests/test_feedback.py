"""Page feedback: POST /api/feedback, one vote per page per visitor session, and HR's report."""
import pytest
from sqlalchemy import select

from formsvc.extensions import db
from formsvc.feedback import normalise_page, page_feedback_report, page_source, FeedbackError
from formsvc.models import PageFeedback

PAGE = "/layanan/cuti/cuti-tahunan/"
ORIGIN = {"Origin": "http://localhost"}


def vote(client, page=PAGE, helpful="1", comment=None, headers=ORIGIN):
    body = {"page": page, "helpful": helpful}
    if comment is not None:
        body["comment"] = comment
    return client.post("/api/feedback", json=body, headers={"X-Requested-With": "fetch", **headers})


def votes(app):
    with app.app_context():
        rows = db.session.execute(select(PageFeedback).order_by(PageFeedback.id)).scalars().all()
        db.session.expunge_all()
        return rows


def test_a_vote_is_stored(app, client):
    response = vote(client, helpful="0")
    assert response.status_code == 200
    assert response.json == {"ok": True, "page": PAGE, "helpful": False, "comment": False}
    [row] = votes(app)
    assert (row.page, row.helpful, row.comment) == (PAGE, False, None)
    assert len(row.visitor) == 32


def test_one_vote_per_page_per_visitor_session(app, client):
    vote(client, helpful="1")
    vote(client, helpful="0", comment="Tabelnya   membingungkan.")
    vote(client, helpful="0")  # a later vote without comment keeps the comment
    [row] = votes(app)
    assert (row.helpful, row.comment) == (False, "Tabelnya membingungkan.")

    vote(client, page="/layanan/cuti/", helpful="1")  # another page: another vote
    other_visitor = client.application.test_client()
    vote(other_visitor, helpful="1")  # another session: another vote
    assert len(votes(app)) == 3


@pytest.mark.parametrize("body, message", [
    ({"page": PAGE}, "Pilih Ya atau Tidak."),
    ({"page": PAGE, "helpful": "mungkin"}, "Pilih Ya atau Tidak."),
    ({"helpful": "1"}, "Halaman tidak disebutkan."),
    ({"page": "/api/survei/", "helpful": "1"}, "Alamat halaman tidak valid."),
    ({"page": "/layanan/../../etc/", "helpful": "1"}, "Alamat halaman tidak valid."),
    ({"page": "/<script>/", "helpful": "1"}, "Alamat halaman tidak valid."),
    ({"page": "/tidak-ada-halaman/", "helpful": "1"}, "Halaman ini tidak dikenal."),
    ({"page": PAGE, "helpful": "0", "comment": "x" * 501}, "Komentar paling banyak 500 karakter (sekarang 501)."),
])
def test_invalid_votes_are_refused_with_a_reason(app, client, body, message):
    response = client.post("/api/feedback", json=body, headers=ORIGIN)
    assert response.status_code == 400
    assert response.json == {"ok": False, "error": message}
    assert votes(app) == []


def test_a_cross_site_vote_is_refused(app, client):
    assert vote(client, headers={"Origin": "https://evil.example"}).status_code == 403
    assert votes(app) == []


def test_votes_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, FEEDBACK_RATELIMIT="2 per minute")
    client = app.test_client()
    assert [vote(client).status_code for _ in range(3)] == [200, 200, 429]


def test_a_plain_form_post_goes_back_to_the_page(app, client):
    response = client.post("/api/feedback", data={"page": PAGE, "helpful": "1"}, headers=ORIGIN)
    assert response.status_code == 303 and response.headers["Location"] == PAGE
    assert len(votes(app)) == 1


@pytest.mark.parametrize("raw, page", [
    ("/layanan/cuti/cuti-tahunan/", "/layanan/cuti/cuti-tahunan/"),
    ("http://127.0.0.1:8000/layanan/cuti/?q=1#top", "/layanan/cuti/"),
    ("/layanan/cuti/index.html", "/layanan/cuti/"),
    ("/", "/"),
])
def test_page_addresses_are_normalised(raw, page):
    assert normalise_page(raw) == page


def test_page_addresses_that_are_not_pages(app):
    for raw in ("", "   ", "/api/feedback", "/a b/", "/" + "a" * 300):
        with pytest.raises(FeedbackError):
            normalise_page(raw)


def test_each_page_maps_to_the_markdown_file_to_edit(app):
    with app.app_context():
        assert page_source("/") == "docs/index.md"
        assert page_source("/layanan/cuti/") == "docs/layanan/cuti/index.md"
        assert page_source(PAGE) == "docs/layanan/cuti/cuti-tahunan.md"
        assert page_source("/tidak-ada/") is None


def test_report_lists_pages_by_most_unhelpful_votes_with_comments_and_file(app):
    clients = [app.test_client() for _ in range(4)]
    vote(clients[0], helpful="0", comment="Syarat cuti untuk PPPK tidak jelas.")
    vote(clients[1], helpful="0")
    vote(clients[2], helpful="1", comment="Jelas, terima kasih.")
    vote(clients[0], page="/", helpful="0", comment="Sulit menemukan formulir.")
    vote(clients[3], page="/layanan/cuti/", helpful="1")
    with app.app_context():
        report = page_feedback_report()
    assert [(s.page, s.not_helpful, s.helpful) for s in report] == [
        (PAGE, 2, 1), ("/", 1, 0), ("/layanan/cuti/", 0, 1)]
    first = report[0]
    assert first.source == "docs/layanan/cuti/cuti-tahunan.md" and first.title == "Cuti Tahunan"
    assert [(c.helpful, c.text) for c in first.comments] == [
        (True, "Jelas, terima kasih."), (False, "Syarat cuti untuk PPPK tidak jelas.")]
    assert round(first.helpful_share, 2) == 0.33
    assert report[1].source == "docs/index.md"
    with app.app_context():
        assert len(page_feedback_report(limit=1)) == 1


def test_every_docs_page_carries_the_widget_hidden_until_javascript_shows_it(built_site):
    for page in ("index.html", "layanan/cuti/cuti-tahunan/index.html", "bantuan/faq/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert '<form class="md-feedback lk-feedback" name="page-feedback" action="/api/feedback" method="post"' in html
        assert "data-lk-feedback hidden>" in html
        assert "Apakah halaman ini membantu?" in html
        assert '<script src="/assets/javascripts/feedback.js"></script>' in html or "assets/javascripts/feedback.js" in html
    assert "lk-feedback" not in (built_site / "404.html").read_text(encoding="utf-8")
    assert (built_site / "assets" / "javascripts" / "feedback.js").is_file()
