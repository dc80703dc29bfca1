"""Command-line entry points: `flask --app formsvc <group> <command>`."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Pengiriman email dari outbox.")


@outbox_cli.command("run")
@click.option("--once", is_flag=True, help="Kirim yang tertunda lalu berhenti.")
@click.option("--poll", type=float, default=None,
              help="Detik antara pemeriksaan antrean (bawaan: OUTBOX_POLL_SECONDS).")
def outbox_run(once: bool, poll: float | None):
    """Run an email sender (several may run at once against PostgreSQL).

    SIGTERM (systemctl stop) and Ctrl-C finish the email in hand, give the rest of the
    batch back to the queue and exit.
    """
    import logging
    import signal
    import threading

    from . import outbox
    if once:
        outbox.drain()
        return
    log = logging.getLogger("formsvc.outbox")
    stop = threading.Event()

    def _stop(signum, frame):
        outbox.stop_sender(stop)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    log.info("outbox sender started")
    outbox.run_forever(current_app._get_current_object(), stop, poll=poll)
    log.info("outbox sender stopped")


@outbox_cli.command("status")
def outbox_status():
    """Print how many emails are in each state (pending, sending, sent, failed)."""
    from sqlalchemy import func, select

    from .extensions import db
    from .models import OutboxMessage
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    counts = dict(rows)
    for status in ("pending", "sending", "sent", "failed"):
        click.echo(f"{status:8} {counts.get(status, 0)}")


@outbox_cli.command("requeue")
@click.option("--id", "ids", type=int, multiple=True, help="Hanya pesan dengan id ini (boleh berulang).")
def outbox_requeue(ids: tuple[int, ...]):
    """Send failed emails again (after fixing the cause, e.g. a wrong address or SMTP setting)."""
    from sqlalchemy import update

    from .extensions import db
    from .models import OutboxMessage, utcnow
    query = update(OutboxMessage).where(OutboxMessage.status == "failed")
    if ids:
        query = query.where(OutboxMessage.id.in_(ids))
    result = db.session.execute(query.values(status="pending", attempts=0, next_attempt_at=utcnow(),
                                             claimed_by=None, claimed_at=None))
    db.session.commit()
    click.echo(f"{result.rowcount} email dijadwalkan ulang.")


def init_app(app) -> None:
    from .hr.cli import hr_cli, retention_cli
    from .survey.cli import skm_cli

    app.cli.add_command(outbox_cli)
    app.cli.add_command(skm_cli)
    app.cli.add_command(hr_cli)
    app.cli.add_command(retention_cli)
