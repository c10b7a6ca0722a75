"""Serving in production: health probes, request ids, JSON-lines logs, gunicorn's config."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings

from briefs.requestlog import AccessLogFilter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_healthz_answers_json_with_no_session_and_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.get("Vary", "")
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_readyz_is_503_when_the_cache_is_down(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}


def test_health_probes_answer_any_host_and_are_never_throttled(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "1/minute"}
    for _ in range(5):
        assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200


def test_health_probes_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 301


def test_every_response_carries_a_request_id_and_a_proxys_sane_id_is_kept(client):
    fresh = client.get("/robots.txt")["X-Request-ID"]
    assert len(fresh) == 32
    assert client.get("/no-such-page/")["X-Request-ID"]
    kept = client.get("/robots.txt", HTTP_X_REQUEST_ID="edge-7f3a9c01")
    assert kept["X-Request-ID"] == "edge-7f3a9c01"
    forged = client.get("/robots.txt", HTTP_X_REQUEST_ID='x" injected\nline')
    assert forged["X-Request-ID"] != 'x" injected\nline' and len(forged["X-Request-ID"]) == 32


def test_log_records_made_during_a_request_carry_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with override_settings(ROOT_URLCONF="tests.production.urls_logging"):
        response = client.get("/logged/", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 200
    record = next(r for r in caplog.records if r.getMessage() == "inside the view")
    assert record.request_id == "req-12345678"


def _access_record(path: str) -> logging.LogRecord:
    atoms = {"U": path, "m": "GET", "q": "", "s": "200", "B": "12", "L": "0.004"}
    atoms["h"], atoms["a"], atoms["{x-request-id}o"] = "127.0.0.1", "curl", "abc12345"
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(r)s", (), None)
    record.args = atoms
    return record


def test_access_log_leaves_out_the_health_probes_and_keeps_the_request_id():
    access = AccessLogFilter()
    assert not access.filter(_access_record("/healthz"))
    assert not access.filter(_access_record("/readyz"))
    kept = _access_record("/briefs/")
    assert access.filter(kept)
    assert (kept.path, kept.status, kept.request_id, kept.duration_ms) == (
        "/briefs/",
        200,
        "abc12345",
        4.0,
    )


def _environment(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_")) and key not in {"DATABASE_URL", "PORT"}
    }
    env.update(extra)
    return env


def test_gunicorn_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--check-config"],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr + result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_with_debug_off_and_logs_json_lines_without_the_probes(tmp_path):
    port = _free_port()
    env = _environment(
        DJANGO_SECRET_KEY="serve-test-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        GUNICORN_CONTROL_SOCKET="off",
    )
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                assert server.poll() is None, "gunicorn exited"
                time.sleep(0.2)
        assert status == 200 and json.loads(body) == {"status": "ok"}
        status, headers, body = _get(
            f"http://127.0.0.1:{port}/robots.txt", **{"X-Request-ID": "probe-0001"}
        )
        assert status == 200 and headers["X-Request-ID"] == "probe-0001"
        status, _, body = _get(f"http://127.0.0.1:{port}/api/v1/")
        assert status == 200 and b"briefs" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
    log.seek(0)
    lines = [json.loads(line) for line in log if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [line["path"] for line in access] == ["/robots.txt", "/api/v1/"]
    assert access[0]["request_id"] == "probe-0001" and access[0]["status"] == 200
