"""HR back office under /api/hr/: staff log in, work the inbox, answer the public, and see
how service times compare with the published standards.

One blueprint, split by area (auth, inbox, detail + workflow, service times, reports,
exports, accounts, operations). Every route requires a logged-in staff member; the guard
is a single before_request hook, so a new view cannot forget it. Views open to anonymous
users are listed in auth.PUBLIC_ENDPOINTS; admin-only views are marked with
@auth.admin_only and enforced by the same hook.
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("hr", __name__, url_prefix="/api/hr")

from . import (accounts, auth, context, detail, exports, inbox, operations,  # noqa: E402,F401  (routes)
               reports, servicetimes)

bp.before_request(auth.require_login)
