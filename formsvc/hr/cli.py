"""CLI of the back office: `flask --app formsvc hr create-user` / `hr set-password`, and
`flask --app formsvc retention purge`."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from ..models import Staff

hr_cli = AppGroup("hr", help="Akun back office.")
retention_cli = AppGroup("retention", help="Masa simpan data pribadi.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.UsageError("--password-stdin: tidak ada kata sandi di masukan standar.")
        return password
    return click.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi")


@hr_cli.command("create-user")
@click.argument("username")
@click.option("--name", prompt="Nama lengkap", help="Nama lengkap petugas.")
@click.option("--email", default="", help="Email petugas (opsional).")
@click.option("--role", type=click.Choice(["petugas", "admin"]), default="petugas", show_default=True,
              help="petugas memproses pengajuan; admin juga mengelola akun dan operasional.")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari masukan standar (untuk skrip).")
def create_user(username: str, name: str, email: str, role: str, password_stdin: bool):
    """Create a back-office account. The password is asked twice (never an argument)."""
    from .accounts import AccountError, create_staff
    password = _read_password(password_stdin)
    try:
        staff = create_staff(username=username, name=name, email=email, role=role, password=password,
                             via="lewat CLI")
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Akun {staff.username} ({staff.role}) dibuat.")


@hr_cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari masukan standar (untuk skrip).")
def set_password_command(username: str, password_stdin: bool):
    """Set a new password (e.g. when the last admin forgot theirs); ends the account's sessions."""
    from .accounts import AccountError, set_password
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.username) == username.lower()))
    if staff is None:
        raise click.ClickException(f"Akun {username} tidak ada.")
    password = _read_password(password_stdin)
    try:
        set_password(staff, password, actor=None, via="lewat CLI")
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Kata sandi {staff.username} diganti.")


@retention_cli.command("purge")
@click.option("--months", type=int, default=None,
              help="Hapus data pribadi pengajuan yang ditutup lebih dari sekian bulan lalu "
                   "(bawaan: RETENTION_MONTHS, 24).")
@click.option("--dry-run", is_flag=True, help="Hanya hitung, jangan ubah apa pun.")
def purge_command(months: int | None, dry_run: bool):
    """Remove the personal data of items closed more than RETENTION_MONTHS ago; keep anonymous statistics."""
    from .retention import purge
    months = months or current_app.config.get("RETENTION_MONTHS", 24)
    try:
        result = purge(months, dry_run=dry_run)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    verb = "akan dihapus" if dry_run else "dihapus"
    click.echo(f"Pengajuan yang ditutup sebelum {result.cutoff:%Y-%m-%d} (lebih dari {months} bulan): "
               f"{result.submissions}. Data pribadi {verb}; {result.attachments} lampiran dan "
               f"{result.emails} email {verb}. Statistik anonim tetap disimpan.")
