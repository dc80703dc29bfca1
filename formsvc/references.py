"""Reference numbers people can read aloud and type on a phone.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as XXXX-XXXX.
31^8 is about 8.5e11 combinations: guessing one that exists is impractical, and the status
page also asks for the NIP or email that goes with it.
"""
from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8


def new_reference() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_reference(text: str | None) -> str | None:
    """Accept what people type (lower case, spaces, no dash) and return XXXX-XXXX, or None."""
    if not text:
        return None
    raw = re.sub(r"[\s\-]", "", text).upper()
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"
