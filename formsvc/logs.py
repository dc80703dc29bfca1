"""JSON logs without personal data.

Requests are logged as method, route (not the raw path or query string, which may carry a
reference or a NIP), status and duration. Never log form values, emails, NIPs or IPs.
"""
from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

from flask import g, request


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        for key in ("method", "route", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info and record.exc_info[0]:
            # The exception's type and where it happened, never its message: database and
            # SMTP errors quote the values involved (names, NIPs, addresses).
            entry["error"] = record.exc_info[0].__name__
            entry["stack"] = [f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"
                              for frame in traceback.extract_tb(record.exc_info[2])[-8:]]
        return json.dumps(entry, ensure_ascii=False)


access_log = logging.getLogger("formsvc.access")


def init_app(app) -> None:
    root = logging.getLogger("formsvc")
    if not any(getattr(h, "_formsvc", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._formsvc = True
        root.addHandler(handler)
        root.propagate = False
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def _start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        started = g.get("request_started")
        route = request.url_rule.rule if request.url_rule else "<unmatched>"
        if started is not None and route != "/<path:path>":
            access_log.info("request", extra={
                "method": request.method, "route": route, "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
        return response
