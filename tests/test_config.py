import pytest

from formsvc import create_app
from formsvc.config import ConfigError


def test_production_refuses_to_start_naming_every_missing_setting(monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "MAIL_SERVER", "HR_EMAIL", "FORMSVC_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.go.id")
    with pytest.raises(ConfigError) as error:
        create_app()
    message = str(error.value)
    assert "SECRET_KEY" in message and "DATABASE_URL" in message and "HR_EMAIL" in message
    assert "MAIL_SERVER" not in message


def test_production_starts_with_everything_set(monkeypatch, tmp_path):
    monkeypatch.setenv("FORMSVC_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db.internal/formsvc")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.go.id")
    monkeypatch.setenv("HR_EMAIL", "bkpsdm@example.go.id")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.internal/formsvc"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["MAIL_USE_TLS"] is True
    assert "dev" not in app.blueprints  # the local mailbox never exists in production
    assert "site" not in app.blueprints


def test_log_level_comes_from_the_environment(monkeypatch):
    import logging
    monkeypatch.setenv("FORMSVC_ENV", "development")
    monkeypatch.setenv("LOG_LEVEL", "warning")
    app = create_app()
    assert app.config["LOG_LEVEL"] == "WARNING"
    assert logging.getLogger("formsvc").level == logging.WARNING
    monkeypatch.setenv("LOG_LEVEL", "INFO")
    create_app()
    assert logging.getLogger("formsvc").level == logging.INFO


def test_development_runs_on_embedded_defaults(monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "MAIL_SERVER", "HR_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FORMSVC_ENV", "development")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/formsvc.sqlite3")
    assert app.config["MAIL_SERVER"] == "127.0.0.1"
