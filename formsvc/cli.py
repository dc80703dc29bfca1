"""Command-line entry points: `flask --app formsvc <group> <command>`."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Pengiriman email dari outbox.")


@outbox_cli.command("run")
@click.option("--once", is_flag=True, help="Kirim yang tertunda lalu berhenti.")
def outbox_run(once: bool):
    """Run an email sender (several may run at once against PostgreSQL)."""
    import threading

    from . import outbox
    if once:
        outbox.drain()
        return
    stop = threading.Event()
    try:
        outbox.run_forever(current_app._get_current_object(), stop)
    except KeyboardInterrupt:
        stop.set()


def init_app(app) -> None:
    from .hr.cli import hr_cli, retention_cli
    from .survey.cli import skm_cli

    app.cli.add_command(outbox_cli)
    app.cli.add_command(skm_cli)
    app.cli.add_command(hr_cli)
    app.cli.add_command(retention_cli)
