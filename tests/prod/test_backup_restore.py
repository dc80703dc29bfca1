"""deploy/backup.sh and deploy/restore.sh: a database with submissions, attachments and
emails is dumped, restored into a fresh database, and found identical, row for row."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from formsvc import outbox
from formsvc.extensions import db

from .conftest import ROOT, PYTHON_BIN, formsvc_env
from .submissions import SUBMIT_PATH, leave_form
from .test_migrations import schema_differences

pytestmark = pytest.mark.postgres

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + bytes(range(256))


def client_tools() -> bool:
    return all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql"))


def snapshot(url: str) -> dict:
    """Every row of every table (and the migration version), in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            return {table: conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all() for table in tables}
    finally:
        engine.dispose()


def run(command: list[str], env: dict) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_backup_then_restore_into_a_fresh_database_gives_the_same_data(pg_database, make_app, smtp_server,
                                                                       tmp_path):
    if not client_tools():
        pytest.skip("PostgreSQL client tools (pg_dump, pg_restore, psql) not found: apt-get install postgresql-client")
    source = pg_database("formsvc_backup_source")
    app = make_app(SQLALCHEMY_DATABASE_URI=source)
    client = app.test_client()
    for n in range(3):
        data = leave_form(n)
        if n == 0:
            data["lampiran"] = (io.BytesIO(PDF), "surat keterangan.pdf", "application/pdf")
        response = client.post(SUBMIT_PATH, data=data, headers={"X-Requested-With": "fetch"},
                               content_type="multipart/form-data")
        assert response.status_code == 201, response.get_data(as_text=True)[:500]
    with app.app_context():
        outbox.drain()
        db.engine.dispose()
    assert len(smtp_server.wait_for(6)) == 6

    env = formsvc_env(source, smtp_server.port, ROOT / "site", BACKUP_KEEP_DAYS="30")
    env["PATH"] = f"{PYTHON_BIN}{os.pathsep}{env['PATH']}"
    backups = tmp_path / "backups"
    dump = Path(run(["bash", str(ROOT / "deploy/backup.sh"), str(backups)], env).strip())
    assert dump.parent == backups and dump.name.startswith("formsvc-") and dump.suffix == ".dump"
    assert oct(dump.stat().st_mode & 0o777) == "0o600"  # personal data: owner only

    target = pg_database("formsvc_backup_target", migrate=False)
    output = run(["bash", str(ROOT / "deploy/restore.sh"), str(dump), target], env)
    assert "restored: 3 submissions, 6 emails" in output

    before, after = snapshot(source), snapshot(target)
    assert set(after) == set(before)
    for table, rows in before.items():
        assert after[table] == rows, f"table {table} differs after the restore"
    assert [bytes(r.content) for r in after["attachment"]] == [PDF]
    assert schema_differences(target) == []

    # Restoring over a database that has data needs --replace: never by accident.
    refused = subprocess.run(["bash", str(ROOT / "deploy/restore.sh"), str(dump), target], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    assert refused.returncode != 0 and "--replace" in refused.stderr
    run(["bash", str(ROOT / "deploy/restore.sh"), str(dump), target, "--replace"], env)
    assert snapshot(target) == before
