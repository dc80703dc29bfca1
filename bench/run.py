"""`make bench`: leave-request submissions through gunicorn on loopback, beside a bare
Flask endpoint on the same server, for SQLite and for PostgreSQL (fsync on: durable
commits), with the SMTP server up and then down.

    python -m bench.run [--duration 10] [--connections 32] [--backends sqlite,postgresql]

Everything runs on 127.0.0.1 and stops by itself: each load run is bounded by --duration.
Prints a table and writes instance/bench/latest.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from .pgcluster import ThrowawayPostgres, free_port, postgres_bin

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "instance" / "bench"  # ignored by git: results are copied into BENCHMARKS.md by hand
FEW_CLIENTS = 4  # the low-concurrency latency run


class CountingHandler:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


class SmtpSink:
    def __init__(self):
        self.handler = CountingHandler()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


def leave_dates() -> tuple[str, str]:
    today = date.today()
    monday = today + timedelta(days=21 + (7 - today.weekday()) % 7)
    return monday.isoformat(), (monday + timedelta(days=2)).isoformat()


def environment(database_url: str, smtp_port: int, site_dir: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMSVC_", "MAIL_", "OUTBOX_"))}
    env.update({
        # Production mode, as deployed; only what loopback needs differs (no TLS to the
        # local SMTP sink) and rate limits are off (one client address sends everything).
        "FORMSVC_ENV": "production",
        "SECRET_KEY": "bench-" + "x" * 40,
        "DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_USE_TLS": "false",
        "HR_EMAIL": "hr@example.com",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SITE_DIR": str(site_dir),
        "OUTBOX_IN_PROCESS": "false",
        "RATELIMIT_ENABLED": "false",
        "SESSION_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    })
    return env


def wait_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def wrk(url: str, script: str, args: list[str], duration: int, connections: int, threads: int) -> dict:
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / script), url, "--", *args]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60).stdout
    line = next(l for l in output.splitlines() if l.startswith("BENCH "))
    result = json.loads(line[len("BENCH "):])
    seconds = result["duration_us"] / 1e6
    ok = result["requests"] - result["non_2xx"]
    return {"requests": result["requests"], "ok": ok, "errors": result["non_2xx"] + result["socket_errors"],
            "per_second": round(ok / seconds, 1), "p50_ms": result["p50_us"] / 1000,
            "p90_ms": result["p90_us"] / 1000, "p99_ms": result["p99_us"] / 1000, "max_ms": result["max_us"] / 1000}


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(roots: list[int]) -> float:
    """CPU time (user + system) used so far by these processes and all their descendants,
    including descendants that have exited and been waited for (cutime, cstime): gunicorn
    replaces a worker after max_requests, PostgreSQL ends a backend with its connection."""
    parents, used = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = sum(int(value) for value in fields[11:15]) / TICKS
    wanted, frontier = set(roots), list(roots)
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in wanted:
                wanted.add(child)
                frontier.append(child)
    return sum(used.get(pid, 0.0) for pid in wanted)


def one_submission(base: str) -> None:
    """A single request first: a wrong setup fails here, with the answer, not as 0/s."""
    sys.path.insert(0, str(ROOT / "tests"))
    from prod.submissions import submit
    result = submit(base, 999999)
    if result.status != 201:
        raise RuntimeError(f"a test submission was answered {result.status}: {result.body[:500]}")


def count_submissions(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM submission")).scalar_one()
    finally:
        engine.dispose()


def bench_backend(name: str, database_url: str, site_dir: Path, options, log_dir: Path,
                  db_pids: list[int] = ()) -> dict:
    smtp = SmtpSink()
    smtp.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment(database_url, smtp.port, site_dir, port)
    subprocess.run([str(BIN / "flask"), "--app", "formsvc", "db", "upgrade", "heads"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    processes = []

    def start(label, command):
        log = open(log_dir / f"{name}-{label}.log", "wb")
        processes.append((subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                           start_new_session=True), log))

    start("web", [str(BIN / "gunicorn"), "-c", str(ROOT / "formsvc/gunicorn.conf.py"), "-b", f"127.0.0.1:{port}",
                  "bench.app:application"])
    start("sender", [str(BIN / "flask"), "--app", "formsvc", "outbox", "run", "--poll", "1"])
    start_date, end_date = leave_dates()
    runs = {}
    try:
        wait_http(base + "/api/healthz")
        one_submission(base)
        load = dict(duration=options.duration, connections=options.connections, threads=options.threads)
        # Warm every worker up (imports, templates, catalogue, pools) before measuring.
        wrk(base + "/api/forms/cuti/", "submit.lua", [base, start_date, end_date, "warm"],
            **{**load, "duration": 3})
        wrk(base + "/bare/", "get.lua", [], **{**load, "duration": 2})
        before = count_submissions(database_url)
        # The server's CPU time per request (gunicorn workers and PostgreSQL; the sender is
        # counted apart) does not depend on what else the machine is doing, unlike req/s.
        server = [processes[0][0].pid, *db_pids]
        sender = [processes[1][0].pid]

        def measured(key, url, script, args, **overrides):
            cpu, cpu_sender = cpu_seconds(server), cpu_seconds(sender)
            run = wrk(url, script, args, **{**load, **overrides})
            run["server_cpu_ms_per_request"] = round(1000 * (cpu_seconds(server) - cpu) / max(run["requests"], 1), 2)
            run["sender_cpu_s"] = round(cpu_seconds(sender) - cpu_sender, 2)
            runs[key] = run

        measured("bare", base + "/bare/", "get.lua", [])
        measured("healthz", base + "/api/healthz", "get.lua", [])
        measured("submit", base + "/api/forms/cuti/", "submit.lua", [base, start_date, end_date, "up"])
        # The latency one person sees when a few others submit at the same moment (an office's
        # busiest minute is far below this), beside the 32-client saturation figure.
        measured("submit_few", base + "/api/forms/cuti/", "submit.lua", [base, start_date, end_date, "few"],
                 connections=FEW_CLIENTS, threads=min(options.threads, FEW_CLIENTS))
        sent_during = smtp.handler.count
        smtp.stop()
        measured("submit_smtp_down", base + "/api/forms/cuti/", "submit.lua", [base, start_date, end_date, "down"])
        stored = count_submissions(database_url) - before
        confirmed = runs["submit"]["ok"] + runs["submit_few"]["ok"] + runs["submit_smtp_down"]["ok"]
        runs["check"] = {"confirmed": confirmed, "stored": stored, "emails_sent_during_run": sent_during}
        # More may be stored than confirmed (requests still in flight when wrk stopped
        # counting), never fewer: a confirmation always means the data was committed.
        if stored < confirmed:
            raise RuntimeError(f"{confirmed} submissions confirmed but only {stored} stored")
    finally:
        for process, log in processes:
            process.send_signal(signal.SIGTERM)
        for process, log in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()
        smtp.stop()
    return runs


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?")
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": memory, "kernel": platform.release(),
            "python": platform.python_version(), "load_average_before": os.getloadavg()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk not found: install it with `apt-get install -y wrk`", file=sys.stderr)
        return 2
    site_dir = ROOT / "site"
    if not (site_dir / "404.html").exists():
        print("site/ not built: run `make build` first", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="formsvc-bench-"))
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "options": vars(options), "backends": {},
              "web_workers": int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)}
    for backend in options.backends.split(","):
        print(f"== {backend}", flush=True)
        if backend == "sqlite":
            url = f"sqlite:///{work}/bench.sqlite3"
            report["backends"]["sqlite"] = bench_backend("sqlite", url, site_dir, options, work)
        elif backend == "postgresql":
            if postgres_bin() is None:
                print("   skipped: PostgreSQL server binaries not found (apt-get install -y postgresql)")
                continue
            server = ThrowawayPostgres(fsync=True)  # durable commits, as in production
            try:
                server.init()
                server.start()
                url = server.create_database("formsvc_bench")
                postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
                report["backends"]["postgresql"] = bench_backend("postgresql", url, site_dir, options, work,
                                                                 db_pids=[postmaster])
            finally:
                server.destroy()
    report["machine"]["load_average_after"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def print_table(report: dict) -> None:
    m = report["machine"]
    print(f"\n{m['cpus']} CPUs ({m['cpu']}), {m['memory']}; load average before {m['load_average_before'][0]:.2f}, "
          f"after {m['load_average_after'][0]:.2f}")
    o = report["options"]
    print(f"{o['connections']} concurrent clients, {o['duration']} s per run; gunicorn with formsvc/gunicorn.conf.py, "
          f"{report['web_workers']} sync workers; one `flask outbox run` sender beside it\n")
    cores = m["cpus"]
    print(f"{'backend':<11} {'endpoint':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs bare':>8}"
          f" {'CPU ms/req':>10} {'CPU-bound req/s':>16} {'vs bare':>8}")
    for backend, runs in report["backends"].items():
        bare = runs["bare"]["per_second"]
        bare_cpu = runs["bare"]["server_cpu_ms_per_request"]
        for key, label in (("bare", "bare Flask GET"), ("healthz", "GET /api/healthz"),
                           ("submit", "leave request (SMTP up)"),
                           ("submit_few", f"leave request, {FEW_CLIENTS} clients"),
                           ("submit_smtp_down", "leave request (SMTP down)")):
            run = runs.get(key)
            if run is None:
                continue
            cpu = run["server_cpu_ms_per_request"]
            print(f"{backend:<11} {label:<26} {run['per_second']:>8.1f} {run['p50_ms']:>8.1f} {run['p99_ms']:>8.1f} "
                  f"{run['errors']:>7} {100 * run['per_second'] / bare:>7.1f}% {cpu:>10.2f} "
                  f"{1000 * cores / cpu if cpu else 0:>16.0f} {100 * bare_cpu / cpu if cpu else 0:>7.1f}%")
        check = runs["check"]
        print(f"{'':<11} stored {check['stored']} >= confirmed {check['confirmed']}; "
              f"{check['emails_sent_during_run']} emails sent during the SMTP-up run "
              f"(sender CPU {runs['submit']['sender_cpu_s']} s)")
    print("\nCPU ms/req: the server's CPU time (gunicorn workers + PostgreSQL) per request; CPU-bound req/s ="
          f" {cores} cores / CPU ms/req: what an otherwise idle machine could do.")


if __name__ == "__main__":
    sys.exit(main())
