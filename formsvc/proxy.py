"""Only requests that came through the site's Netlify proxy (optional hardening).

Netlify's signed proxy redirects add an `X-Nf-Sign` header to every request they forward:
a JSON Web Signature (HS256) made with a secret shared with formsvc, issued by "netlify" and
valid for a few minutes. With NETLIFY_SIGNATURE_SECRET set, formsvc refuses every request
without a valid one, so nobody can reach formsvc around the proxy, nor choose the
X-Forwarded-For address that the rate limits count. /api/healthz stays open for the load
balancer on the server's own network. See DEPLOYMENT.md, section 3.
"""
from __future__ import annotations

import logging

import jwt
from flask import abort, current_app, request

log = logging.getLogger(__name__)

HEADER = "X-Nf-Sign"
OPEN_PATHS = frozenset({"/api/healthz"})


def is_signed(token: str | None, secret: str) -> bool:
    if not token:
        return False
    try:
        jwt.decode(token, secret, algorithms=["HS256"], issuer="netlify",
                   options={"require": ["exp", "iss"]}, leeway=30)
    except jwt.InvalidTokenError as error:
        log.warning("request without a valid %s header refused (%s)", HEADER, type(error).__name__)
        return False
    return True


def require_signature():
    secret = current_app.config.get("NETLIFY_SIGNATURE_SECRET")
    if not secret or request.path in OPEN_PATHS:
        return None
    if request.headers.get(HEADER) is None:
        log.warning("request without a %s header refused", HEADER)
        abort(403, description="proxy")
    if not is_signed(request.headers.get(HEADER), secret):
        abort(403, description="proxy")
    return None


def init_app(app) -> None:
    app.before_request(require_signature)
