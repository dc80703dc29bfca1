"""Public form views: /api/forms/<id>/ and the confirmation page.

The forms are embedded in static docs pages, which cannot carry a per-visitor CSRF token,
and no session or cookie gives these POSTs any authority: the blueprint is CSRF-exempt and
protected instead by the Origin check, a honeypot field, per-IP rate limits and size limits.

Without JavaScript: POST, then 303 to the confirmation (or the form again, with errors).
With JavaScript (header X-Requested-With: fetch): the same POST answers JSON with the
confirmation or the form with its errors, as HTML made by the same templates.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.datastructures import CombinedMultiDict

from . import security, submissions
from .errors import wants_json
from .extensions import csrf, db, limiter
from .forms import FORMS
from .forms import services as catalog_view
from .forms.cuti import LeaveForm, leave_length
from .forms.layanan import ServiceRequestForm
from .forms import rendering
from .models import Submission
from .workdays import calendar_for

bp = Blueprint("public_forms", __name__, url_prefix="/api/forms")
csrf.exempt(bp)


@bp.record_once
def _template_helpers(state):
    rendering.init_jinja(state.app)


CONFIRMATION_MAX_AGE = 7 * 24 * 3600
HONEYPOT_MESSAGE = ("Kiriman ini terdeteksi sebagai kiriman otomatis dan tidak disimpan. Jika Anda mengisi kolom "
                    "\u201cJangan isi kolom ini\u201d, kosongkan lalu kirim lagi.")
REATTACH_MESSAGE = ("Berkas lampiran belum tersimpan: demi keamanan, peramban tidak mengirim ulang berkas. "
                    "Pilih lagi berkas lampiran Anda sebelum mengirim.")


def forms_limit() -> str:
    return current_app.config["FORMS_RATE_LIMIT"]


def lookup_limit() -> str:
    return current_app.config["FORMS_LOOKUP_RATE_LIMIT"]


@bp.before_request
def _check_origin():
    security.check_origin()


# --------------------------------------------------------------------------- helpers

def build_form(form_id: str, formdata=None, **data):
    cls = FORMS.get(form_id)
    if cls is None:
        abort(404)
    return cls(formdata=formdata, data=data or None)


def form_context(form, **extra) -> dict:
    """Everything the form partials need; also used at build time (formsvc.embed)."""
    return {
        "form": form,
        "action": form.action,
        "retention_months": current_app.config.get("RETENTION_MONTHS", 24),
        "max_attachments": current_app.config.get("MAX_ATTACHMENTS", 5),
        "max_attachment_bytes": current_app.config.get("MAX_ATTACHMENT_BYTES", 2 * 1024 * 1024),
        "length": getattr(form, "length", None),
        "reattach": False,
        **extra,
    }


def render_form(form, status: int = 200, **extra):
    context = form_context(form, standalone=True, **extra)
    if wants_json():
        html = render_template(form.template, **context)
        return jsonify(ok=False, html=html, errors=[{"id": i, "message": m} for i, m in form.error_items()]), status
    return render_template("forms/page.html", **context), status


def _files_were_sent() -> bool:
    return any(storage.filename for storage in request.files.values())


def sign(payload: dict, salt: str) -> str:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt).dumps(payload)


def unsign(token: str, salt: str, max_age: int) -> dict | None:
    try:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None


def mask_email(address: str | None) -> str | None:
    """s***@contoh.go.id: enough to recognise one's own address, not to learn someone else's."""
    if not address or "@" not in address:
        return None
    local, domain = address.rsplit("@", 1)
    return f"{local[0]}***@{domain}"


# --------------------------------------------------------------------------- the forms

@bp.get("/<form_id>/")
def show(form_id: str):
    preset = {key: request.args[key] for key in ("jenis", "layanan", "pelatihan", "kategori", "jenis_izin")
              if request.args.get(key)}
    form = build_form(form_id, **preset)
    return render_form(form)


@bp.post("/<form_id>/")
@limiter.limit(forms_limit, methods=["POST"])
def submit(form_id: str):
    if form_id not in FORMS:
        abort(404)
    formdata = CombinedMultiDict((request.files, request.form))
    form = build_form(form_id, formdata=formdata)
    inline = wants_json()
    # Files cannot be put back into a re-rendered page; the script keeps them in place.
    reattach = _files_were_sent() and not inline
    action = request.form.get("aksi")

    if form.honeypot_filled():
        form.form_errors.append(HONEYPOT_MESSAGE)
        return render_form(form, 400, reattach=reattach)

    if action == "hitung" and isinstance(form, LeaveForm):
        # "Hitung hari kerja" (no JavaScript): show the count, submit nothing.
        for name in ("tanggal_mulai", "tanggal_selesai"):
            form[name].validate(form)
        form.compute_length()
        return render_form(form, reattach=reattach, counted=True)
    if action == "persyaratan" and isinstance(form, ServiceRequestForm):
        return render_form(form, reattach=reattach)

    if not form.validate():
        return render_form(form, 422, reattach=reattach)

    stored = submissions.store(submissions.Draft.from_form(form))
    token = sign({"id": stored.submission.id, "dup": stored.duplicate}, "formsvc.confirmation")
    url = url_for(".confirmation", form_id=form_id, token=token)
    if inline:
        html = render_template("forms/_confirmation.html", **confirmation_context(stored.submission, stored.duplicate))
        return jsonify(ok=True, url=url, reference=stored.submission.reference, html=html), 201
    return redirect(url, 303)


@bp.get("/<form_id>/terkirim/<token>")
def confirmation(form_id: str, token: str):
    payload = unsign(token, "formsvc.confirmation", CONFIRMATION_MAX_AGE)
    submission = db.session.get(Submission, payload["id"]) if payload else None
    if submission is None or submission.kind != form_id:
        return render_template("forms/confirmation_expired.html"), 404
    return render_template("forms/confirmation.html", **confirmation_context(submission, payload.get("dup", False)))


def confirmation_context(submission: Submission, duplicate: bool) -> dict:
    form_class = FORMS.get(submission.kind)
    service = catalog_view.service(submission.service_slug)
    return {
        "submission": submission,
        "duplicate": duplicate,
        "title": form_class.title if form_class else "Pengajuan",
        "next_steps": form_class.next_steps if form_class else (),
        "service": service,
        "masked_email": mask_email(submission.email),
        "survey_url": f"/api/survei/?ref={submission.reference}",
    }


# --------------------------------------------------------------------------- helpers for the script

@bp.get("/cuti/hari-kerja")
@limiter.limit(lookup_limit)
def working_days():
    """Working days between two dates, for the live count beside the leave dates."""
    try:
        start = date.fromisoformat(request.args.get("mulai", ""))
        end = date.fromisoformat(request.args.get("selesai", ""))
    except ValueError:
        return jsonify(ok=False, message="Isi tanggal mulai dan tanggal selesai untuk menghitung hari kerja."), 400
    if end < start:
        return jsonify(ok=False, message="Tanggal selesai tidak boleh sebelum tanggal mulai."), 400
    if (end - start).days > 5 * 366:
        return jsonify(ok=False, message="Rentang tanggal terlalu panjang. Periksa tahunnya."), 400
    length = leave_length(calendar_for(current_app), start, end)
    html = render_template("forms/_working_days.html", length=length)
    return jsonify(ok=True, hari_kerja=length.working_days, hari_kalender=length.calendar_days,
                   libur=[{"tanggal": d.isoformat(), "nama": name} for d, name in length.holidays],
                   teks=length.text(), html=html)


@bp.get("/layanan/persyaratan")
@limiter.limit(lookup_limit)
def requirements():
    """The checklist of the chosen service, for the service form."""
    form = ServiceRequestForm(data={"layanan": request.args.get("layanan") or None})
    html = render_template("forms/_checklist.html", form=form)
    service = form.selected_service
    return jsonify(ok=True, html=html, jangka_waktu=service.jangka_waktu_teks if service else None)
