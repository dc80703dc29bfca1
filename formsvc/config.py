"""Configuration from the environment.

Development (FORMSVC_ENV=development, what `make run` uses) runs on embedded defaults: a
SQLite file under instance/, a local SMTP sink on 127.0.0.1:8025, a generated secret key.
Production (the default when FORMSVC_ENV is unset) refuses to start without the settings it
needs, naming each missing variable.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL", "MAIL_SERVER", "HR_EMAIL")


class ConfigError(RuntimeError):
    pass


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from exc


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        number = float(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number of seconds, got {value!r}") from exc
    if number <= 0:
        raise ConfigError(f"{name} must be more than 0, got {value!r}")
    return number


def _optional_count(name: str) -> int | None:
    """A whole number of at least 1, or None when the variable is unset or empty."""
    if os.environ.get(name) in (None, ""):
        return None
    number = _int(name, 0)
    if number < 1:
        raise ConfigError(f"{name} must be at least 1, got {number}")
    return number


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping from environment variables."""
    env = os.environ
    mode = env.get("FORMSVC_ENV", "production").strip().lower()
    if mode not in {"production", "development", "testing"}:
        raise ConfigError(f"FORMSVC_ENV must be production, development or testing, got {mode!r}")
    development = mode != "production"

    if not development:
        missing = [name for name in REQUIRED_IN_PRODUCTION if not env.get(name)]
        if missing:
            raise ConfigError(
                "formsvc refuses to start in production without: " + ", ".join(missing)
                + ". Set them in the environment (see .env.example), or set"
                " FORMSVC_ENV=development for a local run.")

    default_db = "sqlite:///" + str(Path(instance_path) / "formsvc.sqlite3")
    hr_email = env.get("HR_EMAIL", "kepegawaian@localhost")
    return {
        "ENV_MODE": mode,
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(env.get("DATABASE_URL") or default_db),
        "MAIL_SERVER": env.get("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": _int("MAIL_PORT", 8025 if development else 587),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS"), default=not development),
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL"), default=False),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "Layanan Kepegawaian <noreply@localhost>"),
        # Seconds an SMTP connection may wait for the server before the sender gives up and retries.
        "MAIL_TIMEOUT": _float("MAIL_TIMEOUT", DEFAULTS["MAIL_TIMEOUT"]),
        "HR_EMAIL": hr_email,
        # Per-form HR recipients: HR_EMAIL_CUTI, HR_EMAIL_IZIN, ... (comma-separated), else HR_EMAIL.
        "HR_EMAIL_BY_FORM": {
            key[len("HR_EMAIL_"):].lower(): value
            for key, value in env.items() if key.startswith("HR_EMAIL_") and value
        },
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        "SITE_DIR": env.get("SITE_DIR", str(ROOT / "site")),
        "DOCS_DIR": env.get("DOCS_DIR", str(ROOT / "docs")),
        "SERVE_SITE": _bool(env.get("SERVE_SITE"), default=development),
        "DEV_MAILBOX_DIR": env.get("DEV_MAILBOX_DIR") if development else None,
        "OUTBOX_IN_PROCESS": _bool(env.get("OUTBOX_IN_PROCESS"), default=development),
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), default=not development),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), default=True),
        "RETENTION_MONTHS": _int("RETENTION_MONTHS", 24),
        # Per client IP. A whole office behind one NAT address may need more.
        **{name: env.get(name) or DEFAULTS[name] for name in RATE_LIMITS},
        # Recipients of the services in one SKM period: sets the survey's minimum sample
        # (Krejcie & Morgan). Unset: judged against a large population (384 respondents).
        "SKM_POPULATION": _optional_count("SKM_POPULATION"),
        "TRUSTED_ORIGINS": [o.strip().rstrip("/") for o in env.get("TRUSTED_ORIGINS", "").split(",") if o.strip()],
        "PROXY_FIX": _int("PROXY_FIX", 0),
        # Netlify's signed proxy redirects: refuse requests that did not come through the proxy.
        "NETLIFY_SIGNATURE_SECRET": env.get("NETLIFY_SIGNATURE_SECRET") or None,
        "LOG_LEVEL": (env.get("LOG_LEVEL") or "INFO").upper(),
    }


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# Flask-Limiter strings per client IP, read from the environment under the same names.
RATE_LIMITS = ("FORMS_RATE_LIMIT", "FORMS_LOOKUP_RATE_LIMIT", "STATUS_RATE_LIMIT", "SURVEY_RATELIMIT",
               "FEEDBACK_RATELIMIT")

# Values that hold whether or not the environment is read (tests skip it); from_environment
# overrides those it reads.
DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "formsvc_session",
    "SESSION_COOKIE_PATH": "/api/",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    # Whole request body: 5 attachments of 2 MB plus the form fields.
    "MAX_CONTENT_LENGTH": 11 * 1024 * 1024,
    "MAX_ATTACHMENT_BYTES": 2 * 1024 * 1024,
    "MAX_ATTACHMENTS": 5,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "OUTBOX_BATCH": 20,
    "OUTBOX_POLL_SECONDS": 5.0,
    "OUTBOX_BACKOFF_BASE": 30.0,
    "OUTBOX_BACKOFF_MAX": 3600.0,
    "OUTBOX_MAX_ATTEMPTS": 12,
    "OUTBOX_LEASE_SECONDS": 300.0,
    "MAIL_TIMEOUT": 20.0,
    "FORMS_RATE_LIMIT": "10 per minute;60 per hour",
    "FORMS_LOOKUP_RATE_LIMIT": "120 per minute",
    "STATUS_RATE_LIMIT": "10 per minute;50 per hour",
    # An office behind one address may send many surveys in a survey week.
    "SURVEY_RATELIMIT": "20 per minute;300 per hour",
    "FEEDBACK_RATELIMIT": "30 per minute;300 per hour",
    "SKM_POPULATION": None,
    # An XLSX export is built in memory: a longer list is cut (and HR is told); CSV streams all.
    "EXPORT_XLSX_MAX_ROWS": 50_000,
    "OFFICE_NAME": "BKPSDM Kota Tebing Tinggi",
    "SITE_NAME": "Layanan Kepegawaian Kota Tebing Tinggi",
    "TIMEZONE": "Asia/Jakarta",
}
