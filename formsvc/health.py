"""/api/healthz for load balancers: the database answers, and how far behind the outbox is."""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import func, select, text

from .extensions import db, limiter
from .models import OutboxMessage, utcnow

bp = Blueprint("health", __name__)


@bp.get("/api/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        pending, oldest, failed = db.session.execute(
            select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at),
                   select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "failed").scalar_subquery())
            .where(OutboxMessage.status.in_(("pending", "sending")))).one()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    age = (utcnow() - oldest).total_seconds() if oldest else 0.0
    return jsonify(status="ok", database="ok",
                   outbox={"pending": pending, "oldest_pending_seconds": round(age, 1), "failed": failed})
