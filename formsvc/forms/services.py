"""The knowledge base as the forms see it: procedure pages (services, with their published
service time) and the training calendar, read through formsvc.catalog from DOCS_DIR and
re-read when HR changes a file. A broken content file never stops a submission: the form
then works without the service time, and the problem is logged (the content checks of the
site build report it to HR)."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from flask import current_app
from wtforms import SelectChoice

from .. import catalog

log = logging.getLogger(__name__)
T = TypeVar("T")

# Leave types and the procedure page (catalog slug) that describes each.
LEAVE_SERVICES = {
    "tahunan": "layanan/cuti/cuti-tahunan",
    "besar": "layanan/cuti/cuti-besar",
    "sakit": "layanan/cuti/cuti-sakit",
    "melahirkan": "layanan/cuti/cuti-melahirkan",
    "alasan_penting": "layanan/cuti/cuti-alasan-penting",
    "cltn": "layanan/cuti/cuti-di-luar-tanggungan-negara",
}
PPPK_LEAVE_PAGE = "layanan/cuti/cuti-pppk"
PERMISSION_SERVICE = "layanan/izin/izin-tidak-masuk-kerja"

_cache: dict[tuple, object] = {}
_CACHE_SIZE = 8  # a few docs trees (tests use copies); old versions are dropped
# Looking for changed files means listing and stat-ing every procedure page: done at most
# once every RECHECK_SECONDS per docs tree, not on each of a submission's lookups. HR's
# edits are still picked up within seconds, without restarting formsvc.
RECHECK_SECONDS = 2.0
_checked: dict[tuple, tuple[float, tuple]] = {}  # (what, docs_dir) -> (when, cache key)


def _remember(key: tuple, value):
    if len(_cache) >= _CACHE_SIZE:
        _cache.clear()
    _cache[key] = value
    return value


def _cached(what: str, docs_dir: Path, files, load, fallback):
    """The value `load()` gave for the current versions of `files()`, re-checked at most
    every RECHECK_SECONDS; `fallback` (and a log line) when the content is not readable."""
    now = time.monotonic()
    memo = _checked.get((what, str(docs_dir)))
    if memo is not None and now - memo[0] < RECHECK_SECONDS and memo[1] in _cache:
        return _cache[memo[1]]
    key = (what,) + _signature(docs_dir, files())
    if key not in _cache:
        try:
            _remember(key, load())
        except (catalog.ContentError, OSError) as error:
            log.warning("%s not readable: %s", what, type(error).__name__)
            _remember(key, fallback)
    _checked[(what, str(docs_dir))] = (now, key)
    return _cache[key]


def _signature(docs_dir: Path, files: list[Path]) -> tuple:
    stamps = []
    for path in files:
        try:
            stamps.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            continue
    return (str(docs_dir), tuple(stamps))


def load_services(docs_dir: str | Path | None) -> dict[str, catalog.Service]:
    if not docs_dir or not Path(docs_dir).is_dir():
        return {}
    docs_dir = Path(docs_dir)
    return _cached("knowledge base", docs_dir,
                   lambda: catalog.procedure_paths(docs_dir) + [docs_dir.parent / "mkdocs.yml"],
                   lambda: catalog.load_services(docs_dir), {})


def load_trainings(docs_dir: str | Path | None) -> list[catalog.Training]:
    if not docs_dir:
        return []
    docs_dir = Path(docs_dir)
    return _cached("training calendar", docs_dir, lambda: [docs_dir / "_data" / "pelatihan.yml"],
                   lambda: catalog.load_trainings(docs_dir), [])


def services() -> dict[str, catalog.Service]:
    return load_services(current_app.config.get("DOCS_DIR"))


def trainings() -> list[catalog.Training]:
    return load_trainings(current_app.config.get("DOCS_DIR"))


def service(slug: str | None) -> catalog.Service | None:
    return services().get(slug) if slug else None


def requestable_services(all_services: dict[str, catalog.Service]) -> list[catalog.Service]:
    """Services offered in the general service form (front matter `formulir: layanan`)."""
    return [s for s in all_services.values() if s.formulir == "layanan"]


GROUP_LABELS = {"cuti": "Cuti", "izin": "Izin", "karier": "Karier", "pensiun": "Pensiun",
                "administrasi": "Administrasi"}


def select_choices(items: Iterable[T], value: Callable[[T], str], label: Callable[[T], str],
                   prompt: str | None = None, group: Callable[[T], str] | None = None) -> list[SelectChoice]:
    """Choices for a <select> of catalog items (services, trainings), in the given order: first
    an empty option asking for a choice (`prompt`, "Pilih ..."), then one per item, inside an
    <optgroup> when `group` names one."""
    choices = [SelectChoice("", prompt)] if prompt is not None else []
    choices += [SelectChoice(value(item), label(item), optgroup=group(item) if group else None) for item in items]
    return choices


def group_label(service: catalog.Service) -> str:
    return GROUP_LABELS.get(service.group, service.group.title())


def grouped_choices(items: Iterable[catalog.Service], empty_label: str | None = None) -> list[SelectChoice]:
    """Services for a <select>, grouped by section (<optgroup>), in catalog order."""
    return select_choices(items, attrgetter("slug"), attrgetter("title"), prompt=empty_label, group=group_label)
