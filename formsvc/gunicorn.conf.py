"""gunicorn configuration for formsvc:

    gunicorn -c formsvc/gunicorn.conf.py formsvc.wsgi:app

Every setting can be changed from the environment (the systemd unit's EnvironmentFile);
command-line flags (-b, -w) override this file. Behind nginx, which buffers slow clients,
plain sync workers are the right choice: one request per process, no shared state.
"""
from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# nginx on the same host proxies to this address; never expose gunicorn directly.
bind = os.environ.get("FORMSVC_BIND", "127.0.0.1:8001")
# Each worker is a process with its own database pool. 2 x cores + 1 keeps the CPU busy
# while some workers wait for PostgreSQL; mind max_connections when scaling out.
workers = _int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A submission with attachments is well under a second; 30 s kills only a stuck worker.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (bounded memory over months of uptime), not all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# No preloading: each worker creates its own app, database pool and, when
# OUTBOX_IN_PROCESS is on, its own email sender thread (threads do not survive fork).
preload_app = False
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# X-Forwarded-* headers are trusted only from nginx on this host (PROXY_FIX=1 in formsvc).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

# Limits on what reaches Python at all (nginx enforces the body size).
limit_request_line = 4094
limit_request_fields = 100

proc_name = "formsvc-web"
# gunicorn's runtime control socket (gunicornc) is not needed under systemd, and several
# instances on one host would fight over its default path.
control_socket_disable = True

# gunicorn's access log would write client IPs and raw paths (status-page references) for
# every request: formsvc logs requests itself, as JSON, by route and without personal data.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "formsvc.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["stderr"]},
}


def worker_exit(server, worker):
    """A worker leaving (recycled, reloaded, stopped) first lets its in-process email sender
    (OUTBOX_IN_PROCESS) finish the email in hand and give the rest of its batch back, so
    that nothing waits out a 5-minute lease or is sent twice."""
    import sys
    wsgi = sys.modules.get("formsvc.wsgi")
    stop = getattr(wsgi, "app", None) and wsgi.app.extensions.get("outbox_stop")
    if stop is not None:
        stop.set()
