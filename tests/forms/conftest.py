"""Fixtures and factories for the public form tests."""
from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest

ROOT_DOCS = Path(__file__).resolve().parents[2] / "docs"

# Smallest files that are really what they claim (magic bytes), and one that is not.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
JPG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def nip(born=date(1985, 3, 12), appointed=(2010, 1), sex=1, serial=3) -> str:
    """A well-formed PNS NIP."""
    return f"{born:%Y%m%d}{appointed[0]:04d}{appointed[1]:02d}{sex}{serial:03d}"


def ni_pppk(born=date(1990, 7, 1), year=2022, middle="01", sex=2, serial=7) -> str:
    return f"{born:%Y%m%d}{year:04d}{middle}{sex}{serial:03d}"


def next_monday(after: date | None = None) -> date:
    day = (after or date.today()) + timedelta(days=14)
    while day.weekday() != 0:
        day += timedelta(days=1)
    return day


def leave(**changes) -> dict:
    """A complete, valid annual-leave request (Monday to Wednesday, two weeks ahead)."""
    start = next_monday()
    data = {
        "nama": "Budi Santoso, S.Kom.",
        "status": "PNS",
        "nip": "19850312 201001 1 003",
        "jabatan": "Pranata Komputer Ahli Pertama",
        "unit_kerja": "Dinas Komunikasi dan Informatika",
        "masa_kerja_tahun": "6",
        "masa_kerja_bulan": "3",
        "email": "budi.santoso@contoh.go.id",
        "hp": "0812 3456 7890",
        "jenis": "tahunan",
        "tanggal_mulai": start.isoformat(),
        "tanggal_selesai": (start + timedelta(days=2)).isoformat(),
        "alasan": "Urusan keluarga di Medan",
        "alamat_cuti": "Jl. Merdeka No. 1, Medan",
        "atasan_nama": "Siti Aminah, S.E.",
        "atasan_email": "siti.aminah@contoh.go.id",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def upload(content: bytes, name: str):
    return (BytesIO(content), name)


def confirmation_reference(html: str) -> str:
    return re.search(r'class="fs-reference">([A-Z2-9]{4}-[A-Z2-9]{4})<', html).group(1)


def survey_link(html: str) -> tuple[str, str] | None:
    """(href, text) of the link to the survey on a confirmation or status page."""
    match = re.search(r'<a href="(/api/survei/[^"]*)">([^<]*)</a>', html)
    return (match.group(1), match.group(2)) if match else None


def error_summary(html: str) -> list[str]:
    block = re.search(r'data-fs-error-summary.*?<ul class="fs-error-summary__list">(.*?)</ul>', html, re.S)
    if not block:
        return []
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


@pytest.fixture
def submit(client):
    """POST a form as a browser without JavaScript would; returns the response."""
    def post(form_id: str, data: dict, files: dict | None = None, **kwargs):
        body = dict(data)
        for name, items in (files or {}).items():
            body[name] = items
        return client.post(f"/api/forms/{form_id}/", data=body, content_type="multipart/form-data", **kwargs)
    return post


def deliver(app):
    from formsvc import outbox
    with app.app_context():
        outbox.drain()
