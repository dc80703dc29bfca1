"""The respondent profile of the SKM questionnaire, and the services a respondent can pick.

The codes are what is stored (and what a paper-survey spreadsheet contains); the labels are
what people read. Paper imports accept a code or a label, in any letter case.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

JENIS_KELAMIN = (("L", "Laki-laki"), ("P", "Perempuan"))
PENDIDIKAN = (
    ("SD", "SD atau sederajat"),
    ("SMP", "SMP atau sederajat"),
    ("SMA", "SMA/SMK atau sederajat"),
    ("D1", "Diploma 1 (D1)"),
    ("D2", "Diploma 2 (D2)"),
    ("D3", "Diploma 3 (D3)"),
    ("D4", "Diploma 4 (D4)"),
    ("S1", "Sarjana (S1)"),
    ("S2", "Magister (S2)"),
    ("S3", "Doktor (S3)"),
)
PEKERJAAN = (
    ("PNS", "PNS"),
    ("PPPK", "PPPK"),
    ("TNI/Polri", "TNI/Polri"),
    ("Pensiunan", "Pensiunan"),
    ("Swasta", "Pegawai swasta"),
    ("Wirausaha", "Wirausaha"),
    ("Pelajar/Mahasiswa", "Pelajar/Mahasiswa"),
    ("Lainnya", "Lainnya"),
)
UMUR_MIN, UMUR_MAX = 15, 100

GROUP_LABELS = {
    "cuti": "Cuti",
    "izin": "Izin",
    "karier": "Karier dan pengembangan",
    "pensiun": "Pensiun",
    "administrasi": "Administrasi kepegawaian",
}
OTHER_GROUP = "Lainnya"
OTHER_SERVICES = ("Saran dan pengaduan", "Informasi kepegawaian", "Layanan lainnya")
# Used only when the knowledge base cannot be read (no docs/ beside a production deploy).
FALLBACK_SERVICES = ("Cuti", "Izin", "Kenaikan pangkat", "Kenaikan gaji berkala", "Mutasi",
                     "Pensiun", "Administrasi kepegawaian", "Pelatihan")


def match_code(value: str, choices) -> str | None:
    """The code for what someone wrote: a code or a label, any case; None when unknown."""
    wanted = " ".join(str(value).split()).casefold()
    for code, label in choices:
        if wanted in (code.casefold(), label.casefold()):
            return code
    return None


def label_of(code: str | None, choices) -> str:
    return dict(choices).get(code, code or "")


@lru_cache(maxsize=4)
def _services_from_docs(docs_dir: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    from ..catalog import ContentError, GROUPS, load_services

    try:
        services = load_services(Path(docs_dir))
    except (ContentError, OSError) as error:
        log.warning("service list for the survey: knowledge base not readable (%s)", type(error).__name__)
        return ()
    groups = []
    for group in GROUPS:
        titles = tuple(sorted(s.title for s in services.values() if s.group == group))
        if titles:
            groups.append((GROUP_LABELS.get(group, group.title()), titles))
    return tuple(groups)


def service_groups(docs_dir: str | Path | None) -> list[tuple[str, tuple[str, ...]]]:
    """[(group label, (service title, ...)), ...] for the 'layanan yang digunakan' select."""
    groups = list(_services_from_docs(str(docs_dir))) if docs_dir else []
    if not groups:
        groups = [("Layanan", FALLBACK_SERVICES)]
    return groups + [(OTHER_GROUP, OTHER_SERVICES)]
