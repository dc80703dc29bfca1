"""Search in Bahasa Indonesia, the way employees type.

Lunr (Material's search) has no Indonesian; overrides/hooks/pencarian.py and the search worker
wrapper overrides/assets/javascripts/workers/pencarian.js add keywords, synonyms, stems and
typo tolerance. The eval set is /work/shared/eval/search-queries.tsv: CI has shared/ beside
the clone, i.e. <repo>/../shared/eval/.
"""
from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest
from static_server import serve

ROOT = Path(__file__).resolve().parents[2]
QUERIES = Path(ROOT).parent / "shared" / "eval" / "search-queries.tsv"
HIT_RATE_REQUIRED = 0.95


@pytest.fixture(scope="session")
def static_site_url(built_site):
    with serve(built_site) as url:
        yield url


def eval_queries() -> list[tuple[str, list[str]]]:
    path = Path(os.environ.get("SEARCH_QUERIES", QUERIES))
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"search eval set not found: {path}")
        pytest.skip(f"search eval set not found: {path} (set SEARCH_QUERIES to its path)")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, expected = line.split("\t")
        rows.append((query, [part.strip().lower() for part in expected.split("|")]))
    return rows


# --------------------------------------------------------------------------- the built index

def test_pages_use_the_indonesian_search_worker(built_site):
    for page in (built_site / "index.html", built_site / "layanan" / "cuti" / "cuti-tahunan" / "index.html"):
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                      page.read_text(encoding="utf-8"), re.S).group(1))
        worker = config["search"]
        assert "/workers/pencarian.js?" in "/" + worker, worker
        material = re.search(r"material=([^&]+)", worker).group(1)
        assert (built_site / "assets" / "javascripts" / "workers" / material).exists()


def test_index_carries_keywords_fields_and_synonyms(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {"kata", "dasar"} <= set(index["config"]["fields"])
    assert index["config"]["sinonim"]["ijin"] == ["izin"]
    by_location = {doc["location"]: doc for doc in index["docs"]}
    melahirkan = by_location["layanan/cuti/cuti-melahirkan/"]
    assert "cuti hamil" in melahirkan["kata"]
    assert all("kata" not in doc for doc in index["docs"] if "#" in doc["location"])


# --------------------------------------------------------------------------- in the browser

ARTICLE_TITLES = """() => [...document.querySelectorAll('li.md-search-result__item')]
    .map(item => item.querySelector('article h1, article h2'))
    .map(heading => heading ? heading.textContent.trim() : '')"""


def search(page, query: str) -> list[str]:
    """Type `query` into the header search box; the page titles of the results, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    # The worker answers asynchronously: wait until the result list has settled.
    previous, stable = None, 0
    for _ in range(100):
        page.wait_for_timeout(60)
        meta = page.locator(".md-search-result__meta").inner_text()
        titles = page.evaluate(ARTICLE_TITLES)
        snapshot = (meta, tuple(titles))
        stable = stable + 1 if snapshot == previous and titles else 0
        previous = snapshot
        if stable >= 4:
            break
    return previous[1] if previous else []


@pytest.mark.browser
def test_eval_queries_find_the_expected_page_in_the_top_3(page, static_site_url, capsys):
    queries = eval_queries()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(static_site_url + "/")
    assert page.locator("header input.md-search__input").count() == 1  # the box stays in the header
    misses = []
    for query, expected in queries:
        titles = search(page, query)
        if not any(word in title.lower() for title in titles[:3] for word in expected):
            misses.append(f"{query!r}: expected {' | '.join(expected)}, got {titles[:3]}")
    hit_rate = 1 - len(misses) / len(queries)
    with capsys.disabled():  # shown on every run, not only on failure
        print(f"\nsearch hit rate (top 3): {hit_rate:.1%} of {len(queries)} queries")
        for miss in misses:
            print("  miss:", miss)
    assert hit_rate >= HIT_RATE_REQUIRED, f"hit rate {hit_rate:.1%} < {HIT_RATE_REQUIRED:.0%}:\n" + "\n".join(misses)


@pytest.mark.browser
@pytest.mark.parametrize("query, expected", [
    ("melahirkn", "Melahirkan"),          # typo
    ("cuty tahunan", "Cuti Tahunan"),     # colloquial spelling (docs/_data/sinonim.yml)
    ("keluhan", "Pengaduan"),             # synonym
    ("ijin cerai", "Perceraian"),         # synonym + misspelling
    ("pengunduran diri", "Permintaan Sendiri"),  # stem: pengunduran ~ mengundurkan (undur)
    ("pengajuan cuti sakit", "Cuti Sakit"),
])
def test_colloquial_and_misspelled_queries(page, static_site_url, query, expected):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(static_site_url + "/")
    titles = search(page, query)
    assert any(expected.lower() in title.lower() for title in titles[:3]), titles


def site_words(built_site: Path) -> list[str]:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] + " " + doc.get("kata", "") for doc in index["docs"])
    return sorted(set(re.findall(r"[a-z]+", re.sub(r"<[^>]+>", " ", text).lower())))


def affixed_words(count: int = 3000) -> list[str]:
    """Words built from every prefix/suffix combination the algorithm distinguishes."""
    rng = random.Random(7)
    first = ["", "di", "ke", "me", "mem", "men", "meng", "meny", "pem", "pen", "peng", "peny", "ter"]
    second = ["", "be", "pe", "ber", "per", "bel", "pel"]
    roots = ["ajar", "lahir", "kerja", "sapu", "ambil", "isi", "baik", "kasi", "uang", "beri", "nyanyi",
             "yakin", "ulang", "olah", "rencana", "ikan", "lerang", "erat", "usul", "tahu"]
    suffixes = ["", "i", "an", "kan", "si"]
    endings = ["", "nya", "ku", "mu", "kah", "lah", "pun", "nyalah"]
    return sorted({rng.choice(first) + rng.choice(second) + rng.choice(roots) + rng.choice(suffixes)
                   + rng.choice(endings) for _ in range(count)})


@pytest.mark.browser
def test_javascript_stemmer_matches_snowball(page, static_site_url, built_site):
    """The worker's port of the Snowball Indonesian stemmer agrees with snowballstemmer."""
    import snowballstemmer

    reference = snowballstemmer.stemmer("indonesian")
    words = site_words(built_site) + affixed_words()
    page.goto(static_site_url + "/")
    page.add_script_tag(url=static_site_url + "/assets/javascripts/workers/stemmer-id.js")
    stems = page.evaluate("words => words.map(w => self.stemIndonesian(w))", words)
    different = [f"{w}: js {js!r}, snowball {reference.stemWord(w)!r}"
                 for w, js in zip(words, stems) if js != reference.stemWord(w)]
    assert not different, "\n".join(different[:50])
