"""Content checks, run by `make test`.

HR edits the Markdown under docs/ and reads these failures: every message says, in
Indonesian, which file and which field to fix (the schema lives in formsvc/catalog.py).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from formsvc import catalog

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDE = "Petunjuk setiap kolom: docs/panduan-pengelola.md."


def for_hr(title: str, problems: list[str], guide: str = GUIDE) -> str:
    return "\n".join([title + ":", *(f"  - {problem}" for problem in problems), guide])


def fail_for_hr(title: str, problems: list[str], guide: str = GUIDE) -> None:
    """Fail with just the list of problems (no Python traceback): HR reads this."""
    if problems:
        pytest.fail(for_hr(title, problems, guide), pytrace=False)


def unit_keys() -> list[str]:
    return list((catalog.read_site_extra(ROOT / "mkdocs.yml").get("unit_kerja") or {}).keys())


# --------------------------------------------------------------------------- schema

PROCEDURES = catalog.procedure_paths(DOCS)


@pytest.mark.parametrize("path", PROCEDURES, ids=[catalog.slug_of(DOCS, p) for p in PROCEDURES])
def test_procedure_page_matches_schema(path):
    source = path.relative_to(ROOT).as_posix()
    try:
        meta, _ = catalog.read_front_matter(path)
    except catalog.ContentError as error:
        fail_for_hr("Front matter halaman layanan tidak bisa dibaca", error.problems)
    problems = catalog.validate_procedure(source, meta, unit_keys())
    fail_for_hr("Halaman layanan belum sesuai format", problems)


def test_data_files_match_schema():
    problems = []
    for loader in (catalog.load_trainings, catalog.load_cuti_bersama, catalog.load_sinonim):
        try:
            loader(DOCS)
        except catalog.ContentError as error:
            problems.extend(error.problems)
    fail_for_hr("Berkas data di docs/_data/ belum sesuai format", problems)


# The BRIEF's list: (what, file pattern under docs/).
REQUIRED_PAGES = [
    ("Beranda", "index.md"),
    ("Cuti tahunan", "layanan/cuti/*tahunan*.md"),
    ("Cuti besar", "layanan/cuti/*besar*.md"),
    ("Cuti sakit", "layanan/cuti/*sakit*.md"),
    ("Cuti melahirkan", "layanan/cuti/*melahirkan*.md"),
    ("Cuti karena alasan penting", "layanan/cuti/*alasan-penting*.md"),
    ("Cuti di luar tanggungan negara (CLTN)", "layanan/cuti/*luar-tanggungan*.md"),
    ("Cuti bersama", "layanan/cuti/*bersama*.md"),
    ("Cuti PPPK", "layanan/cuti/*pppk*.md"),
    ("Daftar jenis cuti", "layanan/cuti/index.md"),
    ("Izin tidak masuk kerja", "layanan/izin/*tidak-masuk*.md"),
    ("Izin belajar", "layanan/izin/*izin-belajar*.md"),
    ("Tugas belajar", "layanan/izin/*tugas-belajar*.md"),
    ("Izin perkawinan dan perceraian", "layanan/izin/*perkawinan*.md"),
    ("Kenaikan pangkat", "layanan/karier/*kenaikan-pangkat*.md"),
    ("Kenaikan gaji berkala (KGB)", "layanan/karier/*gaji-berkala*.md"),
    ("Mutasi/pindah", "layanan/karier/*mutasi*.md"),
    ("Ujian dinas", "layanan/karier/*ujian-dinas*.md"),
    ("Pencantuman gelar dan ujian penyesuaian ijazah", "layanan/karier/*gelar*.md"),
    ("Penilaian kinerja (SKP)", "layanan/karier/*kinerja*.md"),
    ("Pengembangan kompetensi dan pelatihan", "layanan/karier/*kompetensi*.md"),
    ("Satyalencana Karya Satya", "layanan/karier/*satyalencana*.md"),
    ("Pensiun batas usia", "layanan/pensiun/*batas-usia*.md"),
    ("Pensiun atas permintaan sendiri (APS)", "layanan/pensiun/*permintaan-sendiri*.md"),
    ("Pensiun janda/duda", "layanan/pensiun/*janda*.md"),
    ("Taspen", "layanan/pensiun/*taspen*.md"),
    ("Karpeg/Karis/Karsu", "layanan/administrasi/*kar*.md"),
    ("Pemutakhiran data SIASN/MyASN", "layanan/administrasi/*pemutakhiran*.md"),
    ("Tunjangan keluarga", "layanan/administrasi/*tunjangan-keluarga*.md"),
    ("Legalisir/salinan SK", "layanan/administrasi/*legalisir*.md"),
    ("Hak ASN", "hak-kewajiban/*hak*.md"),
    ("Kewajiban ASN", "hak-kewajiban/*kewajiban*.md"),
    ("Disiplin PNS", "hak-kewajiban/*disiplin*.md"),
    ("PPPK", "hak-kewajiban/*pppk*.md"),
    ("FAQ", "bantuan/faq.md"),
    ("Glosarium", "bantuan/glosarium.md"),
    ("Kontak", "bantuan/kontak.md"),
    ("Maklumat pelayanan", "bantuan/maklumat*.md"),
    ("Saran dan pengaduan", "bantuan/*pengaduan*.md"),
    ("Cek status pengajuan", "bantuan/*status*.md"),
    ("Survei kepuasan", "bantuan/*survei*.md"),
    ("Kalender pelatihan", "pelatihan/index.md"),
    ("Panduan pengelola", "panduan-pengelola.md"),
]


def test_required_pages_exist():
    missing = [f"{what}: belum ada berkas docs/{pattern}" for what, pattern in REQUIRED_PAGES
               if not any(DOCS.glob(pattern))]
    fail_for_hr("Halaman wajib belum ada", missing)


def _nav_files(entries) -> set[str]:
    files = set()
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            files |= _nav_files(value)
        elif isinstance(value, str) and value.endswith(".md"):
            files.add(value)
    return files


def test_every_page_is_in_the_menu():
    import yaml

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=catalog._TolerantLoader)
    in_nav = _nav_files(config["nav"])
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if not p.relative_to(DOCS).as_posix().startswith("_")}
    missing = [f"docs/{page} belum ada di menu (bagian nav: di mkdocs.yml)" for page in sorted(pages - in_nav)]
    unknown = [f"menu (nav: di mkdocs.yml) menyebut docs/{page}, tetapi berkasnya tidak ada" for page in sorted(in_nav - pages)]
    fail_for_hr("Menu situs tidak sesuai dengan halaman yang ada", missing + unknown)


def test_every_group_has_an_index_page():
    missing = [f"docs/layanan/{group}/index.md belum ada" for group in catalog.GROUPS
               if not (DOCS / "layanan" / group / "index.md").exists()]
    fail_for_hr("Halaman pembuka kelompok layanan belum ada", missing)


FORM_LINE = re.compile(r"^\s*\{\{\s*formulir\s+([^\s}]+)\s*\}\}\s*$", re.M)


def test_form_ids_exist_in_formsvc():
    from formsvc.forms import FORM_IDS

    problems = []
    for path in sorted(DOCS.rglob("*.md")):
        meta, body = catalog.read_front_matter(path)
        source = path.relative_to(ROOT).as_posix()
        formulir = meta.get("formulir")
        if formulir is not None and formulir not in FORM_IDS:
            problems.append(f"{source}: kolom 'formulir' berisi '{formulir}', formulir itu tidak ada "
                            f"(yang ada: {', '.join(sorted(FORM_IDS))})")
        for name in FORM_LINE.findall(body):
            if name not in FORM_IDS:
                problems.append(f"{source}: '{{{{ formulir {name} }}}}' menyebut formulir yang tidak ada "
                                f"(yang ada: {', '.join(sorted(FORM_IDS))})")
    fail_for_hr("Formulir tidak dikenal", problems)


def test_procedure_pages_embed_the_form_they_name():
    """`formulir: cuti` in the front matter and a `{{ formulir cuti }}` line in the page go together."""
    problems = []
    for path in PROCEDURES:
        source = path.relative_to(ROOT).as_posix()
        try:
            meta, body = catalog.read_front_matter(path)
        except catalog.ContentError:
            continue  # reported by test_procedure_page_matches_schema
        declared, embedded = meta.get("formulir"), FORM_LINE.findall(body)
        if declared and declared not in embedded:
            problems.append(f"{source}: kolom 'formulir' berisi '{declared}', tetapi halaman tidak memuat baris "
                            f"'{{{{ formulir {declared} }}}}' (tulis di bawah judul '## Ajukan secara online')")
        for name in embedded:
            if name != declared:
                problems.append(f"{source}: halaman memuat '{{{{ formulir {name} }}}}', tetapi kolom 'formulir' "
                                f"berisi '{declared or ''}': samakan keduanya")
    fail_for_hr("Formulir online di halaman layanan", problems)


# --------------------------------------------------------------------------- review dates

@pytest.mark.filterwarnings("default::formsvc.catalog.StaleContentWarning")
def test_stale_pages_are_reported_as_warnings():
    """Pages not reviewed for over 12 months show up in pytest's warnings summary, never fail."""
    catalog.warn_stale_pages(DOCS)


def test_a_stale_page_warns_naming_the_file(tmp_path):
    docs = tmp_path / "docs"
    page = docs / "layanan" / "cuti" / "cuti-lama.md"
    page.parent.mkdir(parents=True)
    old = dt.date.today() - dt.timedelta(days=400)
    page.write_text(f"---\ntitle: Cuti Lama\nterakhir_ditinjau: {old.isoformat()}\n---\n\n# Cuti Lama\n",
                    encoding="utf-8")
    (docs / "index.md").write_text(f"---\ntitle: Beranda\nterakhir_ditinjau: {dt.date.today()}\n---\n",
                                   encoding="utf-8")
    with pytest.warns(catalog.StaleContentWarning) as record:
        catalog.warn_stale_pages(docs)
    assert [str(w.message).split(":")[0] for w in record] == ["docs/layanan/cuti/cuti-lama.md"]
    assert "lebih dari 12 bulan" in str(record[0].message)


# --------------------------------------------------------------------------- built site

class PageParser(HTMLParser):
    """Collects the ids, the link targets, the text of headings/terms, and table body rows."""

    WATCH = {"h1", "h2", "h3", "h4", "summary", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.body_rows = 0
        self._in_tbody = False
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.body_rows += 1
        if tag in self.WATCH:
            self._open.append([tag, ""])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_tbody = False
        if self._open and self._open[-1][0] == tag:
            name, text = self._open.pop()
            self.texts.setdefault(name, []).append(text.replace("\u00b6", "").strip())

    def handle_data(self, data):
        for item in self._open:
            item[1] += data


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def html_pages(site: Path) -> dict[str, Path]:
    """Site path ("/layanan/cuti/") -> built HTML file."""
    pages = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        pages["/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)] = path
    return pages


def test_no_broken_internal_links_or_anchors(built_site):
    pages = html_pages(built_site)
    parsed = {url: parse_page(path) for url, path in pages.items()}
    broken = []
    for url, page in sorted(parsed.items()):
        if url == "/404.html":
            continue  # its links are absolute to site_url, the deployed address
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
                continue
            target = urlsplit(urljoin("http://site" + url, href))
            path = unquote(target.path)
            if path.startswith("/api/"):
                continue  # formsvc, not part of the static site
            if path in pages:
                target_page = path
            elif path.endswith("/") and path + "index.html" in pages:
                target_page = path + "index.html"
            elif (built_site / path.lstrip("/")).is_file():
                target_page = None  # an asset
            else:
                broken.append(f"{url}: tautan '{href}' menuju halaman yang tidak ada")
                continue
            if target.fragment and target_page is not None:
                if unquote(target.fragment) not in parsed[target_page].ids:
                    if href == "#formulir":
                        broken.append(f"{url}: tombol 'Ajukan secara online' menuju formulir (#formulir) yang "
                                      "tidak tampil di halaman (baris '{{ formulir <id> }}')")
                    else:
                        broken.append(f"{url}: tautan '{href}' menuju bagian '#{target.fragment}' yang tidak ada")
    fail_for_hr("Tautan rusak di situs", broken,
                "Perbaiki tautan di halaman Markdown yang sesuai (alamat /layanan/cuti/ = docs/layanan/cuti/).")


# formsvc pages a reader reaches only through a link in the documentation.
FORMSVC_PUBLIC_PAGES = {
    "/api/tanya-jawab/": "Tanya Jawab Publik",
    "/api/survei/hasil/": "hasil Survei Kepuasan Masyarakat",
}


def formsvc_routes(site: Path):
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    from werkzeug.routing import RequestRedirect

    from formsvc import create_app
    app = create_app({"SKIP_ENVIRONMENT": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SITE_DIR": str(site), "SERVE_SITE": False, "RATELIMIT_STORAGE_URI": "memory://"})
    adapter = app.url_map.bind("site")

    def exists(path: str) -> bool:
        try:
            adapter.match(path, method="GET")
        except (MethodNotAllowed, RequestRedirect):
            return True  # POST only (/api/feedback), or the same address without its last "/"
        except NotFound:
            return False
        return True
    return exists


def test_formsvc_links_lead_somewhere_and_its_public_pages_are_linked(built_site):
    exists = formsvc_routes(built_site)
    linked: dict[str, list[str]] = {}
    broken = []
    for url, path in sorted(html_pages(built_site).items()):
        if url == "/404.html":
            continue
        for href in parse_page(path).links:
            target = urlsplit(urljoin("http://site" + url, href))
            if target.netloc != "site" or not target.path.startswith("/api/"):
                continue
            if exists(target.path):
                linked.setdefault(target.path, []).append(url)
            else:
                broken.append(f"{url}: tautan '{href}' menuju alamat formsvc yang tidak ada")
    for page, name in FORMSVC_PUBLIC_PAGES.items():
        if page not in linked:
            broken.append(f"halaman {name} ({page}) tidak ditautkan dari halaman mana pun")
    fail_for_hr("Tautan ke layanan formulir (/api/)", broken,
                "Tulis tautan ke formsvc sebagai alamat lengkap, misalnya [Tanya Jawab Publik](/api/tanya-jawab/).")


def test_faq_has_at_least_30_questions(built_site):
    page = parse_page(built_site / "bantuan" / "faq" / "index.html")
    questions = [text for tag in ("h2", "h3", "h4", "summary", "dt") for text in page.texts.get(tag, [])
                 if text.endswith("?")]
    assert len(questions) >= 30, (
        f"docs/bantuan/faq.md: baru ada {len(questions)} pertanyaan, paling sedikit 30 (tulis setiap "
        "pertanyaan sebagai judul '### ...?')")


def test_glossary_has_at_least_40_terms(built_site):
    page = parse_page(built_site / "bantuan" / "glosarium" / "index.html")
    terms = max(len(page.texts.get("dt", [])), page.body_rows, len(page.texts.get("h3", [])))
    assert terms >= 40, f"docs/bantuan/glosarium.md: baru ada {terms} istilah, paling sedikit 40"


def built_procedure(built_site: Path, service: catalog.Service) -> str:
    return (built_site / service.slug / "index.html").read_text(encoding="utf-8")


def _services() -> dict[str, catalog.Service]:
    try:
        return catalog.load_services(DOCS)
    except catalog.ContentError:
        return {}  # test_procedure_page_matches_schema reports the problems


SERVICES = _services()


@pytest.mark.parametrize("slug", sorted(SERVICES))
def test_procedure_page_shows_standar_pelayanan(built_site, slug):
    service = SERVICES[slug]
    page = built_procedure(built_site, service)
    block = re.search(r'<section class="sp" aria-labelledby="([^"]+)">(.*?)</section>', page, re.S)
    assert block, f"{service.source}: blok Standar Pelayanan tidak tampil"
    html_block = block.group(2)
    assert f'id="{block.group(1)}"' in html_block
    for label in ("Berlaku untuk", "Jangka waktu", "Biaya", "Produk", "Penanggung jawab", "Persyaratan",
                  "Prosedur", "Pengaduan", "Dasar hukum", "Terakhir ditinjau"):
        assert label in html_block, f"{service.source}: '{label}' tidak tampil di blok Standar Pelayanan"
    steps = re.search(r'<ol class="sp-prosedur">(.*?)</ol>', html_block, re.S).group(1)
    assert steps.count("<li>") == len(service.prosedur)
    requirements = re.search(r'<ul class="sp-persyaratan">(.*?)</ul>', html_block, re.S).group(1)
    assert requirements.count("<li>") == len(service.persyaratan)
    # The flowchart is decoration for sighted readers: the numbered steps are its text.
    assert re.search(r'<div class="sp-diagram" aria-hidden="true"><pre class="mermaid"><code>flowchart TD',
                     html_block)
    unit = catalog.read_site_extra(ROOT / "mkdocs.yml")["unit_kerja"][service.penanggung_jawab]
    assert unit.replace("&", "&amp;") in html_block
    summary = page[page.index("</h1>"):page.index('<section class="sp"')]
    assert 'class="sp-ringkasan"' in summary
    assert ('href="#formulir"' in summary) == bool(service.formulir), (
        f"{service.source}: tombol 'Ajukan secara online' harus tampil jika dan hanya jika kolom 'formulir' diisi")


def test_search_dialog_has_an_accessible_name(built_site):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*aria-label="Pencarian"', page)


def test_navigation_sections_have_names(built_site):
    """Every <nav> landmark of the menu is named by a label that says something (tema.py)."""
    for path in (built_site / "index.html", built_site / "bantuan" / "faq" / "index.html"):
        page = path.read_text(encoding="utf-8")
        navs = re.findall(r'<nav class="md-nav" data-md-level="\d+" (aria-labelledby|aria-label)="([^"]+)"', page)
        assert navs
        for kind, value in navs:
            if kind == "aria-label":
                assert value.startswith("Menu "), value
                continue
            label = re.search(rf'<label [^>]*id="{value}"[^>]*>(.*?)</label>', page, re.S)
            assert label, f"{path}: <nav> labelled by a missing element #{value}"
            text = re.sub(r"<[^>]+>", "", label.group(1)).strip()
            assert text or re.search(r'aria-label="Menu [^"]+"', label.group(0)), f"{path}: #{value} has no name"


def test_footer_shows_office_details(built_site):
    kantor = catalog.read_site_extra(ROOT / "mkdocs.yml")["kantor"]
    page = (built_site / "index.html").read_text(encoding="utf-8")
    footer = page[page.index('<footer class="md-footer">'):]
    for key in ("nama", "alamat", "telepon", "email"):
        assert str(kantor[key]).replace("&", "&amp;") in footer, f"extra.kantor.{key} tidak tampil di footer"


def test_contact_page_renders_office_details_from_config(built_site):
    kantor = catalog.read_site_extra(ROOT / "mkdocs.yml")["kantor"]
    page = (built_site / "bantuan" / "kontak" / "index.html").read_text(encoding="utf-8")
    body = page[page.index("<h1"):page.index('<footer class="md-footer">')]
    assert '<dl class="kantor">' in body
    for key in ("nama", "alamat", "telepon", "email"):
        assert str(kantor[key]).replace("&", "&amp;") in body
    assert "{{" not in body


def test_training_calendar_lists_trainings_with_signup_links(built_site):
    trainings = catalog.load_trainings(DOCS)
    page = (built_site / "pelatihan" / "index.html").read_text(encoding="utf-8")
    assert "{{" not in page[page.index("<h1"):]
    positions = [page.index(f'id="pelatihan-{t.id}"') for t in trainings]
    assert positions == sorted(positions), "kalender pelatihan harus urut tanggal"
    for training in trainings:
        link = f'href="/api/forms/pelatihan/?pelatihan={training.id}"'
        assert (link in page) == (training.is_open() and training.tanggal_selesai >= dt.date.today())


# --------------------------------------------------------------------------- the build itself

def build_project(tmp_path: Path, pages: dict[str, str], strict: bool = True) -> subprocess.CompletedProcess:
    """`mkdocs build` of a throwaway project: this repo's mkdocs.yml and overrides/, given pages."""
    project = tmp_path / "project"
    docs = project / "docs"
    docs.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The throwaway project has only the given pages: drop the site's menu (nav:).
    config = re.sub(r"^nav:\n(?:[ #].*\n|\n)*", "", config, flags=re.M)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def procedure(**changes) -> str:
    meta = {
        "title": "Cuti Sakit",
        "ringkasan": "Cuti bagi pegawai yang sakit.",
        "berlaku_untuk": "keduanya",
        "persyaratan": ["Surat keterangan dokter"],
        "prosedur": ["Isi formulir.", "Terima surat izin."],
        "jangka_waktu": {"teks": "3 hari kerja", "hari_kerja": 3},
        "biaya": "Tidak dipungut biaya.",
        "produk": "Surat izin cuti sakit",
        "pengaduan": "Melalui halaman Saran dan Pengaduan.",
        "dasar_hukum": ["PP 11/2017"],
        "kata_kunci": ["sakit"],
        "terakhir_ditinjau": dt.date.today(),
        "penanggung_jawab": "kesejahteraan",
        **changes,
    }
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n# Cuti Sakit\n\nIsi.\n"


HOME = "---\ntitle: Beranda\n---\n\n# Beranda\n"


def test_build_fails_with_indonesian_messages_for_schema_problems(tmp_path):
    result = build_project(tmp_path, {
        "index.md": HOME,
        "layanan/cuti/cuti-sakit.md": procedure(jangka_waktu={"teks": "3 hari kerja", "hari_kerja": "tiga"},
                                                berlaku_untuk="semua"),
    })
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert ("docs/layanan/cuti/cuti-sakit.md: kolom 'jangka_waktu.hari_kerja' harus berupa angka hari kerja "
            "(contoh: 5)") in output
    assert "docs/layanan/cuti/cuti-sakit.md: kolom 'berlaku_untuk' harus salah satu dari" in output
    assert "2 masalah pada isi situs" in output


def test_stale_page_is_a_visible_reminder_not_a_strict_failure(tmp_path):
    old = dt.date.today() - dt.timedelta(days=400)
    result = build_project(tmp_path, {
        "index.md": HOME,
        "layanan/cuti/cuti-sakit.md": procedure(terakhir_ditinjau=old),
    })
    assert result.returncode == 0, result.stderr
    assert f"PERINGATAN: docs/layanan/cuti/cuti-sakit.md: terakhir ditinjau {old.isoformat()}" in result.stderr


def test_front_matter_is_escaped_and_unknown_directives_fail(tmp_path):
    result = build_project(tmp_path, {
        "index.md": HOME,
        "layanan/cuti/cuti-sakit.md": procedure(ringkasan='<script>alert("x")</script> & "kutip"',
                                                prosedur=['Klik "Kirim" <b>sekarang</b>.', "Tunggu #1."]),
    })
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "project" / "site" / "layanan" / "cuti" / "cuti-sakit" / "index.html").read_text()
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;kutip&quot;' in page
    assert "<script>alert" not in page
    assert "<li>Klik &quot;Kirim&quot; &lt;b&gt;sekarang&lt;/b&gt;.</li>" in page
    # Mermaid label: quotes and # as Mermaid entity codes, then HTML-escaped.
    assert "L1[&quot;1. Klik #quot;Kirim#quot; &lt;b&gt;sekarang&lt;/b&gt;.&quot;]" in page
    assert "L2[&quot;2. Tunggu #35;1.&quot;]" in page
    assert 'href="#formulir"' not in page  # no `formulir`: no button

    result = build_project(tmp_path / "typo", {"index.md": HOME + "\n{{ kalender_pelatihn }}\n"})
    assert result.returncode != 0
    assert "docs/index.md: perintah '{{ kalender_pelatihn }}' tidak dikenal" in result.stdout + result.stderr
