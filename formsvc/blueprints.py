"""Every blueprint, registered in one place. Each area of formsvc is one module."""
from __future__ import annotations


def register(app) -> None:
    from . import dev, feedback, health, hr, public, site, status, tanya_jawab
    from .survey import views as survey

    app.register_blueprint(health.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(status.bp)
    app.register_blueprint(survey.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(tanya_jawab.bp)
    app.register_blueprint(hr.bp)
    if app.config.get("DEV_MAILBOX_DIR"):
        app.register_blueprint(dev.bp)
    # The catch-all static site goes last so that /api/ routes always win.
    if app.config.get("SERVE_SITE"):
        app.register_blueprint(site.bp)
