"""Fixtures for the browser tests of the documentation site."""
from __future__ import annotations

import functools
import http.server
import socket
import threading

import pytest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def static_site_url(built_site):
    """The built site on a plain static HTTP server on loopback (no formsvc).

    Same as tests/conftest.py's fixture, plus server_close(): without it the listening socket
    is left for the garbage collector, and the ResourceWarning fails the run (warnings are
    errors in pytest.ini).
    """
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
