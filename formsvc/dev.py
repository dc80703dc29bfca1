"""Local development: an SMTP sink that keeps every email as an .eml file, a mailbox page
to read them (only registered when DEV_MAILBOX_DIR is set, never in production), and the
`make run` entry point: `python -m formsvc.dev`."""
from __future__ import annotations

import email
import email.policy
import os
import re
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file

bp = Blueprint("dev", __name__, url_prefix="/api/dev")


class MaildirHandler:
    """aiosmtpd handler: write each received message to <directory>/<time>-<n>.eml."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{self.count:05d}.eml"
        (self.directory / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def _messages(directory: Path) -> list[tuple[str, email.message.EmailMessage]]:
    files = sorted(directory.glob("*.eml"), reverse=True)[:200]
    return [(f.name, email.message_from_bytes(f.read_bytes(), policy=email.policy.default)) for f in files]


@bp.get("/mailbox/")
def mailbox():
    directory = Path(current_app.config["DEV_MAILBOX_DIR"])
    return render_template("dev/mailbox.html", messages=_messages(directory) if directory.exists() else [])


@bp.get("/mailbox/<name>")
def message(name: str):
    if not re.fullmatch(r"[\w.-]+\.eml", name):
        abort(404)
    path = Path(current_app.config["DEV_MAILBOX_DIR"]) / name
    if not path.is_file():
        abort(404)
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = msg.get_body(preferencelist=("plain",))
    attachments = [part.get_filename() for part in msg.iter_attachments()]
    return render_template("dev/message.html", name=name, msg=msg,
                           text=text.get_content() if text else "", attachments=attachments)


@bp.get("/mailbox/<name>/raw")
def raw(name: str):
    if not re.fullmatch(r"[\w.-]+\.eml", name):
        abort(404)
    path = Path(current_app.config["DEV_MAILBOX_DIR"]) / name
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="text/plain; charset=utf-8")


def main() -> None:
    """`make run`: SMTP sink, migrations, in-process email sender and the web server."""
    from aiosmtpd.controller import Controller
    from flask_migrate import upgrade
    from werkzeug.serving import run_simple

    from . import create_app
    from .outbox import start_in_process_sender

    root = Path(__file__).resolve().parent.parent
    instance = root / "instance"
    mailbox_dir = instance / "mail"
    port = int(os.environ.get("PORT", "8000"))
    smtp_port = int(os.environ.get("SMTP_PORT", "8025"))
    os.environ.setdefault("FORMSVC_ENV", "development")
    os.environ.setdefault("DEV_MAILBOX_DIR", str(mailbox_dir))
    os.environ.setdefault("MAIL_PORT", str(smtp_port))
    os.environ.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    # A stable secret across restarts of the local run, kept out of the repository.
    secret_file = instance / "secret_key"
    instance.mkdir(exist_ok=True)
    if not secret_file.exists():
        secret_file.write_text(os.urandom(32).hex())
    os.environ.setdefault("SECRET_KEY", secret_file.read_text().strip())

    controller = Controller(MaildirHandler(mailbox_dir), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    app = create_app()
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
    start_in_process_sender(app)
    base = f"http://127.0.0.1:{port}"
    print(f"""
  Layanan Kepegawaian Kota Tebing Tinggi berjalan secara lokal:
    Situs           {base}/
    Back office     {base}/api/hr/
    Kotak surat     {base}/api/dev/mailbox/   (email terkirim, juga sebagai .eml di {mailbox_dir})
    SMTP lokal      127.0.0.1:{smtp_port}
  Tekan Ctrl-C untuk berhenti.
""", flush=True)
    try:
        run_simple("127.0.0.1", port, app, use_reloader=False, threaded=True)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
