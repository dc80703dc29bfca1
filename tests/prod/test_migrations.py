"""Migrations are the only way the schema is created or changed: an empty database upgraded
to the heads must match the models exactly, on SQLite and on PostgreSQL."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from formsvc import create_app
from formsvc.extensions import db

from .conftest import PYTHON_BIN, ROOT, bare_config, formsvc_env, requires_postgres


def migration_app(uri: str):
    return create_app(bare_config(uri))


def schema_differences(uri: str) -> list:
    engine = create_engine(uri)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "compare_server_default": True,
                "render_as_batch": conn.dialect.name == "sqlite"})
            return compare_metadata(context, db.metadata)
    finally:
        engine.dispose()


def tables(uri: str) -> set[str]:
    engine = create_engine(uri)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def check_upgrade_matches_models(uri: str) -> None:
    app = migration_app(uri)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="heads")
        db.engine.dispose()
    assert tables(uri) == {t.name for t in db.metadata.sorted_tables} | {"alembic_version"}
    assert schema_differences(uri) == []

    # Every migration can be undone, and the schema rebuilt from nothing again.
    with app.app_context():
        downgrade(directory=directory, revision="base")
        db.engine.dispose()
    assert tables(uri) <= {"alembic_version"}
    with app.app_context():
        upgrade(directory=directory, revision="heads")
        db.engine.dispose()
    assert schema_differences(uri) == []


def test_sqlite_upgraded_from_empty_matches_the_models(tmp_path):
    check_upgrade_matches_models("sqlite:///" + str(tmp_path / "empty.sqlite3"))


@requires_postgres
def test_postgresql_upgraded_from_empty_matches_the_models(pg_database):
    check_upgrade_matches_models(pg_database("formsvc_migrations", migrate=False))


def test_the_schema_is_never_created_outside_the_migrations():
    """No create_all()/drop_all() in formsvc: a table made that way would have no migration."""
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "formsvc").rglob("*.py")
                 if "migrations" not in path.parts
                 and re.search(r"\b(create_all|drop_all)\s*\(", path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_migration_files_follow_the_team_numbering():
    versions = Path(ROOT / "formsvc/migrations/versions")
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision = ['\"]([^'\"]+)['\"]", source, re.M).group(1)
        assert re.fullmatch(r"\d{4}(_\w+)?", revision), f"{path.name}: revision id {revision!r}"
        assert path.name.startswith(revision.split("_")[0]), f"{path.name} does not start with its number"


@requires_postgres
def test_concurrent_upgrades_on_postgresql_wait_for_each_other(pg_database, tmp_path):
    """Web and sender units (or two hosts) starting together may all run `db upgrade`."""
    uri = pg_database("formsvc_migrate_race", migrate=False)
    env = formsvc_env(uri, smtp_port=9, site_dir=tmp_path)
    runs = [subprocess.Popen([str(PYTHON_BIN / "flask"), "--app", "formsvc", "db", "upgrade", "heads"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for _ in range(3)]
    outputs = [run.communicate(timeout=120)[0].decode(errors="replace") for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], "\n".join(outputs)
    assert schema_differences(uri) == []
