"""Scaling out: two web processes and three email senders on one PostgreSQL; 300 leave
requests; every email arrives at the SMTP server exactly once."""
from __future__ import annotations

import collections
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from .conftest import formsvc_env, requires_postgres
from .submissions import emails_by_reference, leave_form, submit

pytestmark = [pytest.mark.slow, pytest.mark.postgres, requires_postgres]

SUBMISSIONS = 300


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
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: submit(webs[n % 2], n), range(SUBMISSIONS)))
    submitted = time.monotonic() - started
    assert [r.status for r in results if r.status != 201] == []
    references = [r.reference for r in results]
    assert len(set(references)) == SUBMISSIONS

    expected = 2 * SUBMISSIONS  # HR's notification and the applicant's acknowledgement
    faulty_smtp.wait_for(expected, timeout=90)
    time.sleep(1.0)  # a duplicate, if any sender double-sent, would arrive now
    received = list(faulty_smtp.messages)
    delivered = time.monotonic() - started

    duplicates = [mid for mid, n in collections.Counter(str(m["Message-ID"]) for m in received).items() if n > 1]
    assert duplicates == []
    emails = emails_by_reference(received)
    assert {(reference, who) for reference in references for who in ("hr", "applicant")} == set(emails)
    assert set(emails.values()) == {1}
    assert len(received) == expected

    rows = outbox_rows(uri)
    assert len(rows) == expected
    assert {row.status for row in rows} == {"sent"}
    assert {row.attempts for row in rows} == {1}
    senders = {row.claimed_by for row in rows}
    assert len(senders) >= 2, f"only {senders} did the work: the senders did not run concurrently"

    # What the five processes logged: JSON lines, none with the applicants' personal data.
    output = processes.output()
    for line in output.splitlines():
        if line.startswith("{"):
            json.loads(line)
    for n in range(0, SUBMISSIONS, 7):
        answers = leave_form(n)
        for key in ("nama", "nip", "email"):
            assert answers[key] not in output, f"{key} of submission {n} is in the logs"
    print(f"\n{SUBMISSIONS} submissions in {submitted:.1f} s; {expected} emails by {len(senders)} senders"
          f" after {delivered:.1f} s")
