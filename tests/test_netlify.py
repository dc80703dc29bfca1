"""netlify.toml: the build, the /api proxy to formsvc and the security headers."""
import tomllib

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load():
    return tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))


def test_build_installs_requirements_and_builds_the_site():
    config = load()
    assert "pip install -r requirements.txt" in config["build"]["command"]
    assert "mkdocs build" in config["build"]["command"]
    assert config["build"]["publish"] == "site"
    assert config["build"]["environment"]["PYTHON_VERSION"].startswith("3.11")


def test_api_is_proxied_to_formsvc_with_status_200():
    [rule] = [r for r in load()["redirects"] if r["from"] == "/api/*"]
    assert rule["status"] == 200
    assert rule["to"].startswith("https://") and rule["to"].endswith("/api/:splat")


def test_security_headers_on_every_page():
    [rule] = [h for h in load()["headers"] if h["for"] == "/*"]
    headers = rule["values"]
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]


def test_site_and_formsvc_send_the_same_content_security_policy():
    from formsvc.security import CSP
    [rule] = [h for h in load()["headers"] if h["for"] == "/*"]
    assert rule["values"]["Content-Security-Policy"] == CSP
