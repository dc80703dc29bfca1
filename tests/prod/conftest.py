"""Fixtures for production tests: databases of their own, real processes (gunicorn web
workers, `flask outbox run` senders), an SMTP server that misbehaves on request, and a
PostgreSQL server a test may stop and start.

Multi-process tests need PostgreSQL: they create their own databases on the server that
DATABASE_URL names and are skipped, with the reason, when it names none.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.pgcluster import ThrowawayPostgres, postgres_bin
from smtp_support import RecordingHandler, SmtpServer, free_port, parse  # noqa: F401  (free_port: for the tests)

ROOT = Path(__file__).resolve().parents[2]
PYTHON_BIN = Path(sys.executable).parent


# --------------------------------------------------------------------------- PostgreSQL

def server_url() -> str | None:
    """DATABASE_URL when it names PostgreSQL (psycopg 3 driver), else None."""
    from formsvc.config import normalise_database_url
    url = os.environ.get("DATABASE_URL", "")
    return normalise_database_url(url) if url.startswith("postgres") else None


requires_postgres = pytest.mark.skipif(
    server_url() is None,
    reason="needs PostgreSQL: DATABASE_URL does not name a PostgreSQL server (CI's second run sets it)")


def create_database(base_url: str, prefix: str) -> str:
    """CREATE DATABASE on the server of base_url; returns the new database's URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    parsed = make_url(url)
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    engine.dispose()


def bare_config(uri: str, **extra) -> dict:
    """Enough configuration for an app that only talks to the database."""
    return {"SKIP_ENVIRONMENT": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": uri,
            "SITE_DIR": "/nonexistent", "MAIL_DEFAULT_SENDER": "t <t@test>", "HR_EMAIL": "hr@test",
            "PUBLIC_BASE_URL": "http://localhost", "TRUSTED_ORIGINS": [], "PROXY_FIX": 0,
            "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_ENABLED": False, **extra}


def upgrade_to_heads(uri: str) -> None:
    """Create the schema the only way it is created: the migrations."""
    from flask_migrate import upgrade

    from formsvc import create_app
    from formsvc.extensions import db
    app = create_app(bare_config(uri))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        db.engine.dispose()


@pytest.fixture
def pg_database():
    """Factory: a fresh, migrated PostgreSQL database on DATABASE_URL's server, dropped after."""
    base = server_url()
    if base is None:
        pytest.skip("needs PostgreSQL: DATABASE_URL does not name a PostgreSQL server")
    created = []

    def factory(prefix: str = "formsvc_prod", migrate: bool = True) -> str:
        url = create_database(base, prefix)
        created.append(url)
        if migrate:
            upgrade_to_heads(url)
        return url

    yield factory
    for url in created:
        drop_database(url)


@pytest.fixture
def throwaway_postgres():
    """A PostgreSQL server of the test's own; skipped when the binaries are absent."""
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql")
    server = ThrowawayPostgres()
    server.init()
    server.start()
    yield server
    server.destroy()


# --------------------------------------------------------------------------- SMTP

class FaultySmtpHandler(RecordingHandler):
    """A recording handler that misbehaves on request:

    - delay: seconds to wait before answering DATA (a slow server)
    - temporary: substring of subject or recipient -> times to answer 451 before accepting
    - permanent: substring of subject or recipient -> answered 554 every time
    """

    def __init__(self):
        super().__init__()
        self.attempts: dict[str, int] = {}
        self.delay = 0.0
        self.temporary: dict[str, int] = {}
        self.permanent: set[str] = set()

    async def handle_DATA(self, server, session, envelope):
        message = parse(envelope)
        subject = str(message["Subject"])
        self.attempts[subject] = self.attempts.get(subject, 0) + 1
        if self.delay:
            await asyncio.sleep(self.delay)
        about = subject + " " + " ".join(envelope.rcpt_tos)
        if any(needle in about for needle in self.permanent):
            return "554 5.7.1 Message rejected"
        for needle, times in self.temporary.items():
            if needle in about and self.attempts[subject] <= times:
                return "451 4.3.0 Try again later"
        self.accept(envelope, message)
        return "250 Message accepted for delivery"


class FaultySmtpServer(SmtpServer):
    wait_seconds = 30.0

    def __init__(self):
        super().__init__(FaultySmtpHandler())


@pytest.fixture
def faulty_smtp():
    server = FaultySmtpServer()
    server.start()
    yield server
    server.stop()


# --------------------------------------------------------------------------- processes

def formsvc_env(database_url: str, smtp_port: int, site_dir: str | Path, **extra) -> dict:
    """The environment of a formsvc process as an operator would set it (testing mode:
    no TLS to the loopback SMTP server, no secure cookies over plain HTTP)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMSVC_", "MAIL_", "OUTBOX_"))}
    env.update({
        "FORMSVC_ENV": "testing",
        "SECRET_KEY": "prod-test-secret",
        "DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_USE_TLS": "false",
        "MAIL_DEFAULT_SENDER": "Layanan Kepegawaian <noreply@kepegawaian.test>",
        "HR_EMAIL": "hr@kepegawaian.test",
        "SITE_DIR": str(site_dir),
        "SERVE_SITE": "false",
        "OUTBOX_IN_PROCESS": "false",
        "RATELIMIT_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    })
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Process:
    """A child process whose output goes to a file (read back for log checks)."""

    def __init__(self, name: str, command: list[str], env: dict | None, log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "wb")
        self.popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log,
                                      stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 15.0) -> int | None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        self._log.close()
        return self.popen.returncode


class ProcessGroup:
    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.processes: list[Process] = []

    def start(self, name: str, command: list[str], env: dict | None) -> Process:
        process = Process(name, command, env, self.log_dir)
        self.processes.append(process)
        return process

    def gunicorn(self, name: str, env: dict, workers: int = 1, app: str = "formsvc.wsgi:app") -> str:
        """Start gunicorn with formsvc's configuration file; returns its base URL once healthy."""
        port = free_port()
        process = self.start(name, [str(PYTHON_BIN / "gunicorn"), "-c", str(ROOT / "formsvc/gunicorn.conf.py"),
                                    "-b", f"127.0.0.1:{port}", "-w", str(workers), app], env)
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/api/healthz", process)
        return url

    def sender(self, name: str, env: dict, poll: float = 0.2) -> Process:
        return self.start(name, [str(PYTHON_BIN / "flask"), "--app", "formsvc", "outbox", "run",
                                 "--poll", str(poll)], env)

    def output(self) -> str:
        return "\n".join(p.output() for p in self.processes)

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def wait_http(url: str, process: Process | None = None, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited:\n{process.output()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s"
                       + (f":\n{process.output()[-3000:]}" if process else ""))


@pytest.fixture
def processes(tmp_path):
    group = ProcessGroup(tmp_path)
    yield group
    group.stop_all()
