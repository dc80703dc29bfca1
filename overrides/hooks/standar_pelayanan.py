"""Build hook: the "Standar Pelayanan" block of every procedure page, rendered from front matter.

HR writes the service standard as front matter (schema: formsvc/catalog.py); this hook
- fails the build, in plain Indonesian naming file and field, when a procedure page or a data
  file under docs/_data/ breaks the schema;
- reports pages not reviewed for over 12 months ("PERINGATAN", at INFO level so that
  `mkdocs build --strict` still passes: a stale page is a reminder, not an error);
- renders the block: the summary and the "Ajukan secara online" button under the title, and
  before the first section of the body the published components of the service standard
  (PermenPANRB 15/2014): who it is for, requirements, numbered steps with a flowchart, time,
  cost, product, complaints, legal basis, responsible unit, date last reviewed.
Front matter is data: every value is HTML-escaped, never rendered as Markdown.
"""
from __future__ import annotations

import html
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from formsvc import catalog  # noqa: E402

log = logging.getLogger("mkdocs.hooks.standar_pelayanan")

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
BERLAKU_TEXT = {"PNS": "PNS", "PPPK": "PPPK", "keduanya": "PNS dan PPPK"}
LAPOR_URL = "https://www.lapor.go.id/"

_services: dict[str, catalog.Service] = {}   # by source path relative to docs_dir


def tanggal(value) -> str:
    """28 November 2026."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def on_files(files, config):
    """Validate every procedure page and data file before anything is rendered."""
    docs_dir = Path(config["docs_dir"])
    units = (config["extra"].get("unit_kerja") or {}).keys()
    problems: list[str] = []
    try:
        services = catalog.load_services(docs_dir, units)
    except catalog.ContentError as error:
        problems.extend(error.problems)
        services = {}
    for loader in (catalog.load_trainings, catalog.load_cuti_bersama, catalog.load_sinonim):
        try:
            loader(docs_dir)
        except catalog.ContentError as error:
            problems.extend(error.problems)
    if problems:
        for message in problems:
            log.error(message)
        raise PluginError(
            f"{len(problems)} masalah pada isi situs (lihat baris ERROR di atas). Perbaiki kolom yang "
            "disebut pada berkas tersebut, lalu jalankan lagi `make docs`. Format setiap kolom dijelaskan "
            "di docs/panduan-pengelola.md.")
    _services.clear()
    for service in services.values():
        _services[Path(service.source).relative_to(Path(docs_dir.name)).as_posix()] = service
    return files


def on_page_markdown(markdown, page, config, files):
    age = catalog.staleness(page.meta.get("terakhir_ditinjau"))
    if age is not None:
        source = f"{Path(config['docs_dir']).name}/{page.file.src_uri}"
        # INFO, not WARNING: `mkdocs build --strict` must not fail on a reminder.
        log.info("PERINGATAN: " + catalog.stale_message(source, page.meta["terakhir_ditinjau"], age))
    return markdown


def on_page_content(content, page, config, files):
    service = _services.get(page.file.src_uri)
    if service is None:
        return content
    taken = set(re.findall(r'\sid="([^"]+)"', content))
    unit = (config["extra"].get("unit_kerja") or {}).get(service.penanggung_jawab, service.penanggung_jawab)
    lead = render_lead(service)
    block, anchors = render_block(service, unit, taken, pengaduan_url(files, page))

    h1 = re.search(r"</h1>", content)
    position = h1.end() if h1 else 0
    content = content[:position] + lead + content[position:]
    h2 = re.search(r"<h2[\s>]", content)
    position = h2.start() if h2 else len(content)
    content = content[:position] + block + content[position:]
    add_to_toc(page, anchors)
    return content


def pengaduan_url(files, page) -> str | None:
    """Relative URL of the site's Saran dan Pengaduan page, if there is one."""
    for file in files.documentation_pages():
        uri = file.src_uri
        if uri.startswith("bantuan/") and "pengaduan" in uri:
            return file.url_relative_to(page.file)
    return None


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, number = anchor, 1
    while candidate in taken:
        candidate = f"{anchor}_{number}"
        number += 1
    taken.add(candidate)
    return candidate


def _heading(level: int, anchor: str, title: str) -> str:
    return (f'<h{level} id="{anchor}">{_e(title)}<a class="headerlink" href="#{anchor}" '
            f'title="Tautan ke bagian ini">&para;</a></h{level}>')


def render_lead(service: catalog.Service) -> str:
    parts = [f'<p class="sp-ringkasan">{_e(service.ringkasan)}</p>']
    if service.formulir:
        parts.append('<p class="sp-aksi"><a class="md-button md-button--primary" href="#formulir">'
                     'Ajukan secara online</a></p>')
    return "\n".join(parts)


def mermaid_label(text: str) -> str:
    # Mermaid entity codes inside a quoted label; `#` first since the codes start with it.
    return text.replace("#", "#35;").replace('"', "#quot;")


def flowchart(steps: tuple[str, ...]) -> str:
    lines = ["flowchart TD"]
    for number, step in enumerate(steps, start=1):
        lines.append(f'  L{number}["{number}. {mermaid_label(step)}"]')
    for number in range(1, len(steps)):
        lines.append(f"  L{number} --> L{number + 1}")
    return "\n".join(lines)


def render_block(service: catalog.Service, unit: str, taken: set[str],
                 pengaduan_href: str | None) -> tuple[str, list[tuple[int, str, str]]]:
    """The block's HTML and its headings (level, id, title) for the table of contents."""
    anchors: list[tuple[int, str, str]] = []

    def heading(level: int, anchor: str, title: str) -> str:
        anchor = _unique(anchor, taken)
        anchors.append((level, anchor, title))
        return _heading(level, anchor, title)

    facts = [
        ("Berlaku untuk", BERLAKU_TEXT.get(service.berlaku_untuk, service.berlaku_untuk)),
        ("Jangka waktu", service.jangka_waktu_teks),
        ("Biaya", service.biaya),
        ("Produk", service.produk),
        ("Penanggung jawab", unit),
    ]
    section_id = _unique("standar-pelayanan", taken)
    anchors.append((2, section_id, "Standar Pelayanan"))
    out = [f'<section class="sp" aria-labelledby="{section_id}">', _heading(2, section_id, "Standar Pelayanan")]
    out.append('<dl class="sp-fakta">')
    for label, value in facts:
        out.append(f"<div><dt>{_e(label)}</dt><dd>{_e(value)}</dd></div>")
    out.append("</dl>")

    out.append(heading(3, "persyaratan", "Persyaratan"))
    out.append('<ul class="sp-persyaratan">')
    out.extend(f"<li>{_e(item)}</li>" for item in service.persyaratan)
    out.append("</ul>")

    out.append(heading(3, "prosedur", "Prosedur"))
    out.append('<ol class="sp-prosedur">')
    out.extend(f"<li>{_e(step)}</li>" for step in service.prosedur)
    out.append("</ol>")
    # The numbered list above is the text alternative: the diagram repeats it for sighted
    # readers, so assistive technology skips it.
    out.append('<div class="sp-diagram" aria-hidden="true">'
               f'<pre class="mermaid"><code>{_e(flowchart(service.prosedur))}</code></pre></div>')

    out.append(heading(3, "pengaduan", "Pengaduan"))
    out.append(f"<p>{_e(service.pengaduan)}</p>")
    links = []
    if pengaduan_href:
        links.append(f'<a href="{_e(pengaduan_href)}">Saran dan Pengaduan</a>')
    links.append(f'<a href="{LAPOR_URL}" rel="noopener">SP4N-LAPOR!</a>')
    out.append(f'<p class="sp-saluran">Saluran pengaduan: {" · ".join(links)}</p>')

    out.append(heading(3, "dasar-hukum", "Dasar hukum"))
    out.append('<ul class="sp-dasar-hukum">')
    out.extend(f"<li>{_e(item)}</li>" for item in service.dasar_hukum)
    out.append("</ul>")

    reviewed = service.terakhir_ditinjau
    out.append(f'<p class="sp-ditinjau">Terakhir ditinjau: <time datetime="{reviewed.isoformat()}">'
               f"{tanggal(reviewed)}</time></p>")
    out.append("</section>")
    return "\n".join(out) + "\n", anchors


def add_to_toc(page, anchors: list[tuple[int, str, str]]) -> None:
    """Put the block's headings in the page's table of contents, before the body's sections."""
    if not anchors:
        return
    level, anchor, title = anchors[0]
    section = AnchorLink(title, anchor, level)
    section.children = [AnchorLink(t, a, lv) for lv, a, t in anchors[1:]]
    items = page.toc.items
    if len(items) == 1 and items[0].level == 1:
        items[0].children.insert(0, section)
    else:
        items.insert(0, section)
