"""A real SMTP server on loopback for tests (aiosmtpd), shared by tests/conftest.py and
tests/prod/conftest.py. A plain module, not a conftest: import it as `smtp_support`
(pytest puts tests/ on sys.path for the conftest files there)."""
from __future__ import annotations

import email
import email.policy
import socket
import time

from aiosmtpd.controller import Controller


def free_port() -> int:
    # aiosmtpd's Controller cannot take port 0 (its start-up check connects to it): find one.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)


class RecordingHandler:
    """Keeps every message it accepted, parsed, and refuses recipients on request."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self.reject_codes: dict[str, str] = {}  # recipient -> "550 ..." to refuse it

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        for needle, answer in self.reject_codes.items():
            if needle in address:
                return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.accept(envelope, parse(envelope))
        return "250 Message accepted for delivery"

    def accept(self, envelope, message) -> None:
        self.envelopes.append(envelope)
        self.messages.append(message)


class SmtpServer:
    """An SMTP server on a free loopback port; start(), stop(), start() again on the same port."""

    wait_seconds = 10.0

    def __init__(self, handler: RecordingHandler | None = None):
        self.handler = handler or RecordingHandler()
        self.port = free_port()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        """Start (or restart, after stop(): a controller cannot be reused) on the same port."""
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float | None = None) -> list:
        """Wait until at least `count` messages arrived; return them."""
        deadline = time.monotonic() + (self.wait_seconds if timeout is None else timeout)
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.messages)

    def to(self, address: str):
        return [m for m in self.messages if address in (m.get("To") or "")]
