"""Page feedback: "Apakah halaman ini membantu?" on every documentation page.

The widget (overrides/partials/feedback.html + assets/javascripts/feedback.js) posts here. A
visitor is identified only by a random id in the formsvc session cookie (a browser-session
cookie, path /api/): one vote per page per visitor session; voting again or adding a comment
updates that one vote. No analytics service, no IP address stored.

page_feedback_report() is what HR's back office shows: the pages with the most "tidak
membantu" votes, their comments, and the Markdown file to edit.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Blueprint, current_app, jsonify, redirect, request, session
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .errors import wants_json
from .extensions import csrf, db, limiter
from .models import PageFeedback
from .security import check_origin

bp = Blueprint("feedback", __name__)

COMMENT_MAX = 500
PAGE_MAX = 300
VISITOR_KEY = "feedback_visitor"
SAFE_PATH = re.compile(r"^/[A-Za-z0-9._~/-]*$")
YES = {"1", "true", "ya", "yes", "membantu"}
NO = {"0", "false", "tidak", "no", "tidak_membantu"}


class FeedbackError(ValueError):
    pass


# --------------------------------------------------------------------------- pages and sources


def normalise_page(raw: str | None) -> str:
    """The site path a vote is about: '/layanan/cuti/cuti-tahunan/'. Raises FeedbackError."""
    if not raw or not str(raw).strip():
        raise FeedbackError("Halaman tidak disebutkan.")
    path = unquote(urlsplit(str(raw).strip()).path or "")
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if (len(path) > PAGE_MAX or not SAFE_PATH.match(path) or ".." in path.split("/")
            or path.startswith("/api/")):
        raise FeedbackError("Alamat halaman tidak valid.")
    return path


def source_candidates(page: str) -> list[str]:
    """Markdown files (relative to docs/) that build this page, most likely first."""
    stem = page.strip("/")
    if not stem:
        return ["index.md"]
    return [f"{stem}.md", f"{stem}/index.md"]


def page_source(page: str, docs_dir: str | Path | None = None) -> str | None:
    """'docs/layanan/cuti/cuti-tahunan.md' for '/layanan/cuti/cuti-tahunan/', if it exists."""
    docs_dir = Path(docs_dir or current_app.config["DOCS_DIR"])
    for candidate in source_candidates(page):
        if (docs_dir / candidate).is_file():
            return f"{docs_dir.name}/{candidate}"
    return None


def page_title(source: str | None, docs_dir: str | Path | None = None) -> str | None:
    if source is None:
        return None
    from . import catalog

    docs_dir = Path(docs_dir or current_app.config["DOCS_DIR"])
    try:
        meta, _ = catalog.read_front_matter(docs_dir.parent / source)
    except (catalog.ContentError, OSError):
        return None
    title = meta.get("title")
    return str(title) if title else None


def _docs_available() -> bool:
    docs_dir = Path(current_app.config["DOCS_DIR"])
    return (docs_dir / "index.md").is_file()


# --------------------------------------------------------------------------- storing a vote


def _visitor() -> str:
    visitor = session.get(VISITOR_KEY)
    if not visitor:
        visitor = secrets.token_hex(16)
        session[VISITOR_KEY] = visitor
    return visitor


def parse_vote(data) -> tuple[str, bool, str | None]:
    page = normalise_page(data.get("page"))
    helpful_raw = str(data.get("helpful", "")).strip().lower()
    if helpful_raw in YES:
        helpful = True
    elif helpful_raw in NO:
        helpful = False
    else:
        raise FeedbackError("Pilih Ya atau Tidak.")
    comment = data.get("comment")
    comment = " ".join(str(comment).split()) if comment is not None else None
    if comment and len(comment) > COMMENT_MAX:
        raise FeedbackError(f"Komentar paling banyak {COMMENT_MAX} karakter (sekarang {len(comment)}).")
    return page, helpful, comment or None


def record_vote(page: str, visitor: str, helpful: bool, comment: str | None) -> PageFeedback:
    """Insert or update this visitor's one vote on this page; commit in one place."""
    for _ in range(2):
        vote = db.session.execute(select(PageFeedback).where(
            PageFeedback.page == page, PageFeedback.visitor == visitor)).scalar_one_or_none()
        if vote is None:
            vote = PageFeedback(page=page, visitor=visitor, helpful=helpful, comment=comment)
            db.session.add(vote)
        else:
            vote.helpful = helpful
            if comment:
                vote.comment = comment
        try:
            db.session.commit()
            return vote
        except IntegrityError:
            # The same visitor voted twice at the same moment: update the row that won.
            db.session.rollback()
    raise RuntimeError("could not record page feedback")


def _ratelimit() -> str:
    return current_app.config["FEEDBACK_RATELIMIT"]  # per IP (formsvc/config.py)


@bp.post("/api/feedback")
@csrf.exempt
@limiter.limit(_ratelimit, methods=["POST"])
def vote():
    check_origin()
    data = request.get_json(silent=True) if request.is_json else request.form
    try:
        page, helpful, comment = parse_vote(data or {})
        if _docs_available() and page_source(page) is None:
            raise FeedbackError("Halaman ini tidak dikenal.")
    except FeedbackError as error:
        return jsonify(ok=False, error=str(error)), 400
    record_vote(page, _visitor(), helpful, comment)
    if wants_json() or request.is_json:
        return jsonify(ok=True, page=page, helpful=helpful, comment=bool(comment))
    # A plain form post (the widget is JavaScript-only; this is for robustness): back to the page.
    return redirect(page, 303)


# --------------------------------------------------------------------------- the HR report


@dataclass(frozen=True)
class FeedbackComment:
    helpful: bool
    text: str
    created_at: datetime


@dataclass
class PageFeedbackSummary:
    page: str                  # site path, '/layanan/cuti/cuti-tahunan/'
    source: str | None         # Markdown file to edit, 'docs/layanan/cuti/cuti-tahunan.md'
    title: str | None
    helpful: int = 0
    not_helpful: int = 0
    comments: list[FeedbackComment] = field(default_factory=list)

    @property
    def votes(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def helpful_share(self) -> float | None:
        return self.helpful / self.votes if self.votes else None


def page_feedback_report(since: datetime | None = None, until: datetime | None = None,
                         limit: int | None = None) -> list[PageFeedbackSummary]:
    """Pages by most "tidak membantu" votes (then lowest share helpful), each with its comments
    (newest first) and the Markdown file that builds it. Needs an application context."""
    query = select(PageFeedback).order_by(PageFeedback.created_at.desc(), PageFeedback.id.desc())
    if since is not None:
        query = query.where(PageFeedback.created_at >= since)
    if until is not None:
        query = query.where(PageFeedback.created_at < until)
    pages: dict[str, PageFeedbackSummary] = {}
    for vote in db.session.execute(query).scalars():
        summary = pages.get(vote.page)
        if summary is None:
            source = page_source(vote.page)
            summary = pages[vote.page] = PageFeedbackSummary(
                page=vote.page, source=source, title=page_title(source))
        if vote.helpful:
            summary.helpful += 1
        else:
            summary.not_helpful += 1
        if vote.comment:
            summary.comments.append(FeedbackComment(vote.helpful, vote.comment, vote.created_at))
    ordered = sorted(pages.values(), key=lambda s: (-s.not_helpful, s.helpful_share or 0, s.page))
    return ordered[:limit] if limit else ordered
