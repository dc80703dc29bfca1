"""formsvc.catalog: the content schema, its messages for HR, and the data files."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from formsvc import catalog

UNITS = ["kesejahteraan", "mutasi", "pengembangan", "informasi", "kinerja", "pensiun"]
TODAY = dt.date.today()


def valid_meta(**changes) -> dict:
    meta = {
        "title": "Cuti Sakit",
        "ringkasan": "Cuti bagi pegawai yang sakit.",
        "berlaku_untuk": "keduanya",
        "persyaratan": ["Surat keterangan dokter"],
        "prosedur": ["Isi formulir.", "Terima surat izin."],
        "jangka_waktu": {"teks": "3 hari kerja sejak berkas lengkap", "hari_kerja": 3},
        "biaya": "Tidak dipungut biaya.",
        "produk": "Surat izin cuti sakit",
        "pengaduan": "Melalui halaman Saran dan Pengaduan.",
        "dasar_hukum": ["PP 11/2017 tentang Manajemen PNS jo. PP 17/2020"],
        "formulir": "cuti",
        "kata_kunci": ["cuti sakit", "sakit"],
        "terakhir_ditinjau": TODAY,
        "penanggung_jawab": "kesejahteraan",
    }
    meta.update(changes)
    return {key: value for key, value in meta.items() if value is not None}


PAGE = "docs/layanan/cuti/cuti-sakit.md"


def problems(**changes) -> list[str]:
    return catalog.validate_procedure(PAGE, valid_meta(**changes), UNITS)


def test_valid_front_matter_has_no_problems():
    assert problems() == []


def test_formulir_is_optional():
    meta = valid_meta()
    del meta["formulir"]
    assert catalog.validate_procedure(PAGE, meta, UNITS) == []


def test_message_names_file_and_field_in_indonesian():
    assert problems(jangka_waktu={"teks": "5 hari kerja", "hari_kerja": "lima"}) == [
        "docs/layanan/cuti/cuti-sakit.md: kolom 'jangka_waktu.hari_kerja' harus berupa angka hari kerja "
        "(contoh: 5)"]


@pytest.mark.parametrize("field", ["title", "ringkasan", "biaya", "produk", "pengaduan", "persyaratan",
                                   "prosedur", "dasar_hukum", "kata_kunci", "berlaku_untuk", "jangka_waktu",
                                   "terakhir_ditinjau", "penanggung_jawab"])
def test_missing_required_field_is_named(field):
    meta = valid_meta()
    del meta[field]
    found = catalog.validate_procedure(PAGE, meta, UNITS)
    assert len(found) == 1
    assert found[0].startswith(f"{PAGE}: kolom '{field}' belum diisi (wajib)")


@pytest.mark.parametrize("changes, field, words", [
    ({"berlaku_untuk": "ASN"}, "berlaku_untuk", "PNS, PPPK, keduanya (sekarang: 'ASN')"),
    ({"persyaratan": "Surat dokter"}, "persyaratan", "harus berupa daftar"),
    ({"prosedur": []}, "prosedur", "harus berupa daftar yang tidak kosong"),
    ({"dasar_hukum": ["UU 20/2023", None]}, "dasar_hukum", "butir ke-2 kosong"),
    ({"prosedur": [{"Tentukan jenis klaim": "pensiun"}]}, "prosedur", "beri tanda kutip"),
    ({"jangka_waktu": "5 hari kerja"}, "jangka_waktu", "'teks' dan 'hari_kerja'"),
    ({"jangka_waktu": {"hari_kerja": 5}}, "jangka_waktu.teks", "belum diisi"),
    ({"jangka_waktu": {"teks": "x", "hari_kerja": 0}}, "jangka_waktu.hari_kerja", "angka hari kerja"),
    ({"jangka_waktu": {"teks": "x", "hari_kerja": True}}, "jangka_waktu.hari_kerja", "angka hari kerja"),
    ({"formulir": "saran"}, "formulir", "cuti, izin, layanan, pelatihan (sekarang: 'saran')"),
    ({"terakhir_ditinjau": "28-11-2026"}, "terakhir_ditinjau", "format TTTT-BB-HH"),
    ({"terakhir_ditinjau": TODAY + dt.timedelta(days=30)}, "terakhir_ditinjau", "belum lewat"),
    ({"penanggung_jawab": "kepegawaian"}, "penanggung_jawab", "extra.unit_kerja"),
    ({"biaya": ["gratis"]}, "biaya", "teks biasa"),
])
def test_wrong_values_are_explained(changes, field, words):
    found = problems(**changes)
    assert len(found) == 1, found
    assert found[0].startswith(f"{PAGE}: kolom '{field}' ")
    assert words in found[0]


def test_every_problem_is_reported_at_once():
    meta = valid_meta(biaya=None, produk=None, berlaku_untuk="semua")
    assert len(catalog.validate_procedure(PAGE, meta, UNITS)) == 3


def write_page(docs: Path, rel: str, meta: dict, body: str = "# Judul\n\nIsi.\n") -> Path:
    import yaml
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body,
                    encoding="utf-8")
    return path


def test_load_services_keys_by_slug_and_builds_urls(tmp_path):
    docs = tmp_path / "docs"
    write_page(docs, "layanan/cuti/cuti-sakit.md", valid_meta())
    write_page(docs, "layanan/cuti/index.md", {"title": "Jenis Cuti"})
    services = catalog.load_services(docs, UNITS)
    assert list(services) == ["layanan/cuti/cuti-sakit"]
    service = services["layanan/cuti/cuti-sakit"]
    assert service.url == "/layanan/cuti/cuti-sakit/"
    assert service.group == "cuti"
    assert service.hari_kerja == 3
    assert service.persyaratan == ("Surat keterangan dokter",)
    assert service.terakhir_ditinjau == TODAY
    assert service.source == "docs/layanan/cuti/cuti-sakit.md"


def test_load_services_sees_edits(tmp_path):
    import os

    docs = tmp_path / "docs"
    page = write_page(docs, "layanan/cuti/cuti-sakit.md", valid_meta())
    assert catalog.load_services(docs, UNITS)["layanan/cuti/cuti-sakit"].hari_kerja == 3
    write_page(docs, "layanan/cuti/cuti-sakit.md", valid_meta(jangka_waktu={"teks": "x", "hari_kerja": 7}))
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert catalog.load_services(docs, UNITS)["layanan/cuti/cuti-sakit"].hari_kerja == 7
    write_page(docs, "layanan/izin/izin-belajar.md", valid_meta(title="Izin Belajar"))
    assert set(catalog.load_services(docs, UNITS)) == {"layanan/cuti/cuti-sakit", "layanan/izin/izin-belajar"}


def test_load_services_reads_unit_keys_from_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: x
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - format: !!python/name:pymdownx.superfences.fence_code_format
        extra:
          unit_kerja:
            kesejahteraan: Bidang Kesejahteraan
        """), encoding="utf-8")
    docs = tmp_path / "docs"
    write_page(docs, "layanan/cuti/cuti-sakit.md", valid_meta())
    assert "layanan/cuti/cuti-sakit" in catalog.load_services(docs)
    write_page(docs, "layanan/cuti/cuti-besar.md", valid_meta(penanggung_jawab="mutasi"))
    with pytest.raises(catalog.ContentError) as error:
        catalog.load_services(docs)
    assert error.value.problems == [
        "docs/layanan/cuti/cuti-besar.md: kolom 'penanggung_jawab' harus salah satu kunci 'extra.unit_kerja' "
        "di mkdocs.yml: kesejahteraan (sekarang: 'mutasi')"]


def test_broken_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "docs" / "layanan" / "izin" / "izin-belajar.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: Izin Belajar\nringkasan: Izin: untuk: kuliah\n---\n", encoding="utf-8")
    with pytest.raises(catalog.ContentError) as error:
        catalog.load_services(tmp_path / "docs", UNITS)
    assert "docs/layanan/izin/izin-belajar.md: front matter tidak bisa dibaca (sekitar baris" in str(error.value)


def test_stale_pages_are_reported_not_failed(tmp_path):
    docs = tmp_path / "docs"
    old = TODAY - dt.timedelta(days=400)
    write_page(docs, "layanan/cuti/cuti-sakit.md", valid_meta(terakhir_ditinjau=old))
    write_page(docs, "bantuan/faq.md", {"title": "FAQ", "terakhir_ditinjau": TODAY})
    assert catalog.load_services(docs, UNITS)  # still valid
    messages = catalog.stale_pages(docs)
    assert len(messages) == 1
    assert messages[0].startswith(f"docs/layanan/cuti/cuti-sakit.md: terakhir ditinjau {old.isoformat()}")
    with pytest.warns(catalog.StaleContentWarning, match="cuti-sakit.md"):
        catalog.warn_stale_pages(docs)


def test_trainings_are_sorted_and_validated(tmp_path):
    data = tmp_path / "_data"
    data.mkdir()
    (data / "pelatihan.yml").write_text(textwrap.dedent("""\
        - id: pelatihan-b
          judul: Pelatihan B
          penyelenggara: BKPSDM
          tanggal_mulai: 2027-03-10
          tanggal_selesai: 2027-03-12
          tempat: Aula
          kuota: 30
          batas_pendaftaran: 2027-03-01
          sasaran: Semua ASN
        - id: pelatihan-a
          judul: Pelatihan A
          penyelenggara: BKPSDM
          tanggal_mulai: 2027-02-01
          tanggal_selesai: 2027-02-01
          tempat: Daring
          kuota:
          batas_pendaftaran: 2027-01-25
          sasaran: Pejabat pengawas
          keterangan: Membawa laptop.
        """), encoding="utf-8")
    trainings = catalog.load_trainings(tmp_path)
    assert [t.id for t in trainings] == ["pelatihan-a", "pelatihan-b"]
    assert trainings[0].kuota is None and trainings[0].keterangan == "Membawa laptop."
    assert trainings[1].is_open(dt.date(2027, 3, 1)) and not trainings[1].is_open(dt.date(2027, 3, 2))


def test_training_problems_name_the_training(tmp_path):
    data = tmp_path / "_data"
    data.mkdir()
    (data / "pelatihan.yml").write_text(textwrap.dedent("""\
        - id: latsar
          judul: Latsar
          penyelenggara: BKPSDM
          tanggal_mulai: 2027-03-10
          tanggal_selesai: 2027-03-01
          tempat: Aula
          kuota: banyak
          batas_pendaftaran: 10 Maret
          sasaran: CPNS
        """), encoding="utf-8")
    with pytest.raises(catalog.ContentError) as error:
        catalog.load_trainings(tmp_path)
    text = str(error.value)
    assert "pelatihan 'latsar': kolom 'batas_pendaftaran' harus berupa tanggal" in text
    assert "pelatihan 'latsar': 'tanggal_selesai' tidak boleh sebelum 'tanggal_mulai'" in text
    assert "pelatihan 'latsar': kolom 'kuota' harus berupa angka" in text


def test_cuti_bersama_dates(tmp_path):
    data = tmp_path / "_data"
    data.mkdir()
    (data / "cuti-bersama.yml").write_text(
        "- tanggal: 2026-12-24\n  keterangan: Natal\n- tanggal: 2026-03-18\n  keterangan: Idulfitri\n",
        encoding="utf-8")
    assert catalog.load_cuti_bersama(tmp_path) == [dt.date(2026, 3, 18), dt.date(2026, 12, 24)]
    (data / "cuti-bersama.yml").write_text("- tanggal: 24 Desember\n", encoding="utf-8")
    with pytest.raises(catalog.ContentError, match="butir ke-1: kolom 'tanggal'"):
        catalog.load_cuti_bersama(tmp_path)


def test_missing_data_files_mean_no_data(tmp_path):
    assert catalog.load_trainings(tmp_path) == []
    assert catalog.load_cuti_bersama(tmp_path) == []
    assert catalog.load_sinonim(tmp_path) == {}


def test_sinonim(tmp_path):
    data = tmp_path / "_data"
    data.mkdir()
    (data / "sinonim.yml").write_text("Ijin: [Izin]\ncuty: cuti\n", encoding="utf-8")
    assert catalog.load_sinonim(tmp_path) == {"ijin": ["izin"], "cuty": ["cuti"]}


def test_real_content_loads():
    root = Path(__file__).resolve().parent.parent
    services = catalog.load_services(root / "docs")
    assert services, "no procedure pages under docs/layanan/"
    catalog.load_trainings(root / "docs")
    catalog.load_cuti_bersama(root / "docs")
