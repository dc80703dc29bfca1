"""Jinja helpers shared by every formsvc page and email."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]


def local_time(value: datetime | None) -> datetime | None:
    """Database timestamps are naive UTC; people read WIB."""
    if value is None:
        return None
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return value.replace(tzinfo=timezone.utc).astimezone(zone)


def tanggal(value: date | datetime | None) -> str:
    """28 November 2026"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_time(value)
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def waktu(value: datetime | None) -> str:
    """28 November 2026 pukul 14.05 WIB"""
    if value is None:
        return ""
    local = local_time(value)
    return f"{tanggal(value)} pukul {local:%H.%M} {local.tzname()}"


def init_app(app) -> None:
    app.jinja_env.filters["tanggal"] = tanggal
    app.jinja_env.filters["waktu"] = waktu
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def layout_context():
        return {
            "shell": app.extensions["shell"],
            "site_name": app.config["SITE_NAME"],
            "office_name": app.config["OFFICE_NAME"],
            "public_base_url": app.config["PUBLIC_BASE_URL"],
        }
