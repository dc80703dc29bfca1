"""deploy/nginx/formsvc.conf in front of gunicorn, on loopback: TLS, the proxy to /api/,
the body limit before Python, plain HTTP redirected, and access logs without client
addresses or query strings. Skipped when nginx is not installed."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import ssl
import subprocess
import time

import pytest

from .conftest import ROOT, formsvc_env, free_port, upgrade_to_heads
from .submissions import SUBMIT_PATH, leave_form, multipart

pytestmark = pytest.mark.slow

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def sample_config(tmp, http_port: int, https_port: int, upstream_port: int) -> str:
    """The sample, with this test's ports, certificate and log paths."""
    text = (ROOT / "deploy/nginx/formsvc.conf").read_text()
    text = re.sub(r"^\s*listen \[::\].*\n", "", text, flags=re.M)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = text.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{upstream_port}")
    text = text.replace("/etc/letsencrypt/live/formsvc.example.go.id", str(tmp))
    text = text.replace("/var/log/nginx", str(tmp))
    return f"""
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{text}
}}
"""


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            tls: bool = True):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = (http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=20) if tls
                  else http.client.HTTPConnection("127.0.0.1", port, timeout=20))
    try:
        connection.request(method, path, body=body, headers={"Host": "formsvc.example.go.id", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode(errors="replace")
    except (ConnectionError, ssl.SSLError) as error:  # nginx may close early on a refused upload
        return 0, {}, str(error)
    finally:
        connection.close()


@pytest.mark.skipif(NGINX is None, reason="nginx not installed (apt-get install -y nginx-light)")
def test_sample_nginx_config_in_front_of_gunicorn(tmp_path, processes, smtp_server, built_site):
    uri = "sqlite:///" + str(tmp_path / "formsvc.sqlite3")
    upgrade_to_heads(uri)
    web = processes.gunicorn("web", formsvc_env(uri, smtp_server.port, built_site,
                                                PROXY_FIX="1", PUBLIC_BASE_URL="https://formsvc.example.go.id"))
    upstream_port = int(web.rsplit(":", 1)[1])
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=formsvc.example.go.id", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True)
    http_port, https_port = free_port(), free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(sample_config(tmp_path, http_port, https_port, upstream_port))
    checked = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    processes.start("nginx", [NGINX, "-c", str(config), "-p", str(tmp_path), "-g", "daemon off;"], env=None)
    deadline = time.monotonic() + 10
    while request(https_port, "GET", "/api/healthz")[0] != 200:
        assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
        time.sleep(0.1)

    status, headers, body = request(https_port, "GET", "/api/healthz")
    assert status == 200 and '"database":"ok"' in body.replace(" ", "")
    assert "max-age" in headers.get("Strict-Transport-Security", "")

    # A leave request through nginx, as Netlify's proxy sends it (same Origin as the site).
    data, content_type = multipart(leave_form(7))
    status, _, body = request(https_port, "POST", SUBMIT_PATH, data, {
        "Content-Type": content_type, "X-Requested-With": "fetch", "Origin": "https://formsvc.example.go.id"})
    assert status == 201, body[:500]

    # Too large: refused by nginx before it reaches Python.
    status, _, body = request(https_port, "POST", SUBMIT_PATH, b"x" * (13 * 1024 * 1024),
                              {"Content-Type": "application/octet-stream"})
    assert status in (413, 0)
    assert "413" in (tmp_path / "error.log").read_text() or status == 413

    # Only /api/ is served here; plain HTTP goes to HTTPS.
    assert request(https_port, "GET", "/")[0] == 404
    status, headers, _ = request(http_port, "GET", "/api/healthz", tls=False)
    assert status == 301 and headers["Location"].startswith("https://formsvc.example.go.id/api/healthz")

    request(https_port, "GET", "/api/status/ABCD-EFGH?nip=199001012015031001&email=a@example.com")
    deadline = time.monotonic() + 5  # nginx writes the line once the response is out
    while "/api/status/ABCD-EFGH" not in (log := (tmp_path / "formsvc.access.log").read_text()):
        assert time.monotonic() < deadline, log
        time.sleep(0.05)
    assert "199001012015031001" not in log and "example.com" not in log and "127.0.0.1" not in log
