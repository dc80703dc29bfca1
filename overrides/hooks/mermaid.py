"""Build hook: serve Mermaid from the site itself, never from a CDN.

Material for MkDocs renders `pre.mermaid` blocks with the global `mermaid`, and loads it from
unpkg.com when that global is missing. overrides/assets/javascripts/mermaid-loader.js defines
the global as a small stub that loads this vendored copy the first time a page renders a
diagram. The copy comes from the npm package pinned in package.json (`npm ci`).
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "mermaid"
TARGET = "assets/javascripts/mermaid"


def on_files(files, config):
    script = PACKAGE / "dist" / "mermaid.min.js"
    if not script.exists():
        raise PluginError(
            "Mermaid (diagram alur prosedur) belum terpasang: jalankan `npm ci` di folder proyek, "
            f"lalu ulangi build. Berkas yang dicari: {script}")
    files.append(File.generated(config, f"{TARGET}/mermaid.min.js", abs_src_path=str(script)))
    files.append(File.generated(config, f"{TARGET}/LICENSE.txt", abs_src_path=str(PACKAGE / "LICENSE")))
    return files
