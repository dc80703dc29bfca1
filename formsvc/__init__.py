"""formsvc: the form service of Layanan Kepegawaian Kota Tebing Tinggi.

Receives the request and feedback forms embedded in the documentation site, stores them,
emails HR and the applicant through an outbox, gives every submission a reference number
whose status anyone can follow, and runs HR's back office. Everything is served under /api/.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from . import config as config_module
from .extensions import csrf, db, limiter, mail, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def create_app(config: dict | None = None) -> Flask:
    """Application factory. `config` overrides the environment (tests pass their own)."""
    app = Flask(__name__, instance_relative_config=True, static_url_path="/api/static")
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config_module.DEFAULTS)
    if config is None or not config.get("SKIP_ENVIRONMENT"):
        app.config.from_mapping(config_module.from_environment(app.instance_path))
    if config:
        app.config.from_mapping(config)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from . import logs
    logs.init_app(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from . import errors, layout, proxy, security, templating
    proxy.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    app.extensions["shell"] = layout.load_shell(app.config["SITE_DIR"])
    app.after_request(security.set_security_headers)

    from . import blueprints
    blueprints.register(app)

    from . import cli
    cli.init_app(app)
    return app
