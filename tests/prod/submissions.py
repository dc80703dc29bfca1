"""Leave-request submissions for the production tests and the benchmark.

The real endpoint, POST /api/forms/cuti/, is built on the `forms` branch. Until it is
merged here, `register_standin(app)` adds POST /api/_standin/cuti/ which does what a
submission does to the database and the outbox (validate, store a Submission with a
reference, queue the HR notification and the applicant's acknowledgement, commit, wake
the sender), so that the multi-process, fault and benchmark harnesses run end to end.
`leave_form(n)` / `SUBMIT_PATH` switch to the real form when it exists.
"""
from __future__ import annotations

import http.client
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, jsonify, request

REAL_PATH = "/api/forms/cuti/"
STANDIN_PATH = "/api/_standin/cuti/"


def has_real_form(app: Flask) -> bool:
    return any(rule.rule == REAL_PATH and "POST" in rule.methods for rule in app.url_map.iter_rules())


def nip_for(n: int) -> str:
    """A well-formed 18-digit NIP that encodes n (birth date, appointment, sex, serial)."""
    return f"19{80 + n % 20:02d}0{1 + n % 9}{10 + n % 18:02d}20{10 + n % 10:02d}0{1 + n % 9}1{n % 1000:03d}"


def leave_form(n: int) -> dict[str, str]:
    """Answers of one leave request, unique per n (the reference ties emails to it)."""
    return {
        "nama": f"Pegawai Uji {n:04d}",
        "nip": nip_for(n),
        "email": f"pegawai{n:04d}@example.test",
        "jenis_cuti": "cuti_tahunan",
        "tanggal_mulai": "2027-03-01",
        "tanggal_selesai": "2027-03-03",
        "alasan": f"Keperluan keluarga nomor {n}",
        "alamat_selama_cuti": "Jl. Contoh No. 1, Tebing Tinggi",
        "telepon": "081234567890",
    }


def register_standin(app: Flask) -> None:
    """Add the stand-in submission endpoint (only when the real one is missing)."""
    if has_real_form(app) or STANDIN_PATH in {r.rule for r in app.url_map.iter_rules()}:
        return
    from formsvc import outbox
    from formsvc.extensions import csrf, db
    from formsvc.models import StatusEvent, Submission
    from formsvc.references import new_reference
    from formsvc.security import check_origin

    @app.post(STANDIN_PATH, endpoint="standin_cuti")
    @csrf.exempt
    def standin_cuti():
        check_origin()
        form = request.form
        errors = {}
        if not re.fullmatch(r"\d{18}", form.get("nip", "")):
            errors["nip"] = "Masukkan NIP 18 digit"
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", form.get("email", "")):
            errors["email"] = "Masukkan alamat email yang benar"
        if not form.get("nama", "").strip():
            errors["nama"] = "Masukkan nama lengkap"
        if errors:
            return jsonify(ok=False, errors=errors), 422
        submission = Submission(
            reference=new_reference(), kind="cuti", service_slug="layanan/cuti/cuti-tahunan",
            service_title="Cuti Tahunan", name=form["nama"], nip=form["nip"], email=form["email"],
            phone=form.get("telepon"), dedupe_key=uuid.uuid4().hex + secrets.token_hex(16),
            fields=[{"name": k, "label": k, "value": v} for k, v in form.items()])
        db.session.add(submission)
        db.session.flush()
        db.session.add(StatusEvent(submission_id=submission.id, status="diterima"))
        context = {"greeting": f"Permohonan {submission.reference} dari {submission.name}"}
        outbox.enqueue(purpose="hr_notification", recipients=[app.config["HR_EMAIL"]], template="_test",
                       context=context, subject=f"Permohonan cuti {submission.reference}",
                       reply_to=submission.email, submission=submission)
        outbox.enqueue(purpose="acknowledgement", recipients=[submission.email], template="_test",
                       context=context, subject=f"Tanda terima {submission.reference}", submission=submission)
        db.session.commit()
        outbox.wake_sender()
        return jsonify(ok=True, reference=submission.reference), 201


# --------------------------------------------------------------------------- HTTP

REFERENCE = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = "----formsvc" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode("utf-8"), f"multipart/form-data; boundary={boundary}"


@dataclass
class Result:
    status: int
    body: str
    seconds: float

    @property
    def reference(self) -> str | None:
        found = REFERENCE.search(self.body)
        return found.group(0) if found else None


def submit(base_url: str, n: int, path: str = STANDIN_PATH, timeout: float = 30.0) -> Result:
    """POST one leave request the way the site's form does (multipart, fetch, same origin)."""
    body, content_type = multipart(leave_form(n))
    parts = urlsplit(base_url)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers={
            "Content-Type": content_type, "Origin": base_url, "X-Requested-With": "fetch",
            "Accept": "application/json"})
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return Result(response.status, text, time.perf_counter() - started)
    except OSError as error:
        return Result(0, f"{type(error).__name__}: {error}", time.perf_counter() - started)
    finally:
        connection.close()
