"""Cek status pengajuan: /api/status/.

Asks for the reference number and the NIP, email or phone number given with it (POST, so
neither appears in a URL or a log). A wrong pair and an unknown reference get the same
message, so the page reveals nothing, not even whether a reference exists; attempts are
rate-limited per IP. A match redirects to a short-lived signed URL that shows the timeline.
While a request is in "Perlu Perbaikan", that page also holds the "Kirim perbaikan" form,
which posts to the same signed URL + /perbaikan: the token is the authority (no cookie, so
no CSRF token), the Origin check and the rate limit apply as to the lookup (formsvc/perbaikan.py
stores it).
Anonymous suggestions carry no personal data: their reference alone opens them (see
formsvc/forms/saran.py).
"""
from __future__ import annotations

import hmac

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import CombinedMultiDict

from . import perbaikan, security
from .extensions import csrf, db, limiter
from .forms import FORMS, StatusLookupForm
from .forms import services as catalog_view
from .forms.perbaikan import CorrectionForm
from .forms.validators import digits_only, normalise_phone
from .models import STATUS_LABELS, Submission
from .public import HONEYPOT_MESSAGE, form_context, sign, unsign

bp = Blueprint("status", __name__, url_prefix="/api/status")
csrf.exempt(bp)

NO_MATCH = ("Nomor pengajuan dan NIP, email atau nomor HP tidak cocok dengan data kami. Periksa kembali "
            "keduanya, lalu coba lagi.")
EXPIRED = "Tampilan status sudah ditutup demi keamanan. Masukkan lagi nomor pengajuan Anda."
CORRECTION_EXPIRED = ("Perbaikan Anda belum terkirim: tampilan status sudah ditutup demi keamanan. Masukkan lagi "
                      "nomor pengajuan Anda, lalu kirim perbaikan dari halaman status.")
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


def _submission_for(token: str) -> Submission | None:
    payload = unsign(token, "formsvc.status", VIEW_MAX_AGE)
    submission = db.session.get(Submission, payload["id"]) if payload else None
    if submission is None or submission.anonymized_at is not None:
        return None
    return submission


def not_awaiting_message(submission: Submission) -> str:
    return (f"Perbaikan Anda belum terkirim: status pengajuan ini sudah {STATUS_LABELS[submission.status]}, "
            "tidak lagi Perlu Perbaikan. Baca riwayat di bawah. Jika masih ada yang perlu Anda sampaikan, "
            "hubungi BKPSDM dengan menyebutkan nomor pengajuan.")


def render_view(submission: Submission, token: str, form: CorrectionForm | None = None, status: int = 200,
                reattach: bool = False, sent: bool = False):
    form = form or CorrectionForm(action=url_for(".correct", token=token))
    form_class = FORMS.get(submission.kind)
    # With errors, a page that only adds "Periksa kembali isian" to the title of status/view.html.
    template = "status/view_perbaikan.html" if form.has_errors else "status/view.html"
    return render_template(template, submission=submission,
                           title=form_class.title if form_class else "Pengajuan",
                           service=catalog_view.service(submission.service_slug),
                           survey_url=f"/api/survei/?ref={submission.reference}",
                           correction_sent=sent,
                           **form_context(form, reattach=reattach)), status


@bp.get("/lihat/<token>")
def view(token: str):
    submission = _submission_for(token)
    if submission is None:
        return redirect(url_for(".lookup", kedaluwarsa=1), 303)
    # "Terkirim" is shown only when the newest step really is the applicant's correction.
    sent = bool(request.args.get("terkirim")) and bool(submission.events) \
        and perbaikan.is_applicant_correction(submission.events[-1])
    return render_view(submission, token, sent=sent)


@bp.post("/lihat/<token>/perbaikan")
@limiter.limit(status_limit, methods=["POST"])
def correct(token: str):
    submission = _submission_for(token)
    if submission is None:
        lookup_form = StatusLookupForm()
        lookup_form.form_errors.append(CORRECTION_EXPIRED)
        return render_template("status/lookup.html", unsent_message=request.form.get("pesan", "").strip(),
                               **form_context(lookup_form, standalone=True)), 404
    form = CorrectionForm(formdata=CombinedMultiDict((request.files, request.form)),
                          action=url_for(".correct", token=token))
    # A browser never sends files again with a re-shown page: say so beside the file input.
    reattach = any(storage.filename for storage in request.files.values())
    if form.honeypot_filled():
        form.form_errors.append(HONEYPOT_MESSAGE)
        return render_view(submission, token, form, 400, reattach)
    if submission.status != perbaikan.AWAITING:
        form.form_errors.append(not_awaiting_message(submission))
        return render_view(submission, token, form, 409)
    if not form.validate():
        return render_view(submission, token, form, 422, reattach)
    try:
        perbaikan.send_correction(submission.id, form.pesan.data or None, form.documents)
    except perbaikan.NotAwaitingCorrection:  # HR changed the status between the check and the lock
        db.session.expire_all()
        submission = db.session.get(Submission, submission.id)
        form.form_errors.append(not_awaiting_message(submission))
        return render_view(submission, token, form, 409)
    return redirect(url_for(".view", token=token, terkirim=1) + "#kirim-perbaikan", 303)
