"""The content schema of the documentation site, in one place.

Procedure pages (docs/layanan/<group>/*.md except index.md) carry their service standard in
YAML front matter; the training calendar and the cuti bersama dates are YAML files under
docs/_data/. The site build (overrides/hooks/), the content checks (tests/test_content.py) and
formsvc all read them through this module, so a rule about the content is written once.

Pure Python (PyYAML + python-frontmatter): no Flask, so the MkDocs hooks can import it.
Problems are reported in plain Indonesian, naming the file and the field, because the people
who read them are HR staff editing Markdown.
"""
from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

# Folders under docs/layanan/ that hold procedure pages, in the order the site lists them.
GROUPS = ("cuti", "izin", "karier", "pensiun", "administrasi")
BERLAKU_UNTUK = ("PNS", "PPPK", "keduanya")
# Online forms a procedure page may embed (the other form ids are not procedures).
PROCEDURE_FORMS = ("cuti", "izin", "layanan", "pelatihan")
# A page not reviewed for this long is reported as stale (a warning, never a failure).
STALE_AFTER_DAYS = 365

REQUIRED_TEXT = ("title", "ringkasan", "biaya", "produk", "pengaduan")
REQUIRED_LISTS = ("persyaratan", "prosedur", "dasar_hukum", "kata_kunci")


class ContentError(ValueError):
    """Content that does not match the schema; `problems` are the messages for HR."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class StaleContentWarning(UserWarning):
    """A page whose `terakhir_ditinjau` date is more than STALE_AFTER_DAYS old."""


@dataclass(frozen=True)
class Service:
    slug: str                       # "layanan/cuti/cuti-tahunan"
    title: str
    url: str                        # site path, "/layanan/cuti/cuti-tahunan/"
    group: str                      # "cuti"
    ringkasan: str
    berlaku_untuk: str              # PNS | PPPK | keduanya
    persyaratan: tuple[str, ...]
    prosedur: tuple[str, ...]
    jangka_waktu_teks: str
    hari_kerja: int                 # published service standard, in working days
    formulir: str | None
    penanggung_jawab: str           # key of extra.unit_kerja in mkdocs.yml
    terakhir_ditinjau: dt.date
    biaya: str = ""
    produk: str = ""
    pengaduan: str = ""
    dasar_hukum: tuple[str, ...] = ()
    kata_kunci: tuple[str, ...] = ()
    source: str = ""                # "docs/layanan/cuti/cuti-tahunan.md", for messages


@dataclass(frozen=True)
class Training:
    id: str
    judul: str
    penyelenggara: str
    tanggal_mulai: dt.date
    tanggal_selesai: dt.date
    tempat: str
    kuota: int | None
    batas_pendaftaran: dt.date
    sasaran: str
    keterangan: str = ""

    def is_open(self, today: dt.date | None = None) -> bool:
        """Registration is open until the end of `batas_pendaftaran`."""
        return (today or dt.date.today()) <= self.batas_pendaftaran


# --------------------------------------------------------------------------- procedure pages

def is_procedure_page(docs_dir: Path, path: Path) -> bool:
    rel = path.relative_to(docs_dir).parts
    return (len(rel) == 3 and rel[0] == "layanan" and rel[1] in GROUPS
            and rel[2].endswith(".md") and rel[2] != "index.md")


def procedure_paths(docs_dir: Path) -> list[Path]:
    docs_dir = Path(docs_dir)
    found = []
    for group in GROUPS:
        folder = docs_dir / "layanan" / group
        if folder.is_dir():
            found.extend(p for p in sorted(folder.glob("*.md")) if p.name != "index.md")
    return found


def slug_of(docs_dir: Path, path: Path) -> str:
    return path.relative_to(docs_dir).with_suffix("").as_posix()


def url_of(slug: str) -> str:
    return f"/{slug}/"


def _display(path: Path | str) -> str:
    path = Path(path)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate_procedure(path: Path | str, meta: Mapping[str, Any], unit_keys: Iterable[str]) -> list[str]:
    """Every way the front matter `meta` of procedure page `path` breaks the schema.

    Returns messages in plain Indonesian that name the file and the field, e.g.
    "docs/layanan/cuti/cuti-sakit.md: kolom 'jangka_waktu.hari_kerja' harus berupa angka hari
    kerja (contoh: 5)". An empty list means the page is valid.
    """
    where = _display(path)
    problems: list[str] = []

    def problem(field: str, text: str) -> None:
        problems.append(f"{where}: kolom '{field}' {text}")

    if not isinstance(meta, Mapping):
        return [f"{where}: front matter (bagian di antara dua baris '---' di awal halaman) tidak ada "
                "atau tidak berbentuk daftar kolom"]

    for key in REQUIRED_TEXT:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problem(key, "belum diisi (wajib)")
        elif not isinstance(value, str):
            problem(key, "harus berupa teks biasa (satu kalimat atau lebih), bukan daftar")

    for key in REQUIRED_LISTS:
        value = meta.get(key)
        if value is None:
            problem(key, "belum diisi (wajib): tulis sebagai daftar, setiap butir diawali '- '")
        elif not isinstance(value, list) or not value:
            problem(key, "harus berupa daftar yang tidak kosong, setiap butir diawali '- '")
        else:
            for number, item in enumerate(value, start=1):
                if isinstance(item, Mapping):
                    problem(key, f"butir ke-{number} mengandung titik dua diikuti spasi (': '), sehingga "
                            "terbaca sebagai kolom baru: beri tanda kutip pada butir itu, contoh: "
                            "- \"Tentukan jenis klaim Anda: pensiun, THT, JKK, atau JKM.\"")
                elif not (_is_text(item) or _is_number(item)):
                    problem(key, f"butir ke-{number} kosong atau bukan teks biasa")

    berlaku = meta.get("berlaku_untuk")
    if berlaku is None:
        problem("berlaku_untuk", "belum diisi (wajib): isi PNS, PPPK atau keduanya")
    elif berlaku not in BERLAKU_UNTUK:
        problem("berlaku_untuk", f"harus salah satu dari: PNS, PPPK, keduanya (sekarang: '{berlaku}')")

    jangka = meta.get("jangka_waktu")
    if jangka is None:
        problem("jangka_waktu", "belum diisi (wajib): isi 'teks' dan 'hari_kerja' di bawahnya")
    elif not isinstance(jangka, Mapping):
        problem("jangka_waktu", "harus berisi dua kolom di bawahnya: 'teks' dan 'hari_kerja'")
    else:
        if not _is_text(jangka.get("teks")):
            problem("jangka_waktu.teks", "belum diisi (wajib), contoh: \"5 hari kerja sejak berkas "
                    "dinyatakan lengkap\"")
        days = jangka.get("hari_kerja")
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            problem("jangka_waktu.hari_kerja", "harus berupa angka hari kerja (contoh: 5)")

    formulir = meta.get("formulir")
    if formulir is not None and formulir not in PROCEDURE_FORMS:
        problem("formulir", "harus salah satu dari: " + ", ".join(PROCEDURE_FORMS)
                + f" (sekarang: '{formulir}'); hapus kolom ini jika halaman tidak punya formulir online")

    reviewed = meta.get("terakhir_ditinjau")
    if reviewed is None:
        problem("terakhir_ditinjau", "belum diisi (wajib): tanggal terakhir isi halaman diperiksa, "
                "format TTTT-BB-HH (contoh: 2026-11-28)")
    elif not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
        problem("terakhir_ditinjau", "harus berupa tanggal dengan format TTTT-BB-HH (contoh: 2026-11-28), "
                f"tanpa tanda kutip (sekarang: '{reviewed}')")
    elif reviewed > dt.date.today() + dt.timedelta(days=1):
        problem("terakhir_ditinjau", f"tidak boleh tanggal yang belum lewat (sekarang: {reviewed})")

    units = list(unit_keys)
    unit = meta.get("penanggung_jawab")
    if unit is None:
        problem("penanggung_jawab", "belum diisi (wajib): isi salah satu dari: " + ", ".join(units))
    elif unit not in units:
        problem("penanggung_jawab", "harus salah satu kunci 'extra.unit_kerja' di mkdocs.yml: "
                + ", ".join(units) + f" (sekarang: '{unit}')")

    return problems


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """(front matter, Markdown body) of a page; raises ContentError when the YAML is broken."""
    try:
        post = frontmatter.load(str(path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (sekitar baris {mark.line + 1})" if mark is not None else ""
        raise ContentError([f"{_display(path)}: front matter tidak bisa dibaca{line}: periksa tanda "
                            "titik dua, tanda kutip dan jarak (spasi) di awal baris"]) from error
    return dict(post.metadata), post.content


def service_from_meta(slug: str, meta: Mapping[str, Any], source: str = "") -> Service:
    """A Service from front matter that validate_procedure accepted."""
    jangka = meta["jangka_waktu"]
    return Service(
        slug=slug,
        title=str(meta["title"]).strip(),
        url=url_of(slug),
        group=slug.split("/")[1],
        ringkasan=str(meta["ringkasan"]).strip(),
        berlaku_untuk=meta["berlaku_untuk"],
        persyaratan=tuple(str(item).strip() for item in meta["persyaratan"]),
        prosedur=tuple(str(item).strip() for item in meta["prosedur"]),
        jangka_waktu_teks=str(jangka["teks"]).strip(),
        hari_kerja=int(jangka["hari_kerja"]),
        formulir=meta.get("formulir"),
        penanggung_jawab=meta["penanggung_jawab"],
        terakhir_ditinjau=meta["terakhir_ditinjau"],
        biaya=str(meta["biaya"]).strip(),
        produk=str(meta["produk"]).strip(),
        pengaduan=str(meta["pengaduan"]).strip(),
        dasar_hukum=tuple(str(item).strip() for item in meta["dasar_hukum"]),
        kata_kunci=tuple(str(item).strip() for item in meta.get("kata_kunci") or ()),
        source=source,
    )


def load_services(docs_dir: Path | str, unit_keys: Iterable[str] | None = None) -> dict[str, Service]:
    """Every procedure page under docs_dir, keyed by slug ("layanan/cuti/cuti-tahunan").

    unit_keys defaults to the keys of extra.unit_kerja in the mkdocs.yml beside docs_dir.
    Raises ContentError listing every problem of every page when any page is invalid.
    Parsed pages are cached until a file is added, removed or modified (formsvc calls this
    per request).
    """
    docs_dir = Path(docs_dir).resolve()
    if unit_keys is None:
        unit_keys = read_site_extra(docs_dir.parent / "mkdocs.yml").get("unit_kerja", {}).keys()
    files = tuple((str(path), path.stat().st_mtime_ns) for path in procedure_paths(docs_dir))
    return dict(_load_services(str(docs_dir), tuple(unit_keys), files))


@functools.lru_cache(maxsize=8)
def _load_services(docs_dir: str, unit_keys: tuple[str, ...],
                   files: tuple[tuple[str, int], ...]) -> dict[str, Service]:
    root = Path(docs_dir)
    services: dict[str, Service] = {}
    problems: list[str] = []
    for name, _ in files:
        path = Path(name)
        source = path.relative_to(root.parent).as_posix()
        try:
            meta, _ = read_front_matter(path)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        found = validate_procedure(source, meta, unit_keys)
        if found:
            problems.extend(found)
            continue
        slug = slug_of(root, path)
        services[slug] = service_from_meta(slug, meta, source)
    if problems:
        raise ContentError(problems)
    return services


def staleness(reviewed: Any, today: dt.date | None = None) -> int | None:
    """Days since `reviewed` when that is more than STALE_AFTER_DAYS, else None."""
    if not isinstance(reviewed, dt.date):
        return None
    age = ((today or dt.date.today()) - reviewed).days
    return age if age > STALE_AFTER_DAYS else None


def stale_message(source: str, reviewed: dt.date, age_days: int) -> str:
    return (f"{source}: terakhir ditinjau {reviewed.isoformat()} ({age_days // 30} bulan lalu), lebih dari "
            "12 bulan: periksa isinya terhadap aturan yang berlaku, lalu perbarui kolom 'terakhir_ditinjau'")


def stale_pages(docs_dir: Path | str, today: dt.date | None = None) -> list[str]:
    """Messages for every page (any page with front matter) not reviewed for over 12 months."""
    docs_dir = Path(docs_dir).resolve()
    messages = []
    for path in sorted(docs_dir.rglob("*.md")):
        if "_data" in path.relative_to(docs_dir).parts:
            continue
        try:
            meta, _ = read_front_matter(path)
        except ContentError:
            continue  # reported by the schema checks
        reviewed = meta.get("terakhir_ditinjau")
        age = staleness(reviewed, today)
        if age is not None:
            messages.append(stale_message(path.relative_to(docs_dir.parent).as_posix(), reviewed, age))
    return messages


def warn_stale_pages(docs_dir: Path | str, today: dt.date | None = None) -> list[str]:
    """Issue a StaleContentWarning per stale page (for pytest); returns the messages."""
    messages = stale_pages(docs_dir, today)
    for message in messages:
        warnings.warn(message, StaleContentWarning, stacklevel=2)
    return messages


# --------------------------------------------------------------------------- data files

def _load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (sekitar baris {mark.line + 1})" if mark is not None else ""
        raise ContentError([f"{_display(path)}: isi berkas tidak bisa dibaca{line}: periksa tanda titik dua, "
                            "tanda kutip dan jarak (spasi) di awal baris"]) from error


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


TRAINING_TEXT = ("id", "judul", "penyelenggara", "tempat", "sasaran")
TRAINING_DATES = ("tanggal_mulai", "tanggal_selesai", "batas_pendaftaran")


def validate_training(where: str, number: int, item: Any, seen: set[str]) -> list[str]:
    label = f"{where}: pelatihan ke-{number}"
    if not isinstance(item, Mapping):
        return [f"{label} harus berisi kolom id, judul, penyelenggara, tanggal_mulai, tanggal_selesai, "
                "tempat, kuota, batas_pendaftaran, sasaran"]
    if _is_text(item.get("id")):
        label = f"{where}: pelatihan '{item['id']}'"
    problems = []
    for key in TRAINING_TEXT:
        if not _is_text(item.get(key)):
            problems.append(f"{label}: kolom '{key}' belum diisi (wajib)")
    for key in TRAINING_DATES:
        if _as_date(item.get(key)) is None:
            problems.append(f"{label}: kolom '{key}' harus berupa tanggal dengan format TTTT-BB-HH "
                            "(contoh: 2026-11-28)")
    start, end, deadline = (_as_date(item.get(key)) for key in TRAINING_DATES)
    if start and end and end < start:
        problems.append(f"{label}: 'tanggal_selesai' tidak boleh sebelum 'tanggal_mulai'")
    if start and deadline and deadline > start:
        problems.append(f"{label}: 'batas_pendaftaran' tidak boleh sesudah 'tanggal_mulai'")
    kuota = item.get("kuota")
    if kuota is not None and (isinstance(kuota, bool) or not isinstance(kuota, int) or kuota < 1):
        problems.append(f"{label}: kolom 'kuota' harus berupa angka jumlah peserta (contoh: 30), "
                        "atau dikosongkan jika tidak dibatasi")
    ident = item.get("id")
    if _is_text(ident):
        if not all(ch.isalnum() or ch == "-" for ch in str(ident)):
            problems.append(f"{label}: kolom 'id' hanya boleh huruf, angka dan tanda '-' (contoh: "
                            "latsar-2027-01)")
        if ident in seen:
            problems.append(f"{label}: id '{ident}' dipakai lebih dari sekali")
        seen.add(ident)
    return problems


def load_trainings(docs_dir: Path | str) -> list[Training]:
    """The training calendar (docs/_data/pelatihan.yml), sorted by start date.

    The file holds a list of trainings (or a mapping with the list under `pelatihan`).
    Raises ContentError when an entry is incomplete.
    """
    path = Path(docs_dir) / "_data" / "pelatihan.yml"
    if not path.exists():
        return []
    data = _load_yaml(path)
    if isinstance(data, Mapping):
        data = data.get("pelatihan")
    data = data or []
    where = _display(path)
    if not isinstance(data, list):
        raise ContentError([f"{where}: harus berisi daftar pelatihan, setiap pelatihan diawali '- id: ...'"])
    problems: list[str] = []
    seen: set[str] = set()
    trainings = []
    for number, item in enumerate(data, start=1):
        found = validate_training(where, number, item, seen)
        if found:
            problems.extend(found)
            continue
        trainings.append(Training(
            id=str(item["id"]).strip(),
            judul=str(item["judul"]).strip(),
            penyelenggara=str(item["penyelenggara"]).strip(),
            tanggal_mulai=_as_date(item["tanggal_mulai"]),
            tanggal_selesai=_as_date(item["tanggal_selesai"]),
            tempat=str(item["tempat"]).strip(),
            kuota=item.get("kuota"),
            batas_pendaftaran=_as_date(item["batas_pendaftaran"]),
            sasaran=str(item["sasaran"]).strip(),
            keterangan=str(item.get("keterangan") or "").strip(),
        ))
    if problems:
        raise ContentError(problems)
    return sorted(trainings, key=lambda t: (t.tanggal_mulai, t.judul))


def load_cuti_bersama(docs_dir: Path | str) -> list[dt.date]:
    """Cuti bersama dates set by the government (docs/_data/cuti-bersama.yml), sorted.

    The file holds a list of {tanggal, keterangan} (or a mapping with the list under
    `cuti_bersama`). Raises ContentError for an entry without a valid date.
    """
    path = Path(docs_dir) / "_data" / "cuti-bersama.yml"
    if not path.exists():
        return []
    data = _load_yaml(path)
    if isinstance(data, Mapping):
        data = data.get("cuti_bersama")
    data = data or []
    where = _display(path)
    if not isinstance(data, list):
        raise ContentError([f"{where}: harus berisi daftar tanggal, setiap butir diawali '- tanggal: ...'"])
    dates, problems = [], []
    for number, item in enumerate(data, start=1):
        value = _as_date(item.get("tanggal") if isinstance(item, Mapping) else item)
        if value is None:
            problems.append(f"{where}: butir ke-{number}: kolom 'tanggal' harus berupa tanggal dengan format "
                            "TTTT-BB-HH (contoh: 2026-12-24)")
        else:
            dates.append(value)
    if problems:
        raise ContentError(problems)
    return sorted(set(dates))



def load_sinonim(docs_dir: Path | str) -> dict[str, list[str]]:
    """Search synonyms (docs/_data/sinonim.yml): a word employees type -> words the site uses.

    {"ijin": ["izin"], "hamil": ["melahirkan"]}; keys and words lowercase.
    """
    path = Path(docs_dir) / "_data" / "sinonim.yml"
    if not path.exists():
        return {}
    data = _load_yaml(path) or {}
    where = _display(path)
    if not isinstance(data, Mapping):
        raise ContentError([f"{where}: harus berisi pasangan 'kata yang diketik: [kata di situs]', "
                            "contoh: 'ijin: [izin]'"])
    synonyms, problems = {}, []
    for typed, words in data.items():
        if isinstance(words, str):
            words = [words]
        if not _is_text(str(typed)) or not isinstance(words, list) or not all(_is_text(w) for w in words):
            problems.append(f"{where}: '{typed}' harus diikuti daftar kata, contoh: 'ijin: [izin]'")
            continue
        synonyms[str(typed).strip().lower()] = [w.strip().lower() for w in words]
    if problems:
        raise ContentError(problems)
    return synonyms


# --------------------------------------------------------------------------- mkdocs.yml

class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/name:` and `!ENV` tags."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)


def read_site_extra(config_path: Path | str) -> dict[str, Any]:
    """The `extra:` section of mkdocs.yml (office details, unit names)."""
    with open(config_path, encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=_TolerantLoader) or {}
    return dict(config.get("extra") or {})
