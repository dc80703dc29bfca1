"""Cek status pengajuan: /api/status/.

Asks for the reference number and the NIP, email or phone number given with it (POST, so
neither appears in a URL or a log). A wrong pair and an unknown reference get the same
message, so the page reveals nothing, not even whether a reference exists; attempts are
rate-limited per IP. A match redirects to a short-lived signed URL that shows the timeline.
Anonymous suggestions carry no personal data: their reference alone opens them (see
formsvc/forms/saran.py).
"""
from __future__ import annotations

import hmac

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from . import security
from .extensions import csrf, db, limiter
from .forms import FORMS, StatusLookupForm
from .forms import services as catalog_view
from .forms.validators import digits_only, normalise_phone
from .models import Submission
from .public import form_context, sign, unsign

bp = Blueprint("status", __name__, url_prefix="/api/status")
csrf.exempt(bp)

NO_MATCH = ("Nomor pengajuan dan NIP, email atau nomor HP tidak cocok dengan data kami. Periksa kembali "
            "keduanya, lalu coba lagi.")
EXPIRED = "Tampilan status sudah ditutup demi keamanan. Masukkan lagi nomor pengajuan Anda."
VIEW_MAX_AGE = 3600


def status_limit() -> str:
    return current_app.config["STATUS_RATE_LIMIT"]


@bp.before_request
def _check_origin():
    security.check_origin()


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def matches(submission: Submission, identity: str | None) -> bool:
    """Does what the person typed identify the sender of this submission?"""
    if not (submission.nip or submission.email or submission.phone):
        return True  # anonymous: the reference alone
    identity = (identity or "").strip()
    if not identity:
        return False
    if "@" in identity:
        return _same(identity.casefold(), (submission.email or "").casefold())
    number = digits_only(identity)
    if _same(number, submission.nip):
        return True
    phone = normalise_phone(identity)
    return _same(phone, submission.phone)


def render_lookup(form, status: int = 200):
    return render_template("status/lookup.html", **form_context(form, standalone=True)), status


@bp.get("/")
def lookup():
    form = StatusLookupForm()
    if request.args.get("kedaluwarsa"):
        form.form_errors.append(EXPIRED)
    return render_lookup(form)


@bp.post("/")
@limiter.limit(status_limit, methods=["POST"])
def check():
    form = StatusLookupForm(formdata=request.form)
    if form.honeypot_filled() or not form.validate():
        return render_lookup(form, 422)
    submission = db.session.scalars(select(Submission).where(Submission.reference == form.nomor.data)).first()
    if submission is None or submission.anonymized_at is not None or not matches(submission, form.identitas.data):
        form.form_errors.append(NO_MATCH)
        return render_lookup(form, 422)
    token = sign({"id": submission.id}, "formsvc.status")
    return redirect(url_for(".view", token=token), 303)


@bp.get("/lihat/<token>")
def view(token: str):
    payload = unsign(token, "formsvc.status", VIEW_MAX_AGE)
    submission = db.session.get(Submission, payload["id"]) if payload else None
    if submission is None or submission.anonymized_at is not None:
        return redirect(url_for(".lookup", kedaluwarsa=1), 303)
    form_class = FORMS.get(submission.kind)
    return render_template("status/view.html", submission=submission,
                           title=form_class.title if form_class else "Pengajuan",
                           service=catalog_view.service(submission.service_slug),
                           survey_url=f"/api/survei/?ref={submission.reference}")
