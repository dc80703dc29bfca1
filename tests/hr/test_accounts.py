"""Accounts: the admin page and the CLI; every change audited; no lock-out of the last admin."""
from sqlalchemy import select

from formsvc.extensions import db
from formsvc.models import AuditLog, Staff

from .conftest import PASSWORD, login, logged_in, make_staff


def staff(app, username):
    with app.app_context():
        return db.session.scalar(select(Staff).where(Staff.username == username))


def actions(app):
    with app.app_context():
        return [(e.action, e.target) for e in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


NEW = {"username": "rina", "name": "Rina Wati", "email": "rina@example.com", "role": "petugas",
       "password": "sandi-awal-2026-ok", "confirm": "sandi-awal-2026-ok"}


def test_admin_creates_an_account_that_can_log_in(app, admin):
    response = admin.post("/api/hr/akun/baru", data=NEW, token_from="/api/hr/akun/baru")
    assert response.status_code == 302
    created = staff(app, "rina")
    assert created.role == "petugas" and created.password_hash.startswith("$argon2id$")
    assert ("account_create", "rina") in actions(app)
    assert login(app.test_client(), "rina", "sandi-awal-2026-ok").status_code == 302


def test_account_form_explains_what_is_wrong(app, admin):
    make_staff(app, "rina")
    response = admin.post("/api/hr/akun/baru", data={**NEW, "username": "RINA"}, token_from="/api/hr/akun/baru")
    assert response.status_code == 400 and "sudah dipakai" in response.get_data(as_text=True)
    response = admin.post("/api/hr/akun/baru", data={**NEW, "username": "dodi", "password": "pendek",
                                                     "confirm": "pendek"}, token_from="/api/hr/akun/baru")
    assert response.status_code == 400 and "paling sedikit 10 karakter" in response.get_data(as_text=True)
    response = admin.post("/api/hr/akun/baru", data={**NEW, "username": "dodi", "confirm": "lain-lain-lain"},
                          token_from="/api/hr/akun/baru")
    assert "Kedua kata sandi tidak sama." in response.get_data(as_text=True)
    assert staff(app, "dodi") is None


def test_admin_changes_role_and_deactivates(app, admin):
    person = make_staff(app, "rina")
    other = logged_in(app, person)
    response = admin.post(f"/api/hr/akun/{person}", data={"name": "Rina W.", "email": "", "role": "admin"},
                          token_from=f"/api/hr/akun/{person}")
    assert response.status_code == 302
    assert staff(app, "rina").role == "admin" and staff(app, "rina").active is False  # box left unticked
    assert other.get("/api/hr/").status_code == 302  # a deactivated account's session ends
    assert ("account_update", "rina") in actions(app)


def test_an_admin_cannot_lock_themselves_out(app, admin):
    me = staff(app, "admin1").id
    response = admin.post(f"/api/hr/akun/{me}", data={"name": "Ani", "role": "petugas", "active": "y"},
                          token_from=f"/api/hr/akun/{me}")
    assert response.status_code == 400
    assert staff(app, "admin1").role == "admin"


def test_reset_password_ends_the_sessions_of_that_account(app, admin):
    person = make_staff(app, "rina")
    other = logged_in(app, person)
    response = admin.post(f"/api/hr/akun/{person}/kata-sandi",
                          data={"password": "sandi-baru-2026-77", "confirm": "sandi-baru-2026-77"},
                          token_from=f"/api/hr/akun/{person}")
    assert response.status_code == 302
    assert other.get("/api/hr/").status_code == 302
    assert ("password_reset", "rina") in actions(app)
    assert all("sandi-baru" not in str(a) for a in actions(app))


def test_cli_create_user_from_stdin(app, runner):
    result = runner.invoke(args=["hr", "create-user", "kepala", "--name", "Kepala Bidang", "--role", "admin",
                                 "--password-stdin"], input="sandi-pimpinan-2026\n")
    assert result.exit_code == 0, result.output
    assert "kepala" in result.output
    created = staff(app, "kepala")
    assert created.role == "admin" and created.name == "Kepala Bidang"
    assert ("account_create", "kepala") in actions(app)
    assert login(app.test_client(), "kepala", "sandi-pimpinan-2026").status_code == 302


def test_cli_create_user_prompts_twice_and_refuses_weak_passwords(app, runner):
    result = runner.invoke(args=["hr", "create-user", "rina", "--name", "Rina"],
                           input="sandi-awal-12345\nsandi-awal-12345\n")
    assert result.exit_code == 0, result.output
    assert "sandi-awal" not in result.output  # hidden input
    result = runner.invoke(args=["hr", "create-user", "dodi", "--name", "Dodi", "--password-stdin"], input="pendek\n")
    assert result.exit_code != 0 and "paling sedikit 10 karakter" in result.output
    result = runner.invoke(args=["hr", "create-user", "rina", "--name", "Rina", "--password-stdin"],
                           input="sandi-lain-99999\n")
    assert result.exit_code != 0 and "sudah dipakai" in result.output


def test_cli_set_password(app, runner):
    make_staff(app, "rina")
    result = runner.invoke(args=["hr", "set-password", "rina", "--password-stdin"], input="sandi-baru-2026-88\n")
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "rina", "sandi-baru-2026-88").status_code == 302
    assert login(app.test_client(), "rina", PASSWORD).status_code == 401


def test_password_may_not_contain_the_username(app, runner):
    result = runner.invoke(args=["hr", "create-user", "rina", "--name", "Rina", "--password-stdin"],
                           input="rina-rina-rina-2026\n")
    assert result.exit_code != 0 and "tidak boleh memuat nama pengguna" in result.output
