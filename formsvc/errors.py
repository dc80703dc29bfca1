"""One way to present errors: templates/errors/<code>.html, in Bahasa Indonesia, or JSON
for the inline (JavaScript) form submissions. Never a stack trace, never a success for data
that was not stored."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from .extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: "Permintaan tidak dapat diproses. Muat ulang halaman lalu coba lagi.",
    403: "Akses ditolak.",
    404: "Halaman tidak ditemukan.",
    405: "Cara akses ini tidak diizinkan untuk halaman ini.",
    413: "Ukuran kiriman terlalu besar. Setiap lampiran paling besar 2 MB, paling banyak 5 berkas.",
    429: "Terlalu banyak permintaan dalam waktu singkat. Tunggu beberapa menit lalu coba lagi.",
    500: "Terjadi kesalahan pada sistem. Data Anda belum tersimpan. Silakan coba lagi.",
    503: "Layanan sedang tidak dapat menyimpan data. Data Anda belum tersimpan. Silakan coba lagi beberapa saat lagi.",
}
KNOWN = set(MESSAGES)


def wants_json() -> bool:
    return (request.headers.get("X-Requested-With") == "fetch"
            or request.accept_mimetypes.best == "application/json")


def render_error(code: int, description: str | None = None):
    message = MESSAGES.get(code, MESSAGES[500])
    if wants_json():
        return jsonify(ok=False, error=message, status=code), code
    template = f"errors/{code}.html" if code in KNOWN else "errors/500.html"
    return render_template(template, code=code, message=message, description=description), code


def init_app(app):
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code, getattr(error, "description", None))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, "csrf")

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        log.error("database error: %s", type(error).__name__)
        db.session.rollback()
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected(error):
        log.exception("unhandled error")
        db.session.rollback()
        return render_error(500)
