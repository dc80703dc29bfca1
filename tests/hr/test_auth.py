"""Logging in: argon2 hashes, cookie flags, CSRF, one generic error, throttling, audit."""
from sqlalchemy import select

from formsvc.extensions import db
from formsvc.hr.auth import GENERIC_LOGIN_ERROR, hash_password, verify_password
from formsvc.models import AuditLog, Staff

from .conftest import PASSWORD, csrf_token, login, make_staff


def audit_entries(app, action=None):
    with app.app_context():
        query = select(AuditLog).order_by(AuditLog.id)
        if action:
            query = query.where(AuditLog.action == action)
        return [(e.action, e.target, e.detail, e.staff_id) for e in db.session.scalars(query)]


def test_passwords_are_argon2_hashes(app):
    with app.app_context():
        hashed = hash_password("rahasia-sekali-99")
        assert hashed.startswith("$argon2id$")
        assert "rahasia" not in hashed
        staff = Staff(username="x", name="X", password_hash=hashed)
        assert verify_password(staff, "rahasia-sekali-99")
        assert not verify_password(staff, "rahasia-sekali-98")
        assert not verify_password(None, "rahasia-sekali-99")


def test_login_opens_the_inbox_with_a_hardened_cookie(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    make_staff(app)
    client = app.test_client()
    response = login(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/api/hr/")
    cookie = response.headers["Set-Cookie"]
    for flag in ("HttpOnly", "SameSite=Lax", "Secure", "Path=/api/"):
        assert flag in cookie
    # The test client only sends Secure cookies over https.
    page = client.get("/api/hr/", base_url="https://localhost")
    assert page.status_code == 200
    assert "Kotak masuk" in page.get_data(as_text=True)


def test_wrong_password_and_unknown_user_get_the_same_answer(app):
    make_staff(app)
    client = app.test_client()
    wrong_password = login(client, "petugas1", "salah-sekali-123")
    unknown_user = login(client, "tidakada", PASSWORD)
    assert wrong_password.status_code == unknown_user.status_code == 401
    for response in (wrong_password, unknown_user):
        assert GENERIC_LOGIN_ERROR in response.get_data(as_text=True)
    assert client.get("/api/hr/").status_code == 302  # still not logged in


def test_login_attempts_are_audited_without_the_password(app):
    make_staff(app)
    client = app.test_client()
    login(client, "petugas1", "salah-sekali-123")
    login(client)
    entries = audit_entries(app)
    assert [e[0] for e in entries] == ["login_failed", "login"]
    assert entries[0][1] == "petugas1" and entries[0][3] is None
    assert entries[1][3] is not None
    assert all("salah-sekali" not in str(e) and PASSWORD not in str(e) for e in entries)


def test_a_name_that_is_no_account_is_not_kept_in_the_audit_log(app):
    """Someone who types their password into the username field leaves no trace of it."""
    make_staff(app)
    login(app.test_client(), "Rahasia-Tertukar-99", PASSWORD)
    entries = audit_entries(app)
    assert [e[0] for e in entries] == ["login_failed"]
    assert entries[0][1] == "(nama pengguna tidak dikenal)"
    assert "Rahasia-Tertukar" not in str(entries)


def test_inactive_account_cannot_log_in(app):
    make_staff(app, active=False)
    response = login(app.test_client())
    assert response.status_code == 401
    assert GENERIC_LOGIN_ERROR in response.get_data(as_text=True)


def test_login_form_requires_the_csrf_token(app):
    make_staff(app)
    response = app.test_client().post("/api/hr/masuk", data={"username": "petugas1", "password": PASSWORD})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)


def test_repeated_failures_lock_that_username_for_a_while(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    make_staff(app, "petugas1")
    make_staff(app, "petugas2")
    client = app.test_client()
    for _ in range(5):
        assert login(client, "petugas1", "salah-sekali-123").status_code == 401
    # Even the right password is refused now: guessing cannot continue.
    assert login(client, "petugas1").status_code == 429
    # Another account from the same office network still gets in.
    assert login(app.test_client(), "petugas2").status_code == 302


def test_successful_logins_do_not_count_towards_the_lock(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    make_staff(app)
    for _ in range(6):
        assert login(app.test_client()).status_code == 302


def test_next_only_leads_inside_the_back_office(app):
    make_staff(app)
    client = app.test_client()
    token = csrf_token(client)
    response = client.post("/api/hr/masuk?next=https://penipu.example/api/hr/",
                           data={"username": "petugas1", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/api/hr/"
    client = app.test_client()
    first = client.get("/api/hr/waktu-layanan?tahun=2026")
    assert first.status_code == 302 and "next=" in first.headers["Location"]
    token = csrf_token(client, first.headers["Location"])
    response = client.post(first.headers["Location"],
                           data={"username": "petugas1", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/api/hr/waktu-layanan?tahun=2026"


def test_logout_ends_the_session(app, officer):
    response = officer.post("/api/hr/keluar")
    assert response.status_code == 302
    assert officer.get("/api/hr/").status_code == 302


def test_changing_the_password_ends_other_sessions(app, officer):
    other = app.test_client()
    assert login(other).status_code == 302
    response = officer.post("/api/hr/kata-sandi", token_from="/api/hr/kata-sandi", data={
        "current": PASSWORD, "password": "kata-sandi-baru-456", "confirm": "kata-sandi-baru-456"})
    assert response.status_code == 302
    assert officer.get("/api/hr/").status_code == 200  # this session continues
    assert other.get("/api/hr/").status_code == 302    # the other one is over
    assert login(app.test_client(), password="kata-sandi-baru-456").status_code == 302


def test_deactivated_account_loses_its_session_at_once(app, officer):
    with app.app_context():
        staff = db.session.scalar(select(Staff).where(Staff.username == "petugas1"))
        staff.active = False
        db.session.commit()
    assert officer.get("/api/hr/").status_code == 302


def test_login_page_tells_how_to_create_the_first_account(app):
    page = app.test_client().get("/api/hr/masuk").get_data(as_text=True)
    assert "flask --app formsvc hr create-user" in page
    make_staff(app)
    assert "create-user" not in app.test_client().get("/api/hr/masuk").get_data(as_text=True)
