"""The audit log: who did what and when. Entries are added to the caller's transaction, so
an action and its record are stored together or not at all. Never a password, and no
personal data beyond a reference number or a staff username."""
from __future__ import annotations

from ..extensions import db
from ..models import AuditLog, Staff

ACTION_LABELS = {
    "login": "Masuk",
    "login_failed": "Gagal masuk",
    "logout": "Keluar",
    "status_change": "Ubah status",
    "assign": "Penugasan",
    "reply": "Jawaban saran",
    "publish": "Terbitkan jawaban",
    "unpublish": "Batalkan terbit",
    "export": "Ekspor data",
    "account_create": "Buat akun",
    "account_update": "Ubah akun",
    "password_reset": "Atur ulang kata sandi",
    "password_change": "Ganti kata sandi",
    "outbox_retry": "Kirim ulang email",
    "follow_up": "Tindak lanjut SKM",
    "retention_purge": "Penghapusan data pribadi",
}


def record(action: str, *, target: str | None = None, detail: str | None = None,
           staff: Staff | None = None) -> AuditLog:
    entry = AuditLog(action=action, target=(target or None) and target[:200], detail=detail,
                     staff_id=staff.id if staff is not None else None)
    db.session.add(entry)
    return entry
