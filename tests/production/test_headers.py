"""Security headers on every response, HSTS and the HTTPS redirect, and `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from briefs.csp import parse_policy
from tests.factories import BriefFactory, SourceFactory
from tests.security.observatory import estimate

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 3600

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    """The headers as `make serve` sends them behind a TLS proxy with HSTS on."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings


def _urls(brief):
    return {
        "home": reverse("briefs:home"),
        "brief": brief.get_absolute_url(),
        "feed": reverse("briefs:feed"),
        "sitemap": "/sitemap.xml",
        "not found": "/no-such-page/",
        "API root": reverse("api:root"),
        "API list": reverse("api:brief-list"),
        "API error": reverse("api:brief-list") + "?page=999",
        "API schema": reverse("api:schema"),
        "Swagger UI": reverse("api:docs"),
        "ReDoc": reverse("api:redoc"),
        "admin login": reverse("admin:login"),
        "static file": "/static/css/site.css",
    }


def test_every_kind_of_response_carries_the_policy_headers(client):
    brief = BriefFactory()
    for name, url in _urls(brief).items():
        response = client.get(url)
        assert response.status_code < 500, name
        policy = parse_policy(response.get("Content-Security-Policy", ""))
        assert policy.get("default-src") == ["'none'"], name
        assert policy.get("script-src") == ["'self'"], name
        assert policy.get("frame-ancestors") == ["'none'"], name
        assert "camera=()" in response.get("Permissions-Policy", ""), name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


def test_only_redoc_may_use_inline_styles_and_nothing_may_use_inline_scripts(client):
    brief = BriefFactory()
    for name, url in _urls(brief).items():
        header = client.get(url)["Content-Security-Policy"]
        assert "'unsafe-inline'" not in parse_policy(header)["script-src"], name
        assert "'unsafe-eval'" not in header, name
        if name == "ReDoc":
            assert parse_policy(header)["style-src"] == ["'self'", "'unsafe-inline'"]
        else:
            assert "unsafe" not in header, name


def test_an_absolute_media_url_is_the_one_other_image_origin(client, settings):
    settings.MEDIA_URL = "https://media.example.net/briefs/"
    policy = parse_policy(client.get("/robots.txt")["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https://media.example.net"]


def test_https_requests_get_a_year_of_hsts_with_subdomains_and_preload(client, production):
    response = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_behind_the_proxy_is_redirected_to_https(client, production):
    response = client.get("/briefs/?page=2", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/briefs/?page=2"


def _settings_value(code: str, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update({"DJANGO_SECRET_KEY": "s" * 50, **env})
    environment["DJANGO_SETTINGS_MODULE"] = "site_config.settings"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hsts_shorter_than_a_year_is_refused_at_start():
    result = _settings_value("pass", DJANGO_HSTS_SECONDS="86400")
    assert result.returncode != 0
    assert "at least 31536000 (one year)" in result.stderr
    assert ImproperlyConfigured.__name__ in result.stderr


def test_behind_a_tls_proxy_the_https_redirect_is_on_by_default():
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"  # noqa: E501
    result = _settings_value(code, DJANGO_BEHIND_TLS_PROXY="1")
    assert result.stdout.strip().endswith("True ('HTTP_X_FORWARDED_PROTO', 'https')"), result.stderr


def test_check_deploy_is_clean_in_production_settings():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SECRET_KEY="a-long-and-random-production-secret-0123456789-abcdefghij",
        DJANGO_ALLOWED_HOSTS="briefs.example.org",
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_HSTS_SECONDS=str(ONE_YEAR),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def _observatory_pages(client, superuser):
    brief = BriefFactory()
    SourceFactory()
    secure = {"HTTP_X_FORWARDED_PROTO": "https"}
    pages = {}
    for name in ("home", "brief", "feed", "not found", "API list", "Swagger UI", "ReDoc"):
        response = client.get(_urls(brief)[name], **secure)
        pages[name] = response
    pages["admin login"] = client.get(reverse("admin:login"), **secure)
    login = client.post(
        reverse("admin:login"),
        {"username": superuser.username, "password": "correct horse battery staple"},
        **secure,
    )
    assert login.status_code == 302
    admin_page = client.get(reverse("admin:briefs_brief_changelist"), **secure)
    admin_page.cookies = login.cookies  # the cookies the admin session runs on
    pages["admin (signed in)"] = admin_page
    return pages


def test_observatory_estimate_is_a_plus_for_public_pages_and_at_least_a_for_admin_and_api(
    client, production, superuser
):
    grades = {}
    for name, response in _observatory_pages(client, superuser).items():
        result = estimate(response.headers, response.cookies)
        grades[name] = (result.score, result.grade)
        print(f"{name:20} {result.score:4} {result.grade:3} {result.results}")
    public = ("home", "brief", "feed", "not found")
    assert all(grades[name][1] == "A+" for name in public), grades
    assert all(grades[name][0] >= 90 for name in grades), grades
