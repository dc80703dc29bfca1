"""The `{{ formulir <id> }}` directive: forms rendered into the docs pages at build time."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from formsvc import embed
from formsvc.forms import FORM_IDS

ROOT = Path(__file__).resolve().parents[2]


def load_hook():
    spec = importlib.util.spec_from_file_location("formulir_hook", ROOT / "overrides" / "hooks" / "formulir.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_html(built_site: Path, slug: str) -> str:
    return (built_site / slug / "index.html").read_text(encoding="utf-8")


def test_form_ids():
    assert {"cuti", "izin", "layanan", "pelatihan", "saran", "status", "survei"} <= set(FORM_IDS)


def test_procedure_pages_embed_their_form(built_site):
    from formsvc.catalog import load_services
    services = load_services(ROOT / "docs")
    embedded = 0
    for service in services.values():
        html = page_html(built_site, service.slug)
        if not service.formulir or "{{ formulir" not in (ROOT / service.source).read_text(encoding="utf-8"):
            continue
        assert f'action="/api/forms/{service.formulir}/"' in html, service.slug
        assert 'id="formulir"' in html and 'enctype="multipart/form-data"' in html
        assert "{{ formulir" not in html
        assert f'name="kembali" type="hidden" value="{service.url}"' in html
        embedded += 1
    assert embedded >= 10


def test_leave_pages_preselect_their_type(built_site):
    html = page_html(built_site, "layanan/cuti/cuti-sakit")
    assert re.search(r'<input checked class="fs-choice__input" id="cuti-jenis-\d" name="jenis" type="radio" '
                     r'value="sakit">', html)
    pppk = page_html(built_site, "layanan/cuti/cuti-pppk")
    assert re.search(r'<input checked class="fs-choice__input" id="cuti-status-1" name="status" type="radio" '
                     r'value="PPPK">', pppk)


def test_service_pages_preselect_their_service(built_site):
    html = page_html(built_site, "layanan/karier/kenaikan-pangkat")
    assert re.search(r'<option selected value="layanan/karier/kenaikan-pangkat">', html)
    assert 'name="persyaratan"' in html  # its checklist is there without JavaScript


def test_status_and_suggestion_pages(built_site):
    status = page_html(built_site, "bantuan/cek-status")
    assert 'action="/api/status/"' in status and 'name="nomor"' in status
    saran = page_html(built_site, "bantuan/saran-dan-pengaduan")
    assert 'action="/api/forms/saran/"' in saran


def test_forms_are_left_out_of_the_search_index(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Jangan isi kolom ini" not in index


def test_unknown_id_fails_the_build_naming_the_page_and_line():
    hook = load_hook()
    markdown = "# Judul\n\nTeks.\n\n{{ formulir cutii }}\n"
    with pytest.raises(PluginError, match=r"docs/layanan/cuti/contoh\.md, baris 5: formulir 'cutii' tidak dikenal"):
        hook.replace_directives(markdown, "layanan/cuti/contoh.md", lambda *a: "")


def test_directive_in_a_code_block_or_inside_text_is_left_alone():
    hook = load_hook()
    markdown = ("```markdown\n{{ formulir tidak-ada }}\n```\n\n~~~~\n{{ formulir cuti }}\n~~~~\n\n"
                "Tulis `{{ formulir cuti }}` di barisnya sendiri.\n\n    {{ formulir cuti }}\n\n{{ formulir izin }}\n")
    calls = []
    out, rendered = hook.replace_directives(markdown, "x.md", lambda form_id, src, n: calls.append(form_id) or "<form>")
    assert calls == ["izin"] and rendered == ["<form>"]
    assert "```markdown\n{{ formulir tidak-ada }}\n```" in out
    assert "<!--formsvc-embed:0-->" in out


def test_registry_is_open_to_other_areas(monkeypatch):
    monkeypatch.setitem(embed.EMBEDDABLE, "contoh", lambda context: f"<p>{context.slug}</p>")
    from formsvc.forms import FORM_IDS as ids
    assert "contoh" in ids
    renderer = embed.Renderer(ROOT / "docs")
    html = renderer.render("contoh", "bantuan/contoh.md")
    assert "<p>bantuan/contoh</p>" in html and 'data-formsvc-embed="contoh"' in html


def test_embedded_form_equals_the_standalone_form(client, built_site):
    """One set of templates: the form in the page and at /api/forms/izin/ are the same markup."""
    def form_of(html):
        return re.search(r'<form class="fs-form".*?</form>', html, re.S).group(0)
    embedded = form_of(page_html(built_site, "layanan/izin/izin-tidak-masuk-kerja"))
    standalone = form_of(client.get("/api/forms/izin/").get_data(as_text=True))
    def normalise(html):  # the page link differs; Markdown turns WTForms' "\r\n" into "\n"
        return re.sub(r'name="kembali" type="hidden" value="[^"]*"', "", html).replace("\r\n", "\n")
    assert normalise(embedded) == normalise(standalone)
