"""Uploaded documents: PDF, JPG or PNG only, recognised by their content (magic bytes,
package `filetype`) and never by their name or the browser's claimed type; at most
MAX_ATTACHMENT_BYTES each and MAX_ATTACHMENTS per request."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import filetype
from flask import current_app
from wtforms.validators import ValidationError

ALLOWED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}


@dataclass(frozen=True)
class Document:
    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def readable_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def safe_filename(name: str, extension: str) -> str:
    """A readable file name without paths or control characters, with the extension of
    what the content really is."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\s().,-]", "", stem, flags=re.UNICODE)
    stem = " ".join(stem.split())[:80].strip(" .") or "lampiran"
    return f"{stem}.{extension}"


def detect(content: bytes) -> str | None:
    kind = filetype.guess(content[:8192])
    if kind is None or kind.mime not in ALLOWED:
        return None
    return kind.mime


def check_files(storages, *, max_bytes: int | None = None, max_files: int | None = None) -> list[Document]:
    """Read and check uploaded files; raise ValidationError naming the file and the problem."""
    config = current_app.config
    max_bytes = max_bytes or config["MAX_ATTACHMENT_BYTES"]
    max_files = max_files or config["MAX_ATTACHMENTS"]
    storages = [s for s in storages or [] if getattr(s, "filename", None)]
    if len(storages) > max_files:
        raise ValidationError(f"Lampiran paling banyak {max_files} berkas (Anda memilih {len(storages)}).")
    documents = []
    for storage in storages:
        name = storage.filename
        content = storage.stream.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise ValidationError(f"Berkas \u201c{_shown(name)}\u201d lebih besar dari "
                                  f"{readable_size(max_bytes)}. Perkecil ukurannya lalu pilih lagi.")
        if not content:
            raise ValidationError(f"Berkas \u201c{_shown(name)}\u201d kosong. Pilih berkas yang benar.")
        mime = detect(content)
        if mime is None:
            raise ValidationError(f"Berkas \u201c{_shown(name)}\u201d bukan PDF, JPG atau PNG. "
                                  "Simpan dokumen sebagai PDF atau foto JPG/PNG lalu pilih lagi.")
        documents.append(Document(safe_filename(name, ALLOWED[mime]), mime, content))
    return documents


def _shown(name: str) -> str:
    """The name as the person chose it (without folders), for messages."""
    base = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^\w\s().,-]", "", base)[:100].strip() or "tanpa nama"
