"""Build hook: the site's own browser assets, served from the site's origin and fingerprinted.

- Mermaid is vendored, never loaded from a CDN. Material for MkDocs renders `pre.mermaid`
  blocks with the global `mermaid` and fetches it from unpkg.com when that global is missing;
  overrides/assets/javascripts/mermaid-loader.js defines the global as a small stub that loads
  the vendored copy in overrides/assets/javascripts/mermaid/ (no Node.js needed to build) the
  first time a page renders a diagram.
- netlify.toml caches /assets/* for a year as immutable, and our files (unlike the theme's)
  have no hash in their names: every URL of ours gets `?v=<hash of our assets>` instead, so a
  changed file is a new URL. main.html and the scripts pass the same `v` on to what they load.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
OWN_ASSETS = ROOT / "overrides" / "assets"


def asset_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(OWN_ASSETS.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(OWN_ASSETS).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _versioned(entry, version: str):
    path = str(entry)
    if "://" in path or "?" in path or not (OWN_ASSETS.parent / path).exists():
        return entry
    if isinstance(entry, str):
        return f"{path}?v={version}"
    entry.path = f"{path}?v={version}"
    return entry


def on_config(config):
    version = asset_version()
    config["extra"]["asset_version"] = version
    config["extra_css"] = [_versioned(entry, version) for entry in config["extra_css"]]
    config["extra_javascript"] = [_versioned(entry, version) for entry in config["extra_javascript"]]
    return config
