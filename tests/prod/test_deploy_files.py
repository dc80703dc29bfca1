"""The samples in deploy/ are well-formed and agree with the code and DEPLOYMENT.md."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import ROOT

DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("formsvc-*"))


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_units_parse(tmp_path):
    paths = []
    for unit in UNITS:
        name = unit.name.replace("@.service", "@1.service")
        (tmp_path / name).write_text(unit.read_text())
        paths.append(str(tmp_path / name))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *paths], capture_output=True, text=True)
    # The release is not installed under /srv here: only missing programs may be reported.
    problems = [line for line in result.stderr.splitlines()
                if line.strip() and "is not executable" not in line and "No such file" not in line]
    assert problems == []


def test_units_run_what_the_repository_has():
    text = "\n".join(unit.read_text() for unit in UNITS)
    assert "gunicorn -c formsvc/gunicorn.conf.py formsvc.wsgi:app" in text
    assert "flask --app formsvc outbox run" in text
    assert "flask --app formsvc db upgrade heads" in text
    assert (ROOT / "formsvc/gunicorn.conf.py").exists()
    for script in re.findall(r"/srv/kepegawaian/app/(deploy/\S+)", text):
        assert (ROOT / script).exists(), script
    # Every unit reads the one environment file the guide tells IT to write.
    guide = (ROOT / "DEPLOYMENT.md").read_text()
    assert "/etc/formsvc/formsvc.env" in guide
    for unit in UNITS:
        if unit.suffix == ".service":
            assert "EnvironmentFile=/etc/formsvc/formsvc.env" in unit.read_text(), unit.name


@pytest.mark.parametrize("script", ["backup.sh", "restore.sh"])
def test_scripts_are_valid_bash_and_stop_on_errors(script):
    path = DEPLOY / script
    assert subprocess.run(["bash", "-n", str(path)]).returncode == 0
    assert "set -euo pipefail" in path.read_text()
    assert path.stat().st_mode & 0o111, f"{script} is not executable"


def test_nginx_upstream_matches_gunicorns_default_bind(monkeypatch):
    import runpy
    monkeypatch.delenv("FORMSVC_BIND", raising=False)
    bind = runpy.run_path(str(ROOT / "formsvc/gunicorn.conf.py"))["bind"]
    assert f"server {bind} " in (DEPLOY / "nginx/formsvc.conf").read_text()
