"""Leave-request submissions (POST /api/forms/cuti/, the real form) for the production
tests and the benchmark: valid answers unique per number, sent the way the site's script
sends them, and the emails each one causes."""
from __future__ import annotations

import collections
import http.client
import json
import re
import secrets
import time
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

SUBMIT_PATH = "/api/forms/cuti/"
HR_EMAIL = "hr@kepegawaian.test"


def nip_for(n: int) -> str:
    """A well-formed 18-digit NIP that encodes n (birth date, appointment, sex, serial)."""
    return f"19{80 + n % 20:02d}0{1 + n % 9}{10 + n % 18:02d}20{10 + n % 10:02d}0{1 + n % 9}1{n % 1000:03d}"


def leave_dates(today: date | None = None) -> tuple[str, str]:
    """Monday to Wednesday, three to four weeks ahead: a valid cuti tahunan of 3 working days."""
    today = today or date.today()
    monday = today + timedelta(days=21 + (7 - today.weekday()) % 7)
    return monday.isoformat(), (monday + timedelta(days=2)).isoformat()


def leave_form(n: int) -> dict[str, str]:
    """Answers of one leave request, unique per n (and so never taken for a duplicate)."""
    start, end = leave_dates()
    return {
        "nama": f"Pegawai Uji Coba {n:04d}",
        "status": "PNS",
        "nip": nip_for(n),
        "jabatan": "Analis Kepegawaian",
        "unit_kerja": "Dinas Pendidikan",
        "email": f"pegawai{n:04d}@example.com",
        "hp": f"0812{n:08d}",
        "atasan_nama": "Kepala Bidang Uji",
        "atasan_email": "",
        "masa_kerja_tahun": "6",
        "masa_kerja_bulan": "3",
        "jenis": "tahunan",
        "tanggal_mulai": start,
        "tanggal_selesai": end,
        "alasan": f"Keperluan keluarga nomor {n}",
        "alamat_cuti": "Jl. Contoh No. 1, Tebing Tinggi",
        "situs_web": "",
    }


def emails_by_reference(messages) -> collections.Counter:
    """(reference, "hr" | "applicant") -> how many emails arrived."""
    counts = collections.Counter()
    for message in messages:
        found = REFERENCE.search(str(message["Subject"]))
        who = "hr" if HR_EMAIL in str(message["To"]) else "applicant"
        counts[(found.group(0) if found else None, who)] += 1
    return counts


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

    def __repr__(self) -> str:
        return f"Result({self.status}, {self.seconds * 1000:.0f} ms, {self.body[:300]!r})"

    @property
    def reference(self) -> str | None:
        if self.body.startswith("{"):
            return json.loads(self.body).get("reference")
        found = REFERENCE.search(self.body)
        return found.group(0) if found else None


def submit(base_url: str, n: int, path: str = SUBMIT_PATH, timeout: float = 30.0) -> Result:
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
