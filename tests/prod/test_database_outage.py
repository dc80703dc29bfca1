"""PostgreSQL stopped and restarted under load: submissions made during the outage get a
clear 503 (never a success for data that was not stored), the load balancer sees 503 from
/api/healthz, and service resumes by itself, without restarting formsvc."""
from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, text

from .conftest import formsvc_env, upgrade_to_heads
from .submissions import SUBMIT_PATH, emails_by_reference, leave_form, multipart, submit

pytestmark = pytest.mark.slow

NOT_STORED = "Data Anda belum tersimpan"


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Load:
    """Submissions one after another from a thread, bounded in count, until stopped."""

    def __init__(self, base_url: str, limit: int = 600):
        self.base_url = base_url
        self.limit = limit
        self.results = []  # (monotonic time the request started, Result)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        for n in range(self.limit):
            if self.stop.is_set():
                return
            started = time.monotonic()
            self.results.append((started, submit(self.base_url, n, timeout=10)))
            time.sleep(0.02)

    def successes(self) -> int:
        return sum(1 for _, r in self.results if r.status == 201)

    def wait_for_successes(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while self.successes() < count:
            assert time.monotonic() < deadline, f"no recovery: {self.results[-3:]}"
            time.sleep(0.05)


def test_postgresql_restart_during_submissions(throwaway_postgres, faulty_smtp, processes, built_site):
    uri = throwaway_postgres.create_database("formsvc")
    upgrade_to_heads(uri)
    env = formsvc_env(uri, faulty_smtp.port, built_site)
    web = processes.gunicorn("web", env, workers=2)
    processes.sender("sender", env, poll=0.2)

    load = Load(web)
    load.thread.start()
    load.wait_for_successes(10)

    throwaway_postgres.stop("fast")
    stopped = time.monotonic()
    time.sleep(1.5)  # submissions keep coming while the database is down
    assert status_of(web + "/api/healthz") == 503
    page = submit_html(web, 9999)
    restarting = time.monotonic()
    throwaway_postgres.start()
    before = load.successes()
    load.wait_for_successes(before + 10)
    load.stop.set()
    load.thread.join(15)
    assert status_of(web + "/api/healthz") == 200

    # During the outage: a clear 503, as JSON for the page's script and as a page otherwise.
    # A request still in flight when `pg_ctl start` began may reach the restarted server and
    # be stored (201): it is not an outage request. The checks below still prove that every
    # 201, whenever it came, names a stored submission.
    outage = [r for t, r in load.results if stopped <= t and t + r.seconds < restarting]
    assert outage, "no submission was made while the database was down"
    assert {r.status for r in outage} == {503}
    assert all(NOT_STORED in r.body for r in outage)
    assert page.status == 503 and NOT_STORED in page.body and "<html" in page.body.lower()
    assert {r.status for _, r in load.results} <= {201, 503}

    # Never a success for data that was not stored; every stored request gets its emails once.
    engine = create_engine(uri)
    with engine.connect() as conn:
        stored = set(conn.execute(text("SELECT reference FROM submission")).scalars())
    engine.dispose()
    confirmed = {r.reference for _, r in load.results if r.status == 201}
    assert confirmed <= stored
    assert leave_form(9999)["nip"] not in str(stored)

    faulty_smtp.wait_for(2 * len(stored), timeout=30)
    time.sleep(0.5)
    emails = emails_by_reference(faulty_smtp.messages)
    assert set(emails) == {(reference, who) for reference in stored for who in ("hr", "applicant")}
    assert set(emails.values()) == {1}
    assert len(faulty_smtp.messages) == 2 * len(stored)

    # Service resumed without restarting formsvc: the same two workers served throughout.
    output = processes.output()
    assert output.count("Booting worker") == 2, output
    first = min(t + r.seconds for t, r in load.results if r.status == 201 and t >= restarting)
    print(f"\n{len(load.results)} submissions, {len(outage)} during the outage (all 503); "
          f"first success {first - restarting:.2f} s after `pg_ctl start`")


def submit_html(base_url: str, n: int):
    """A submission from a browser without JavaScript: expects a page, not JSON."""
    body, content_type = multipart(leave_form(n))
    request = urllib.request.Request(base_url + SUBMIT_PATH, data=body, method="POST",
                                     headers={"Content-Type": content_type, "Origin": base_url,
                                              "Accept": "text/html"})
    from .submissions import Result
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Result(response.status, response.read().decode(), 0.0)
    except urllib.error.HTTPError as error:
        return Result(error.code, error.read().decode(), 0.0)
