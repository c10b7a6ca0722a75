"""The admin's doors: lockout after failed sign-ins, password rules, session expiry, audit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from briefs.models import AuditEvent
from tests.factories import SuperuserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"  # UserFactory's
Action = AuditEvent.Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return SuperuserFactory(username="paula")


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_after_the_failure_limit_the_right_password_is_refused(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "paula", "wrong password")
        assert response.status_code in (200, 429)
    response = sign_in(client, "paula", PASSWORD)
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert not signed_in(client)


def test_below_the_limit_the_right_password_still_works_and_resets_the_count(
    client, admin_user, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "paula", "wrong password")
    assert sign_in(client, "paula", PASSWORD).status_code == 302
    assert signed_in(client)
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "paula", "wrong password")
    assert sign_in(client, "paula", PASSWORD).status_code == 302


def test_a_username_is_locked_out_whatever_address_the_guesses_come_from(
    client, admin_user, settings
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "paula", "wrong password", address=f"198.51.100.{number + 1}")
    assert sign_in(client, "paula", PASSWORD, address="192.0.2.50").status_code == 429


def test_an_address_is_locked_out_whatever_usernames_it_tries(client, admin_user, settings):
    SuperuserFactory(username="eddie")
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{number}", "wrong password", address="198.51.100.9")
    assert sign_in(client, "eddie", PASSWORD, address="198.51.100.9").status_code == 429
    assert sign_in(client, "eddie", PASSWORD, address="192.0.2.51").status_code == 302


def test_the_limit_comes_from_the_environment(client, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    sign_in(client, "paula", "wrong password")
    sign_in(client, "paula", "wrong password")
    assert sign_in(client, "paula", PASSWORD).status_code == 429
    code = "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    environment.update(
        DJANGO_SECRET_KEY="k" * 50,
        DJANGO_SETTINGS_MODULE="site_config.settings",
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="45",
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().endswith("3 0:45:00")


def test_sign_ins_failures_and_lockouts_are_in_the_audit_trail(client, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert sign_in(client, "paula", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "paula", "wrong password", address="198.51.100.20")
    sign_in(client, "nobody-by-this-name", "guess", address="198.51.100.20")
    sign_in(client, "paula", "wrong password", address="198.51.100.21")
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "object_repr", "note"))
    assert events[0] == (Action.LOGGED_IN, "paula", "From 203.0.113.7")
    assert (Action.LOGIN_FAILED, "nobody-by-this-name", "From 198.51.100.20") in events
    assert (Action.LOCKED_OUT, "paula", "From 198.51.100.21") in events
    assert AuditEvent.objects.get(action=Action.LOGGED_IN).actor == admin_user
    failed_unknown = AuditEvent.objects.get(
        object_repr="nobody-by-this-name", action=Action.LOGIN_FAILED
    )
    assert failed_unknown.object_id == "" and failed_unknown.actor is None


def test_the_audit_list_shows_sign_in_events_to_editors(client, admin_user):
    sign_in(client, "paula", "wrong password")
    sign_in(client, "paula", PASSWORD)
    response = client.get(reverse("admin:briefs_auditevent_changelist"))
    assert response.status_code == 200
    assert "Failed to sign in" in response.content.decode()
    assert "Signed in" in response.content.decode()


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, admin_user, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client.post(
        reverse("admin:login"),
        {"username": "paula", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.77",
    )
    assert AuditEvent.objects.get().note == "From 198.51.100.77"


def test_passwords_are_checked_by_djangos_validators():
    for weak in ("short", "password1234", "12345678901234"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a long passphrase nobody guesses")


def test_admin_sessions_expire(settings, client, admin_user):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    sign_in(client, "paula", PASSWORD)
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 3600
