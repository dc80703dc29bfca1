"""Build hook: search that works the way employees type, in Bahasa Indonesia.

Lunr (Material's search) has no Indonesian: it matched only exact words and prefixes. The
work is split between build and browser:
- here, each page's search entry gets its front-matter `kata_kunci` (field `kata`, boosted
  like a second title) and the index config gets the site's synonyms (docs/_data/sinonim.yml);
- in the browser, overrides/assets/javascripts/workers/pencarian.js (a wrapper around
  Material's search worker, selected in overrides/main.html) stems the index and each query
  with a port of the Snowball Indonesian stemmer and expands synonyms and typos.
Stemming in the worker rather than here keeps the index that every first visit downloads
small, and guarantees that index and query are stemmed by the same code.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from formsvc import catalog  # noqa: E402

_keywords: dict[str, list[str]] = {}   # page URL -> kata_kunci


def on_pre_build(config):
    _keywords.clear()


def on_page_context(context, page, config, nav):
    words = page.meta.get("kata_kunci") or []
    if isinstance(words, list):
        _keywords[page.url] = [str(word).strip() for word in words if str(word).strip()]
    return context


def on_post_build(config):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.exists():  # search plugin disabled
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        words = _keywords.get(doc["location"])  # page entries only, not their sections
        if words:
            doc["kata"] = " ".join(words)
    index["config"]["sinonim"] = catalog.load_sinonim(config["docs_dir"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
