"""formsvc/gunicorn.conf.py: what gunicorn will run with, and what the environment changes."""
from __future__ import annotations

import json
import logging.config
import runpy

from .conftest import ROOT

CONF = str(ROOT / "formsvc/gunicorn.conf.py")


def load(monkeypatch, **env) -> dict:
    for name in ("FORMSVC_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(CONF)


def test_defaults_are_safe_behind_nginx(monkeypatch):
    conf = load(monkeypatch)
    assert conf["bind"] == "127.0.0.1:8001"  # never listening on a public address by default
    assert conf["worker_class"] == "sync" and conf["workers"] >= 3
    assert conf["preload_app"] is False  # each worker its own pool and sender thread
    assert conf["accesslog"] is None  # gunicorn's access log would carry IPs and raw paths
    assert conf["timeout"] == 30 and conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert conf["control_socket_disable"] is True


def test_the_environment_file_can_change_what_matters(monkeypatch):
    conf = load(monkeypatch, FORMSVC_BIND="127.0.0.1:9000", WEB_CONCURRENCY="9", GUNICORN_THREADS="4",
                LOG_LEVEL="WARNING")
    assert (conf["bind"], conf["workers"], conf["threads"], conf["worker_class"]) == ("127.0.0.1:9000", 9, 4, "gthread")
    assert conf["logconfig_dict"]["loggers"]["gunicorn.error"]["level"] == "WARNING"


def test_gunicorn_logs_are_json_lines(monkeypatch, capsys):
    conf = load(monkeypatch)
    logging.config.dictConfig(conf["logconfig_dict"])
    try:
        logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 42)
        [line] = capsys.readouterr().err.strip().splitlines()
        entry = json.loads(line)
        assert entry["logger"] == "gunicorn.error" and entry["message"] == "Booting worker with pid: 42"
    finally:
        logging.getLogger("gunicorn.error").handlers.clear()
        logging.getLogger().handlers.clear()


def test_a_leaving_worker_stops_its_in_process_sender(monkeypatch, make_app):
    import sys
    import types

    from formsvc.outbox import start_in_process_sender
    app = make_app(OUTBOX_POLL_SECONDS=30)
    stop = start_in_process_sender(app)
    thread = app.extensions["outbox_thread"]
    monkeypatch.setitem(sys.modules, "formsvc.wsgi", types.SimpleNamespace(app=app))
    load(monkeypatch)["worker_exit"](None, None)
    assert stop.is_set() and not thread.is_alive()
