"""Staff accounts: admins create, edit, deactivate and reset; everyone changes their own
password. Every change is in the audit log (never the password itself)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import func, select

from ..extensions import db, transaction
from ..models import Staff
from . import audit, bp
from .auth import admin_only, current_staff, hash_password, password_problem, start_session, verify_password
from .forms import OwnPasswordForm, PasswordResetForm, StaffCreateForm, StaffEditForm


class AccountError(ValueError):
    pass


# --------------------------------------------------------------------------- service functions

def create_staff(*, username: str, name: str, password: str, role: str = "petugas",
                 email: str | None = None, actor: Staff | None = None, via: str | None = None) -> Staff:
    """Used by the admin page and by `flask hr create-user`."""
    username = username.strip()
    if role not in ("petugas", "admin"):
        raise AccountError("Peran harus petugas atau admin.")
    if db.session.scalar(select(Staff.id).where(func.lower(Staff.username) == username.lower())):
        raise AccountError(f"Nama pengguna {username} sudah dipakai.")
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    with transaction():
        staff = Staff(username=username, name=name.strip(), email=(email or "").strip() or None,
                      role=role, password_hash=hash_password(password), active=True)
        db.session.add(staff)
        db.session.flush()
        audit.record("account_create", target=username, staff=actor,
                     detail=f"peran {role}" + (f"; {via}" if via else ""))
    return staff


def set_password(staff: Staff, password: str, *, actor: Staff | None, action: str = "password_reset",
                 via: str | None = None) -> None:
    problem = password_problem(password, staff.username)
    if problem:
        raise AccountError(problem)
    staff.password_hash = hash_password(password)
    audit.record(action, target=staff.username, staff=actor, detail=via)
    db.session.commit()


def _get_staff(staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        abort(404)
    return staff


def _active_admins() -> int:
    return db.session.scalar(select(func.count(Staff.id)).where(Staff.role == "admin", Staff.active.is_(True)))


# --------------------------------------------------------------------------- views

@bp.get("/akun/")
@admin_only
def accounts():
    people = db.session.scalars(select(Staff).order_by(Staff.active.desc(), Staff.name)).all()
    return render_template("hr/accounts.html", people=people)


@bp.route("/akun/baru", methods=["GET", "POST"])
@admin_only
def account_new():
    form = StaffCreateForm()
    if form.validate_on_submit():
        try:
            staff = create_staff(username=form.username.data, name=form.name.data, password=form.password.data,
                                 role=form.role.data, email=form.email.data, actor=current_staff())
        except AccountError as error:
            target = form.password if "sandi" in str(error).lower() else form.username
            target.errors = [*target.errors, str(error)]
        else:
            flash(f"Akun {staff.username} dibuat. Sampaikan kata sandi awal secara langsung, bukan lewat email.",
                  "success")
            return redirect(url_for("hr.accounts"))
    return render_template("hr/account_form.html", form=form, person=None), 400 if form.errors else 200


@bp.route("/akun/<int:staff_id>", methods=["GET", "POST"])
@admin_only
def account_edit(staff_id: int):
    person = _get_staff(staff_id)
    me = current_staff()
    form = StaffEditForm(obj=person)
    reset_form = PasswordResetForm(formdata=None)
    if form.validate_on_submit():
        demoting = person.role == "admin" and (form.role.data != "admin" or not form.active.data)
        if person.id == me.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors = [*form.role.errors, "Anda tidak dapat mencabut peran admin atau menonaktifkan akun Anda sendiri."]
        elif demoting and person.active and _active_admins() <= 1:
            form.role.errors = [*form.role.errors, "Harus ada paling sedikit satu admin aktif."]
        else:
            changes = []
            for name in ("name", "email", "role", "active"):
                new = getattr(form, name).data
                new = (new or None) if name == "email" else new
                if getattr(person, name) != new:
                    changes.append(name)
                    setattr(person, name, new)
            if changes:
                audit.record("account_update", target=person.username, staff=me, detail="diubah: " + ", ".join(changes))
            db.session.commit()
            flash("Perubahan akun disimpan.", "success")
            return redirect(url_for("hr.accounts"))
    return render_template("hr/account_form.html", form=form, person=person, reset_form=reset_form), \
        400 if form.errors else 200


@bp.post("/akun/<int:staff_id>/kata-sandi")
@admin_only
def account_reset_password(staff_id: int):
    person = _get_staff(staff_id)
    reset_form = PasswordResetForm()
    if reset_form.validate_on_submit():
        try:
            set_password(person, reset_form.password.data, actor=current_staff())
        except AccountError as error:
            reset_form.password.errors = [*reset_form.password.errors, str(error)]
        else:
            if person.id == current_staff().id:
                start_session(person)
            flash(f"Kata sandi {person.username} diganti. Semua sesi lama akun ini berakhir.", "success")
            return redirect(url_for("hr.accounts"))
    form = StaffEditForm(formdata=None, obj=person)
    return render_template("hr/account_form.html", form=form, person=person, reset_form=reset_form), 400


@bp.route("/kata-sandi", methods=["GET", "POST"])
def own_password():
    me = current_staff()
    form = OwnPasswordForm()
    if form.validate_on_submit():
        if not verify_password(me, form.current.data):
            form.current.errors = [*form.current.errors, "Kata sandi sekarang salah."]
        else:
            try:
                set_password(me, form.password.data, actor=me, action="password_change")
            except AccountError as error:
                form.password.errors = [*form.password.errors, str(error)]
            else:
                start_session(me)
                flash("Kata sandi Anda diganti.", "success")
                return redirect(url_for("hr.inbox"))
    return render_template("hr/password.html", form=form), 400 if form.errors else 200
