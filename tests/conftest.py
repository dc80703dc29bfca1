"""Shared test fixtures.

Browser tests use Debian's Chromium through Playwright (never a downloaded browser).
They are skipped with a clear reason when Chromium is missing, unless REQUIRE_BROWSER=1,
in which case a missing browser fails the run.
"""
from __future__ import annotations

import functools
import http.server
import itertools
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from smtp_support import SmtpServer, free_port  # shared with tests/prod/conftest.py

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    """Skip (or fail, with REQUIRE_BROWSER=1) tests marked `browser` when Chromium is missing."""
    if chromium_path():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            "REQUIRE_BROWSER=1 but Chromium was not found (install Debian's chromium or set CHROMIUM)")
    skip = pytest.mark.skip(reason="Chromium not found (/usr/bin/chromium or $CHROMIUM): browser test skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The documentation site, built once per test session with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def static_site_url(built_site):
    """The built site served by a plain static HTTP server on loopback (no formsvc)."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# --------------------------------------------------------------------------- formsvc

@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def database_url() -> str | None:
    url = os.environ.get("DATABASE_URL")
    return url if url and url.startswith("postgres") else None


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory) -> str:
    """One database per test session, upgraded to the head of the migrations.

    PostgreSQL when DATABASE_URL names it (CI runs the suite twice), else a SQLite file.
    """
    from flask_migrate import upgrade

    from formsvc import create_app
    from formsvc.config import normalise_database_url
    from formsvc.extensions import db

    url = database_url()
    if url:
        uri = normalise_database_url(url)
        app = create_app(app_config(uri, None))
        with app.app_context():
            with db.engine.begin() as conn:
                from sqlalchemy import text
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            db.engine.dispose()
    else:
        uri = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "formsvc.sqlite3")
        app = create_app(app_config(uri, None))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        db.engine.dispose()
    return uri


def app_config(uri: str, smtp_port: int | None, **extra) -> dict:
    return {
        "SKIP_ENVIRONMENT": True,
        "ENV_MODE": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": uri,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port or 9,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_SUPPRESS_SEND": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_DEFAULT_SENDER": "Layanan Kepegawaian <noreply@kepegawaian.test>",
        "MAIL_TIMEOUT": 5.0,
        "HR_EMAIL": "hr@kepegawaian.test",
        "HR_EMAIL_BY_FORM": {},
        "PUBLIC_BASE_URL": "http://localhost",
        "SITE_DIR": str(ROOT / "site"),
        "DOCS_DIR": str(ROOT / "docs"),
        "SERVE_SITE": False,
        "DEV_MAILBOX_DIR": None,
        "OUTBOX_IN_PROCESS": False,
        "OUTBOX_BACKOFF_BASE": 0.05,
        "OUTBOX_BACKOFF_MAX": 0.5,
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RETENTION_MONTHS": 24,
        "TRUSTED_ORIGINS": [],
        "PROXY_FIX": 0,
        **extra,
    }


def _empty_all_tables(db):
    from sqlalchemy import text
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def make_app(database_uri, smtp_server, built_site):
    """Factory for an app on the session database (emptied first) and the test SMTP server."""
    from formsvc import create_app
    from formsvc.extensions import db

    apps = []

    def factory(**extra):
        app = create_app(app_config(database_uri, smtp_server.port,
                                     SITE_DIR=str(built_site), **extra))
        apps.append(app)
        return app

    app = factory()
    with app.app_context():
        _empty_all_tables(db)
    yield factory
    for app in apps:
        stop = app.extensions.get("outbox_stop")
        if stop:
            stop.set()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class _TrackedBody:
    """A response body that reports when the request is done: once the body has been produced
    (a streamed body runs app code until then) or closed, whichever comes first. Not only at
    the server's close(): after a response, werkzeug may wait for the client's next bytes on a
    kept-alive connection before closing the body."""

    def __init__(self, body, done):
        self.body = body
        self.done = done
        self.finished = False

    def __iter__(self):
        try:
            yield from self.body
        finally:
            self.close()

    def close(self):
        if self.finished:
            return
        self.finished = True
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.done()


class LiveServer:
    """formsvc on a free loopback port, serving the built site at / and /api/, with the
    in-process email sender, like `make run`.

    stop() returns only when nothing of the app holds a database connection any more: the
    requests in flight have finished (a keep-alive connection's next request is refused
    without reaching the app) and the sender thread has ended. make_app disposes of the
    engine after that; a connection still checked out then would be closed only by the
    garbage collector, with a ResourceWarning (an error under -W error) in a later test.
    """

    def __init__(self, app, timeout: float = 30.0):
        from werkzeug.serving import make_server

        self.app = app
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Condition()
        self._in_flight: dict[int, str] = {}  # number -> "METHOD /path", for the error message
        self._numbers = itertools.count()
        self._closing = False
        self._server = make_server("127.0.0.1", self.port, self._wsgi, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def start(self) -> LiveServer:
        from formsvc.outbox import start_in_process_sender

        self.app.config["PUBLIC_BASE_URL"] = self.url
        start_in_process_sender(self.app)
        self._thread.start()
        return self

    def _wsgi(self, environ, start_response):
        with self._lock:
            if self._closing:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Connection", "close")])
                return [b"test server stopping"]
            key = next(self._numbers)
            self._in_flight[key] = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO')}"
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._request_done(key)
            raise
        return _TrackedBody(body, functools.partial(self._request_done, key))

    def _request_done(self, key: int):
        with self._lock:
            self._in_flight.pop(key, None)
            self._lock.notify_all()

    def stop(self) -> None:
        """Stop serving, wait for the requests in flight, stop and join the sender."""
        from formsvc.outbox import stop_sender

        if self._closing:
            return
        with self._lock:
            self._closing = True
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            if not self._lock.wait_for(lambda: not self._in_flight, self.timeout):
                raise RuntimeError(f"live server: requests still running after {self.timeout} s: "
                                   + ", ".join(self._in_flight.values()))
        stop_sender(self.app.extensions["outbox_stop"], self.app.extensions["outbox_thread"], self.timeout)
        if self.app.extensions["outbox_thread"].is_alive():
            raise RuntimeError(f"live server: the in-process email sender did not stop within {self.timeout} s")


@pytest.fixture
def live_server(make_app):
    """A LiveServer (.url, .app), stopped before make_app disposes of the database engine."""
    server = LiveServer(make_app(SERVE_SITE=True, OUTBOX_POLL_SECONDS=0.2)).start()
    yield server
    server.stop()
