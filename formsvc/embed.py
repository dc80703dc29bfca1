"""What the `{{ formulir <id> }}` directive of the docs pages can embed.

The site build (overrides/hooks/formulir.py) replaces each directive line with the HTML that
formsvc's own templates render, so a form looks and behaves the same in a docs page and at its
own URL (/api/forms/<id>/). Rendering needs no database: a small Flask app with formsvc's
templates and filters, pointed at the docs being built.

EMBEDDABLE maps an id to a function(EmbedContext) -> HTML, called inside that app's context.
Another area adds its own embed by decorating a function with `@embeddable("<id>")` in its
module and listing that module in PROVIDERS, e.g. the survey:

    # formsvc/survey.py
    from .embed import embeddable
    @embeddable("survei")
    def render_survey_embed(context): return render_template("survey/_form.html", ...)

An id missing from the registry fails the build, naming the page.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, render_template

# Modules that register embeds of other areas (imported before the registry is used).
PROVIDERS: list[str] = ["formsvc.survey.embed"]

EMBEDDABLE: dict[str, Callable[["EmbedContext"], str]] = {}


@dataclass
class EmbedContext:
    """The docs page a directive is on."""

    src_path: str                   # "layanan/cuti/cuti-tahunan.md"
    docs_dir: Path
    services: dict = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The page's service slug, "layanan/cuti/cuti-tahunan"."""
        return self.src_path[:-3] if self.src_path.endswith(".md") else self.src_path

    @property
    def url(self) -> str:
        slug = self.slug
        if slug == "index":
            return "/"
        if slug.endswith("/index"):
            slug = slug[: -len("/index")]
        return f"/{slug}/"


def embeddable(form_id: str):
    def register(function: Callable[[EmbedContext], str]):
        EMBEDDABLE[form_id] = function
        return function
    return register


_providers_loaded = False


def registry() -> dict[str, Callable[[EmbedContext], str]]:
    global _providers_loaded
    if not _providers_loaded:
        for name in PROVIDERS:
            importlib.import_module(name)
        _providers_loaded = True
    return EMBEDDABLE


# --------------------------------------------------------------------------- rendering

def build_app(docs_dir: str | Path) -> Flask:
    """A Flask app that can render formsvc's templates without a database or a built site."""
    from . import config as config_module
    from . import layout, templating

    app = Flask("formsvc", root_path=str(Path(__file__).resolve().parent))
    app.config.from_mapping(config_module.DEFAULTS)
    app.config.update(
        SECRET_KEY="build-time",  # nothing is signed at build time
        DOCS_DIR=str(docs_dir),
        PUBLIC_BASE_URL=os.environ.get("PUBLIC_BASE_URL", "").rstrip("/"),
        RETENTION_MONTHS=int(os.environ.get("RETENTION_MONTHS") or 24),
    )
    app.extensions["shell"] = layout.FALLBACK
    templating.init_app(app)
    from .forms import rendering
    rendering.init_jinja(app)
    return app


class Renderer:
    """Renders directives for one site build."""

    def __init__(self, docs_dir: str | Path):
        from .forms import services as catalog_view
        self.docs_dir = Path(docs_dir)
        self.app = build_app(self.docs_dir)
        self.services = catalog_view.load_services(self.docs_dir)

    def render(self, form_id: str, src_path: str, number: int = 1) -> str:
        """The embed's HTML. The first one of a page is the target of the Standar Pelayanan
        block's "Ajukan secara online" button (#formulir)."""
        function = registry()[form_id]
        context = EmbedContext(src_path=src_path, docs_dir=self.docs_dir, services=self.services)
        with self.app.test_request_context("/"):
            html = function(context)
        anchor = "formulir" if number == 1 else f"formulir-{number}"
        return (f'<div class="formsvc-embed" id="{anchor}" data-formsvc-embed="{form_id}" data-search-exclude>\n'
                f"{html}\n</div>")


# --------------------------------------------------------------------------- formsvc's own embeds

def _render_request_form(form_id: str, context: EmbedContext, **preset) -> str:
    from .forms import FORMS
    from .public import form_context

    form = FORMS[form_id](data={k: v for k, v in preset.items() if v} or None)
    form.kembali.data = context.url
    return render_template(form.template, **form_context(form, standalone=False))


@embeddable("cuti")
def render_leave(context: EmbedContext) -> str:
    from .forms.services import LEAVE_SERVICES, PPPK_LEAVE_PAGE
    by_page = {slug: kind for kind, slug in LEAVE_SERVICES.items()}
    status = "PPPK" if context.slug == PPPK_LEAVE_PAGE else None
    return _render_request_form("cuti", context, jenis=by_page.get(context.slug), status=status)


@embeddable("izin")
def render_permission(context: EmbedContext) -> str:
    return _render_request_form("izin", context)


@embeddable("layanan")
def render_service_request(context: EmbedContext) -> str:
    from .forms.services import requestable_services
    offered = {s.slug for s in requestable_services(context.services)}
    return _render_request_form("layanan", context, layanan=context.slug if context.slug in offered else None)


@embeddable("pelatihan")
def render_training(context: EmbedContext) -> str:
    return _render_request_form("pelatihan", context)


@embeddable("saran")
def render_suggestion(context: EmbedContext) -> str:
    return _render_request_form("saran", context,
                                layanan=context.slug if context.slug in context.services else None)


@embeddable("status")
def render_status(context: EmbedContext) -> str:
    from .forms import StatusLookupForm
    from .public import form_context
    form = StatusLookupForm()
    return render_template("forms/status.html", **form_context(form, standalone=False))


@embeddable("survei")
def render_survey_link(context: EmbedContext) -> str:
    """Stand-in until the survey area registers its own embed (it replaces this entry)."""
    return render_template("forms/_survey_link.html")
