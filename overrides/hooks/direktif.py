"""Build hook: one-line directives that render site data into pages.

A directive is a line of its own in the Markdown, e.g. `{{ kalender_pelatihan }}`:
  {{ kalender_pelatihan }}  the training calendar (docs/_data/pelatihan.yml), with "Daftar" links
  {{ kontak_kantor }}       the office details and service hours (mkdocs.yml extra.kantor)
  {{ unit_kerja }}          the units (extra.unit_kerja) and the services each one handles
`{{ formulir <id> }}` belongs to overrides/hooks/formulir.py. Any other directive fails the
build, so that a typo never reaches the site as literal braces.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from formsvc import catalog  # noqa: E402

DIRECTIVE = re.compile(r"<p>\{\{\s*([a-z_]+)\s*([^}]*?)\s*\}\}</p>")
HANDLED_ELSEWHERE = {"formulir"}
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
PELATIHAN_FORM = "/api/forms/pelatihan/?pelatihan="


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def is_placeholder(value) -> bool:
    return not value or str(value).strip().startswith("[ISI")


def tanggal(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def rentang(start: dt.date, end: dt.date) -> str:
    """12–14 Januari 2027; 30 Januari – 2 Februari 2027; one day: 12 Januari 2027."""
    if start == end:
        return tanggal(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{tanggal(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {tanggal(end)}"
    return f"{tanggal(start)} – {tanggal(end)}"


def kalender_pelatihan(config, page, files, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    trainings = catalog.load_trainings(config["docs_dir"])
    if not trainings:
        return '<p class="kalender-kosong">Belum ada jadwal pelatihan yang diumumkan.</p>'
    rows = []
    for training in trainings:
        about = [f"<strong>{_e(training.judul)}</strong>",
                 f"Sasaran: {_e(training.sasaran)}",
                 f"Penyelenggara: {_e(training.penyelenggara)}"]
        if training.keterangan:
            about.append(_e(training.keterangan))
        when = [f'<time datetime="{training.tanggal_mulai.isoformat()}">'
                f"{rentang(training.tanggal_mulai, training.tanggal_selesai)}</time>", _e(training.tempat)]
        if training.tanggal_selesai < today:
            signup = ["Sudah selesai"]
        elif training.is_open(today):
            signup = [f"Sampai {tanggal(training.batas_pendaftaran)}"]
            if training.kuota:
                signup.append(f"Kuota {training.kuota} orang")
            signup.append(f'<a class="md-button kalender-daftar" href="{PELATIHAN_FORM}{_e(training.id)}" '
                          f'aria-label="Daftar {_e(training.judul)}">Daftar</a>')
        else:
            signup = [f"Pendaftaran ditutup {tanggal(training.batas_pendaftaran)}"]
        rows.append(f'<tr id="pelatihan-{_e(training.id)}"><td>{"<br>".join(about)}</td>'
                    f'<td>{"<br>".join(when)}</td><td>{"<br>".join(signup)}</td></tr>')
    return ('<div class="kalender-pelatihan"><table>\n'
            '<caption>Jadwal pelatihan, urut tanggal mulai</caption>\n'
            '<thead><tr><th scope="col">Pelatihan</th><th scope="col">Tanggal dan tempat</th>'
            '<th scope="col">Pendaftaran</th></tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody></table></div>")


def _contact_rows(kantor: dict) -> list[tuple[str, str]]:
    rows = [("Instansi", _e(kantor.get("nama", "")))]
    rows.append(("Alamat", _e(kantor.get("alamat", ""))))
    phone = kantor.get("telepon", "")
    rows.append(("Telepon", _e(phone) if is_placeholder(phone) else
                 f'<a href="tel:{_e(re.sub(r"[^0-9+]", "", str(phone)))}">{_e(phone)}</a>'))
    whatsapp = kantor.get("whatsapp")
    if whatsapp:
        rows.append(("WhatsApp", _e(whatsapp)))
    email = kantor.get("email", "")
    rows.append(("Email", _e(email) if is_placeholder(email) else
                 f'<a href="mailto:{_e(email)}">{_e(email)}</a>'))
    return rows


def kontak_kantor(config, page, files) -> str:
    kantor = config["extra"].get("kantor") or {}
    out = ['<dl class="kantor">']
    for label, value in _contact_rows(kantor):
        out.append(f"<div><dt>{label}</dt><dd>{value}</dd></div>")
    out.append("</dl>")
    hours = kantor.get("jam_layanan") or []
    if hours:
        out.append('<table><caption>Jam layanan</caption>'
                   '<thead><tr><th scope="col">Hari</th><th scope="col">Jam</th></tr></thead><tbody>')
        for item in hours:
            out.append(f"<tr><td>{_e(item.get('hari', ''))}</td><td>{_e(item.get('jam', ''))}</td></tr>")
        out.append("</tbody></table>")
    return "\n".join(out)


def unit_kerja(config, page, files) -> str:
    units = config["extra"].get("unit_kerja") or {}
    services = catalog.load_services(config["docs_dir"], units.keys())
    out = ['<table><caption>Bidang yang menangani layanan</caption>'
           '<thead><tr><th scope="col">Bidang</th><th scope="col">Layanan</th></tr></thead><tbody>']
    for key, name in units.items():
        handled = [s for s in services.values() if s.penanggung_jawab == key]
        links = ", ".join(
            f'<a href="{_e(files.get_file_from_path(s.source.split("/", 1)[1]).url_relative_to(page.file))}">'
            f"{_e(s.title)}</a>" for s in handled)
        out.append(f"<tr><td>{_e(name)}</td><td>{links or '–'}</td></tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


DIRECTIVES = {
    "kalender_pelatihan": kalender_pelatihan,
    "kontak_kantor": kontak_kantor,
    "unit_kerja": unit_kerja,
}


def on_page_content(content, page, config, files):
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in HANDLED_ELSEWHERE:
            return match.group(0)
        render = DIRECTIVES.get(name)
        if render is None:
            raise PluginError(
                f"docs/{page.file.src_uri}: perintah '{{{{ {name} }}}}' tidak dikenal. Yang tersedia: "
                + ", ".join(f"{{{{ {known} }}}}" for known in [*DIRECTIVES, "formulir <id>"]))
        return render(config, page, files)
    return DIRECTIVE.sub(replace, content)
