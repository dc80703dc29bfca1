"""Every back-office route needs a login, and admin pages need an admin: proven by walking
the URL map, so a route added later is covered without anyone remembering to."""
import pytest

from .conftest import login, make_staff

# Admin pages as the brief defines them: accounts and operations.
EXPECTED_ADMIN = {"hr.accounts", "hr.account_new", "hr.account_edit", "hr.account_reset_password",
                  "hr.outbox_view", "hr.outbox_retry", "hr.audit_log"}


def hr_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/hr/"):
            yield rule


def url_for_rule(app, rule) -> str:
    """A concrete URL for a rule: 1 for every number, "csv" for text (the export format)."""
    from werkzeug.routing import IntegerConverter
    values = {name: 1 if isinstance(converter, IntegerConverter) else "csv"
              for name, converter in rule._converters.items()}
    return app.url_map.bind("localhost").build(rule.endpoint, values, method=sorted(rule.methods)[0])


def test_the_back_office_has_the_routes_we_check(app):
    endpoints = {rule.endpoint for rule in hr_rules(app)}
    assert {"hr.login", "hr.inbox", "hr.detail", "hr.update_status", "hr.attachment", "hr.export"} <= endpoints
    assert EXPECTED_ADMIN <= endpoints


def test_every_route_except_login_turns_away_anonymous_users(make_app):
    # CSRF off here so that it is the login check, not the missing token, that refuses POSTs.
    app = make_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    checked = 0
    for rule in hr_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url_for_rule(app, rule), method=method)
            if rule.endpoint == "hr.login":
                assert response.status_code in (200, 401), rule
                continue
            checked += 1
            if method == "GET":
                assert response.status_code == 302, (method, rule.rule, response.status_code)
                assert response.headers["Location"].startswith("/api/hr/masuk"), rule
            else:
                assert response.status_code == 401, (method, rule.rule, response.status_code)
    assert checked >= 20


def test_admin_pages_are_marked_admin_only(app):
    marked = {rule.endpoint for rule in hr_rules(app)
              if getattr(app.view_functions[rule.endpoint], "admin_only", False)}
    assert marked == EXPECTED_ADMIN


def test_an_officer_gets_403_on_every_admin_page(make_app):
    app = make_app(WTF_CSRF_ENABLED=False)
    make_staff(app, "petugas1", "petugas")
    client = app.test_client()
    assert login(client).status_code == 302
    for rule in hr_rules(app):
        if rule.endpoint not in EXPECTED_ADMIN:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url_for_rule(app, rule), method=method)
            assert response.status_code == 403, (method, rule.rule, response.status_code)
    assert client.get("/api/hr/").status_code == 200
    assert "Akun</a>" not in client.get("/api/hr/").get_data(as_text=True)


def test_an_admin_reaches_the_admin_pages(app, admin):
    for path in ("/api/hr/akun/", "/api/hr/akun/baru", "/api/hr/outbox/", "/api/hr/audit/"):
        assert admin.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/api/hr/", "/api/hr/pengajuan/1/lampiran/1", "/api/hr/ekspor.csv"])
def test_fetch_requests_get_401_json(app, path):
    response = app.test_client().get(path, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 401
    assert response.json["ok"] is False
