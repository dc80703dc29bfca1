"""Back-office test helpers: staff accounts, submissions made through the models, and a
logged-in client that sends the CSRF token like a browser does."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from formsvc.extensions import db
from formsvc.hr.auth import hash_password
from formsvc.models import Staff, Submission, utcnow
from formsvc.references import new_reference

PASSWORD = "kata-sandi-uji-123"
_HASH = None
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def password_hash() -> str:
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per session
    return _HASH


def make_staff(app, username="petugas1", role="petugas", name=None, active=True, email=None) -> int:
    with app.app_context():
        staff = Staff(username=username, name=name or username.title(), role=role, active=active,
                      email=email, password_hash=password_hash())
        db.session.add(staff)
        db.session.commit()
        return staff.id


def make_submission(app, **values) -> int:
    """A submission as the forms engineer's code stores it (kind, service, standard, fields)."""
    created = values.pop("created_at", None) or utcnow()
    defaults = dict(
        reference=new_reference(), kind="cuti", service_slug="layanan/cuti/cuti-tahunan",
        service_title="Cuti Tahunan", standard_days=5, status="diterima", name="Siti Aminah",
        nip="198703152010012001", email="siti@example.test", phone="081234567890",
        fields=[{"name": "nama", "label": "Nama", "value": "Siti Aminah"},
                {"name": "jenis_cuti", "label": "Jenis cuti", "value": "Cuti tahunan"},
                {"name": "tanggal_mulai", "label": "Mulai", "value": "2026-12-07"},
                {"name": "alasan", "label": "Alasan", "value": "Keperluan keluarga"}],
        created_at=created, updated_at=created,
    )
    defaults.update(values)
    defaults.setdefault("dedupe_key", defaults["reference"])
    if "due_date" not in defaults and defaults.get("standard_days"):
        from formsvc.workdays import calendar_for
        with app.app_context():
            from formsvc.hr.dates import local_date
            defaults["due_date"] = calendar_for(app).add_working_days(local_date(created), defaults["standard_days"])
    with app.app_context():
        submission = Submission(**defaults)
        db.session.add(submission)
        db.session.commit()
        return submission.id


def csrf_token(client, path="/api/hr/masuk") -> str:
    page = client.get(path)
    match = CSRF.search(page.get_data(as_text=True))
    if client.application.config.get("WTF_CSRF_ENABLED", True):
        assert match, f"no CSRF token on {path}"
    return match.group(1) if match else ""


def login(client, username="petugas1", password=PASSWORD):
    token = csrf_token(client)
    return client.post("/api/hr/masuk", data={"username": username, "password": password, "csrf_token": token})


class StaffClient:
    """A test client logged in as a staff member; post() adds the CSRF token of the page."""

    def __init__(self, client):
        self.client = client

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def post(self, path, data=None, token_from=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", csrf_token(self.client, token_from or "/api/hr/"))
        return self.client.post(path, data=data, **kwargs)


def logged_in(app, staff_id: int) -> StaffClient:
    """A client with the session a successful login creates (the login form itself, with its
    deliberately slow argon2 check, is tested in test_auth.py)."""
    from flask import session

    from formsvc.hr.auth import start_session
    with app.test_request_context():
        start_session(db.session.get(Staff, staff_id))
        values = dict(session)
    client = app.test_client()
    with client.session_transaction() as stored:
        stored.update(values)
    return StaffClient(client)


@pytest.fixture
def officer(app):
    return logged_in(app, make_staff(app, "petugas1", "petugas", name="Budi Petugas"))


@pytest.fixture
def admin(app):
    return logged_in(app, make_staff(app, "admin1", "admin", name="Ani Admin"))


def days_ago(n: int) -> datetime:
    return utcnow() - timedelta(days=n)


def at(day: date, hour: int = 3) -> datetime:
    """A naive UTC time on a given day (03.00 UTC = 10.00 WIB, the same calendar day)."""
    return datetime(day.year, day.month, day.day, hour)
