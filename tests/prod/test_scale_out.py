"""Scaling out: two web processes and three email senders on one PostgreSQL deliver every
email exactly once."""
from __future__ import annotations

import collections
import time

import pytest
from sqlalchemy import create_engine, text

from .conftest import PYTHON_BIN, ROOT, formsvc_env, requires_postgres

pytestmark = [pytest.mark.slow, pytest.mark.postgres, requires_postgres]

MESSAGES = 300


def outbox_rows(uri: str) -> list:
    engine = create_engine(uri)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT subject, status, attempts, claimed_by FROM outbox_message")).all()
    finally:
        engine.dispose()


def test_two_web_processes_and_three_senders_deliver_every_email_once(
        pg_database, faulty_smtp, processes, built_site):
    uri = pg_database("formsvc_scale")
    env = formsvc_env(uri, faulty_smtp.port, built_site)
    webs = [processes.gunicorn(f"web{n}", env, workers=1) for n in range(2)]
    for n in range(3):
        processes.sender(f"sender{n}", env, poll=0.2)

    started = time.monotonic()
    producers = [processes.start(f"producer{n}", [str(PYTHON_BIN / "python"),
                                                  str(ROOT / "tests/prod/scripts/enqueue_many.py"),
                                                  str(n * MESSAGES // 2), str(MESSAGES // 2)], env)
                 for n in range(2)]
    for producer in producers:
        assert producer.popen.wait(60) == 0, producer.output()

    received = faulty_smtp.wait_for(MESSAGES, timeout=60)
    time.sleep(1.0)  # a duplicate, if any sender double-sent, would arrive now
    received = list(faulty_smtp.messages)
    elapsed = time.monotonic() - started

    message_ids = collections.Counter(str(m["Message-ID"]) for m in received)
    subjects = collections.Counter(str(m["Subject"]) for m in received)
    assert [mid for mid, n in message_ids.items() if n > 1] == []
    assert sorted(subjects) == [f"Pesan {n:04d}" for n in range(MESSAGES)]
    assert len(received) == MESSAGES

    rows = outbox_rows(uri)
    assert {row.status for row in rows} == {"sent"}
    assert {row.attempts for row in rows} == {1}
    senders = {row.claimed_by for row in rows}
    assert len(senders) >= 2, f"only {senders} did the work: the senders did not run concurrently"
    print(f"\n{MESSAGES} emails, {len(senders)} senders, {elapsed:.1f} s; web processes {webs}")
