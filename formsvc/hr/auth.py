"""Staff login: argon2 password hashes, a signed session cookie, throttled attempts.

The session cookie (Flask's signed cookie: HttpOnly, SameSite=Lax, Secure outside
development, path /api/) carries the staff id and a fingerprint of the password hash, so
changing a password or deactivating an account ends every session of that account.
"""
from __future__ import annotations

import hashlib
import hmac
from functools import cache
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import (abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from sqlalchemy import func, select

from ..errors import wants_json
from ..extensions import db, limiter
from ..models import Staff, utcnow
from . import audit, bp
from .forms import LoginForm

GENERIC_LOGIN_ERROR = "Nama pengguna atau kata sandi salah."
MIN_PASSWORD_LENGTH = 10

# Views anyone may open: the login page itself.
PUBLIC_ENDPOINTS = {"hr.login"}

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified when the username does not exist, so a wrong username costs as much time
    as a wrong password and response times do not reveal which accounts exist."""
    return _hasher.hash("formsvc-no-such-user")


# --------------------------------------------------------------------------- passwords

def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(staff: Staff | None, password: str) -> bool:
    """True when `password` is this staff member's; upgrades an outdated hash in place."""
    try:
        _hasher.verify(staff.password_hash if staff else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    if staff is None:
        return False
    if _hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher.hash(password)
    return True


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable, in Bahasa Indonesia, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Kata sandi paling sedikit {MIN_PASSWORD_LENGTH} karakter."
    if username and username.lower() in password.lower():
        return "Kata sandi tidak boleh memuat nama pengguna."
    if len(set(password)) < 4:
        return "Kata sandi terlalu mudah ditebak: gunakan kombinasi huruf, angka atau kata."
    return None


# --------------------------------------------------------------------------- sessions

def _fingerprint(staff: Staff) -> str:
    """Changes whenever the password hash changes (a new salt on every hash)."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, staff.password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def start_session(staff: Staff) -> None:
    session.clear()  # a fresh session: nothing from before the login survives
    session["staff_id"] = staff.id
    session["auth"] = _fingerprint(staff)
    session.permanent = True


def current_staff() -> Staff | None:
    if "staff" not in g:
        g.staff = None
        staff_id = session.get("staff_id")
        if staff_id is not None:
            staff = db.session.get(Staff, staff_id)
            if staff and staff.active and hmac.compare_digest(session.get("auth", ""), _fingerprint(staff)):
                g.staff = staff
            else:
                session.clear()
    return g.staff


def admin_only(view):
    """Mark a view as admin-only; require_login() enforces it."""
    view.admin_only = True
    return view


def require_login():
    """before_request of the whole blueprint: every view needs a logged-in staff member."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    staff = current_staff()
    if staff is None:
        if wants_json() or request.method != "GET":
            abort(401)
        return redirect(url_for("hr.login", next=request.full_path.rstrip("?")))
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "admin_only", False) and not staff.is_admin:
        abort(403)
    return None


def _safe_next(target: str | None) -> str:
    """Only back-office paths on this origin (no open redirect)."""
    default = url_for("hr.inbox")
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/api/hr/") or "\\" in target:
        return default
    if parts.path.rstrip("/") in {url_for("hr.login").rstrip("/"), url_for("hr.logout").rstrip("/")}:
        return default
    return target


# --------------------------------------------------------------------------- views

def _username_key() -> str:
    """Per-username throttle key ('' = no key: the limit is skipped for an empty name)."""
    name = (request.form.get("username") or "").strip().lower()[:64]
    return f"hr-login:{name}" if name else ""


UNKNOWN_USERNAME = "(nama pengguna tidak dikenal)"


def _failed(response) -> bool:
    """Only failed attempts count towards the per-username limit (success redirects)."""
    return response.status_code != 302


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], key_func=_username_key, deduct_when=_failed,
               scope="hr-login-username")
def login():
    if current_staff() is not None and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        username = form.username.data.strip()
        staff = db.session.scalar(select(Staff).where(func.lower(Staff.username) == username.lower()))
        if verify_password(staff, form.password.data) and staff.active:
            staff.last_login_at = utcnow()
            audit.record("login", target=staff.username, staff=staff)
            db.session.commit()
            start_session(staff)
            return redirect(_safe_next(request.args.get("next")))
        # The typed name is kept only when it names an account: a stray password typed into
        # the username field must not end up in the audit log.
        audit.record("login_failed", target=staff.username if staff is not None else UNKNOWN_USERNAME, staff=None,
                     detail="akun nonaktif" if staff is not None and not staff.active else None)
        db.session.commit()
        error = GENERIC_LOGIN_ERROR
    elif request.method == "POST":
        error = GENERIC_LOGIN_ERROR
    first_run = db.session.scalar(select(func.count(Staff.id))) == 0
    return render_template("hr/login.html", form=form, error=error, first_run=first_run), (401 if error else 200)


@bp.post("/keluar")
def logout():
    staff = current_staff()
    audit.record("logout", target=staff.username, staff=staff)
    db.session.commit()
    session.clear()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("hr.login"))
