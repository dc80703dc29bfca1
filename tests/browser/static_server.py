"""The built site on a plain static HTTP server on loopback (no formsvc).

Like tests/conftest.py's `static_site_url`, plus server_close(): without it the listening
socket is left to the garbage collector, and its ResourceWarning fails the run (warnings are
errors in pytest.ini). The test modules that use it override `static_site_url` with it.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import threading
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
