"""Tanya jawab publik (/api/tanya-jawab/): the office's answers to suggestions and questions,
published anonymised.

An item appears only when all hold: it is a "saran" submission, the sender consented to
publication (publish_consent), HR chose to publish it (published) and HR answered it. Never
shown: name, NIP, email, phone, reference. Contact details or identity numbers typed into the
message itself are masked as well.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, render_template, request
from sqlalchemy import select

from .extensions import db
from .models import Submission
from .survey.text import init_filters, redact

bp = Blueprint("tanya_jawab", __name__, url_prefix="/api/tanya-jawab")
init_filters(bp)

CATEGORIES = {
    "pertanyaan": "Pertanyaan",
    "saran": "Saran",
    "pengaduan": "Pengaduan",
    "apresiasi": "Apresiasi",
}
# Submission.fields of the suggestion form (formsvc/forms/saran.py) hold readable values:
# kategori is the label ("Pertanyaan"), compared here in lower case.
CATEGORY_FIELDS = ("kategori",)
MESSAGE_FIELDS = ("pesan",)
PER_PAGE = 20


@dataclass(frozen=True)
class PublishedItem:
    id: int
    category: str | None        # key of CATEGORIES
    service: str | None
    question: str
    answer: str
    answered_at: datetime | None

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category or "", "Saran dan pengaduan")


def _first_value(submission: Submission, names) -> str | None:
    for name in names:
        value = submission.field_value(name)
        if value not in (None, ""):
            return str(value)
    return None


def published_items() -> list[PublishedItem]:
    """Every publishable answered suggestion, newest answer first, anonymised."""
    query = (select(Submission)
             .where(Submission.kind == "saran", Submission.published.is_(True),
                    Submission.publish_consent.is_(True), Submission.reply.is_not(None))
             .order_by(Submission.replied_at.desc().nulls_last(), Submission.id.desc()))
    items = []
    for submission in db.session.execute(query).scalars():
        question = _first_value(submission, MESSAGE_FIELDS)
        if not question or not (submission.reply or "").strip():
            continue
        category = (_first_value(submission, CATEGORY_FIELDS) or "").strip().lower() or None
        service = submission.service_title
        items.append(PublishedItem(
            id=submission.id, category=category, service=service, question=redact(question),
            answer=submission.reply.strip(), answered_at=submission.replied_at or submission.updated_at))
    return items


@bp.get("/")
def index():
    items = published_items()
    category = request.args.get("kategori", "").strip().lower()
    if category not in CATEGORIES:
        category = ""
    counts = {key: sum(1 for item in items if item.category == key) for key in CATEGORIES}
    if category:
        items = [item for item in items if item.category == category]
    try:
        page = max(1, int(request.args.get("halaman", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(items) // PER_PAGE))
    page = min(page, pages)
    shown = items[(page - 1) * PER_PAGE: page * PER_PAGE]
    return render_template("tanya_jawab.html", items=shown, total=len(items), page=page, pages=pages,
                           category=category, categories=CATEGORIES, counts=counts)
