"""Fixtures of the accessibility checks, and one summary line per check at the end of the run.

The summary lines are also appended to $A11Y_SUMMARY when it is set (.ci/run prints them).
"""
from __future__ import annotations

import os
import shutil
from collections import OrderedDict

import pytest

from a11y_support import summary_file

# check name -> {"count": pages/states checked, "unit": what was counted, "problems": [str], "notes": [str]}
RESULTS: "OrderedDict[str, dict]" = OrderedDict()


class Recorder:
    def __init__(self, check: str, unit: str):
        self.entry = RESULTS.setdefault(check, {"count": 0, "unit": unit, "problems": [], "notes": []})

    def checked(self, n: int = 1):
        self.entry["count"] += n

    def problem(self, text: str):
        self.entry["problems"].append(text)

    def note(self, text: str):
        if text not in self.entry["notes"]:
            self.entry["notes"].append(text)


@pytest.fixture
def record():
    """record("axe", "page states") -> Recorder: counts what a check covered and what failed."""
    return Recorder


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not RESULTS:
        return
    lines = []
    for check, r in RESULTS.items():
        verdict = "FAIL" if r["problems"] else "ok"
        line = f"{check}: {verdict}, {r['count']} {r['unit']} checked, {len(r['problems'])} problem(s)"
        if r["notes"]:
            line += " [" + "; ".join(r["notes"]) + "]"
        lines.append(line)
    terminalreporter.section("accessibility, validity and weight checks")
    for line in lines:
        terminalreporter.write_line(line)
    path = summary_file()
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in lines)


# Checks of what the browser gets that no database choice can change: run once per CI run (in
# the SQLite pass), not again when the suite runs on PostgreSQL. formsvc's page states do depend
# on the database and run in both passes.
DATABASE_INDEPENDENT = ("test_a11y_site.py", "test_a11y_keyboard.py", "test_a11y_weight.py")


def pytest_collection_modifyitems(config, items):
    if not (os.environ.get("DATABASE_URL") or "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="database-independent a11y check: run in the SQLite pass only")
    for item in items:
        if item.path.name in DATABASE_INDEPENDENT:
            item.add_marker(skip)


@pytest.fixture
def require_java():
    """The Nu checker needs Java: skipped without it, a failure with REQUIRE_BROWSER=1 (CI)."""
    if shutil.which("java"):
        return
    message = "Java not found: the Nu HTML checker needs it (apt-get install default-jre-headless)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)
