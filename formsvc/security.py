"""Response headers and the Origin check for public POSTs."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, request

# Same policy as netlify.toml for the static site: everything from our own origin.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def set_security_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/api/"):
        # Pages with personal data must not be kept by shared caches or the back button.
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins() -> set[str]:
    origins = {request.host_url.rstrip("/").lower(), current_app.config["PUBLIC_BASE_URL"].lower()}
    origins.update(o.lower() for o in current_app.config["TRUSTED_ORIGINS"])
    return origins


def check_origin() -> None:
    """Reject cross-site POSTs: the Origin (or, failing that, Referer) must be our own.

    Browsers send Origin on every POST; a request with neither header (curl, old
    clients) is allowed, since without a cookie it carries no authority of a victim.
    """
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return
    origin = request.headers.get("Origin")
    if origin is None and request.referrer:
        origin = _origin_of(request.referrer)
    if origin in (None, "null") and "Origin" not in request.headers:
        return
    if (origin or "").lower() not in allowed_origins():
        abort(403, description="origin")
