"""Local run only: serve the built documentation site at / from the same process, so that
`make run` has the production topology (one origin; /api/ is formsvc)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("site", __name__)


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>")
def serve(path: str):
    if path.startswith("api/"):
        abort(404)
    root = Path(current_app.config["SITE_DIR"])
    target = root / path
    if path == "" or path.endswith("/") or target.is_dir():
        if target.is_dir() and path and not path.endswith("/"):
            from flask import redirect
            return redirect("/" + path + "/", 301)
        path = path + "index.html"
    response = send_from_directory(root, path, max_age=0)
    # Static pages: relax only what the theme needs, like Netlify's headers in production.
    response.headers["Cache-Control"] = "no-cache"
    return response
