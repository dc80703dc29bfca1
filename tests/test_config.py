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


def development_app(monkeypatch, **variables):
    monkeypatch.setenv("FORMSVC_ENV", "development")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return create_app()


def test_survey_feedback_and_mail_settings_come_from_the_environment(monkeypatch):
    app = development_app(monkeypatch, SKM_POPULATION="1200", SURVEY_RATELIMIT="5 per minute",
                          FEEDBACK_RATELIMIT="7 per minute", MAIL_TIMEOUT="7.5")
    assert app.config["SKM_POPULATION"] == 1200
    assert app.config["SURVEY_RATELIMIT"] == "5 per minute"
    assert app.config["FEEDBACK_RATELIMIT"] == "7 per minute"
    assert app.config["MAIL_TIMEOUT"] == 7.5


def test_survey_feedback_and_mail_settings_have_defaults(monkeypatch):
    for name in ("SKM_POPULATION", "SURVEY_RATELIMIT", "FEEDBACK_RATELIMIT", "MAIL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    app = development_app(monkeypatch, SKM_POPULATION="")
    assert app.config["SKM_POPULATION"] is None
    assert app.config["SURVEY_RATELIMIT"] == "20 per minute;300 per hour"
    assert app.config["FEEDBACK_RATELIMIT"] == "30 per minute;300 per hour"
    assert app.config["MAIL_TIMEOUT"] == 20.0


@pytest.mark.parametrize("name, value, says", [
    ("SKM_POPULATION", "banyak", "SKM_POPULATION must be a whole number"),
    ("SKM_POPULATION", "0", "SKM_POPULATION must be at least 1"),
    ("MAIL_TIMEOUT", "lama", "MAIL_TIMEOUT must be a number of seconds"),
    ("MAIL_TIMEOUT", "0", "MAIL_TIMEOUT must be more than 0"),
])
def test_a_wrong_value_stops_the_start_naming_the_variable(monkeypatch, name, value, says):
    with pytest.raises(ConfigError, match=says):
        development_app(monkeypatch, **{name: value})


def test_the_survey_population_is_read_from_the_app_configuration_only(monkeypatch):
    """One path: the environment is read once, by formsvc/config.py, not again at report time."""
    from formsvc import skm
    monkeypatch.setenv("SKM_POPULATION", "50")
    bare = {"SKIP_ENVIRONMENT": True, "SECRET_KEY": "x", "SITE_DIR": "/nonexistent",
            "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_STORAGE_URI": "memory://"}
    with create_app(bare).app_context():
        assert skm.configured_population() is None
    with create_app({**bare, "SKM_POPULATION": 10}).app_context():
        assert skm.configured_population() == 10


class RecordingEnvironment(dict):
    """os.environ that remembers which variables were asked for."""

    def __init__(self, values):
        super().__init__(values)
        self.asked: set[str] = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)


def test_every_variable_formsvc_reads_is_in_env_example(monkeypatch, tmp_path):
    from pathlib import Path

    from formsvc import config
    environment = RecordingEnvironment({"FORMSVC_ENV": "production", "SECRET_KEY": "x", "DATABASE_URL": "sqlite://",
                                        "MAIL_SERVER": "smtp.test", "HR_EMAIL": "hr@test"})
    monkeypatch.setattr(config.os, "environ", environment)
    config.from_environment(str(tmp_path))
    example = (Path(config.ROOT) / ".env.example").read_text()
    missing = sorted(name for name in environment.asked if name not in example)
    assert not missing, f"read by formsvc/config.py but not explained in .env.example: {missing}"
