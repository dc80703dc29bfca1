"""What every back-office template gets: the logged-in staff member, labels, filters."""
from __future__ import annotations

from datetime import date, datetime

from markupsafe import Markup

from ..templating import tanggal, waktu
from . import bp, charts
from .auth import current_staff
from .forms import KIND_LABELS
from .operations import OUTBOX_STATUSES


@bp.context_processor
def hr_context() -> dict:
    return {"staff": current_staff(), "kind_labels": KIND_LABELS, "outbox_labels": OUTBOX_STATUSES}


@bp.app_template_filter("hr_value")
def field_value(value) -> str:
    """A submitted field's value as text (lists, yes/no, dates)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (list, tuple)):
        return Markup("<br>").join(field_value(v) for v in value) if value else "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {field_value(v)}" for k, v in value.items())
    if isinstance(value, datetime):
        return waktu(value)
    if isinstance(value, date):
        return tanggal(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return tanggal(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


bp.add_app_template_filter(charts.number, "hr_angka")
