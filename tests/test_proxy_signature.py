"""With NETLIFY_SIGNATURE_SECRET set, formsvc serves only requests that came through the
site's Netlify proxy (a valid X-Nf-Sign header): nobody can go around the proxy, nor pick
the X-Forwarded-For address the rate limits count. The load balancer's /api/healthz stays open."""
import time

import jwt
import pytest
from sqlalchemy import func, select

from formsvc.extensions import db
from formsvc.models import Submission

SECRET = "rahasia-bersama-netlify-dan-formsvc-0123456789"
SUGGESTION = {"kategori": "saran", "pesan": "Mohon jam layanan diperpanjang."}


def signature(secret=SECRET, issuer="netlify", expires_in=300):
    claims = {"deploy_context": "production", "netlify_id": "situs", "site_url": "https://kepegawaian.test",
              "iss": issuer, "exp": int(time.time()) + expires_in}
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.fixture
def guarded(make_app):
    return make_app(NETLIFY_SIGNATURE_SECRET=SECRET)


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Submission.id)))


def test_a_signed_request_is_served_and_stored(guarded):
    client = guarded.test_client()
    headers = {"Origin": "http://localhost", "X-Nf-Sign": signature()}
    assert client.get("/api/status/", headers=headers).status_code == 200
    response = client.post("/api/forms/saran/", data=SUGGESTION, headers=headers)
    assert response.status_code == 303
    assert stored(guarded) == 1


@pytest.mark.parametrize("header", [
    None,
    "bukan-tanda-tangan",
    signature(secret="rahasia-lain-yang-tidak-dikenal-0123456789"),
    signature(expires_in=-3600),
    signature(issuer="orang-lain"),
], ids=["missing", "garbage", "wrong-secret", "expired", "wrong-issuer"])
def test_a_request_around_the_proxy_is_refused_and_nothing_is_stored(guarded, header):
    client = guarded.test_client()
    headers = {"Origin": "http://localhost"} | ({"X-Nf-Sign": header} if header else {})
    page = client.get("/api/status/", headers=headers)
    assert page.status_code == 403
    assert "hanya dapat dibuka melalui situs Layanan Kepegawaian" in page.get_data(as_text=True)
    response = client.post("/api/forms/saran/", data=SUGGESTION, headers=headers)
    assert response.status_code == 403
    assert stored(guarded) == 0
    as_json = client.post("/api/forms/saran/", data=SUGGESTION,
                          headers=headers | {"X-Requested-With": "fetch"})
    assert as_json.status_code == 403 and as_json.get_json()["ok"] is False


def test_the_load_balancer_health_check_needs_no_signature(guarded):
    assert guarded.test_client().get("/api/healthz").status_code == 200


def test_without_the_secret_no_signature_is_asked(client):
    assert client.get("/api/status/").status_code == 200
