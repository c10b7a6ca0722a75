"""Editing together: presence that expires, and a field-by-field merge on a conflict."""

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.admin import together
from briefs.users import display_name
from tests.factories import BriefFactory
from tests.workflow.conftest import change_form

pytestmark = pytest.mark.django_db


def test_an_editor_opening_a_brief_sees_who_else_has_it_open(client, editor_user, publisher):
    brief = BriefFactory()
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    client.force_login(editor_user)
    client.get(url)
    client.force_login(publisher)
    response = client.get(url)
    assert f"{display_name(editor_user)} has had this open since" in response.text


def test_presence_expires_by_itself(editor_user, publisher, monkeypatch):
    brief = BriefFactory()
    together.heartbeat(editor_user, brief)
    later = timezone.now() + timezone.timedelta(seconds=together.PRESENCE_TTL + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert together.heartbeat(publisher, brief) == []


def test_the_heartbeat_lists_the_others_present(client, editor_user, publisher):
    brief = BriefFactory()
    url = reverse("admin:briefs_brief_presence", args=[brief.pk])
    client.force_login(editor_user)
    client.post(url)
    client.force_login(publisher)
    assert [o["name"] for o in client.post(url).json()["others"]] == [display_name(editor_user)]
    assert client.get(url).status_code == 405


def test_presence_without_a_cache_lists_nobody_and_editing_goes_on(client, editor_user, settings):
    settings.CACHES = {
        "default": {
            # The site's Redis cache (sessions included, with REDIS_URL), with Redis down.
            "BACKEND": "briefs.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
        }
    }
    brief = BriefFactory()
    client.force_login(editor_user)
    response = client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert response.status_code == 200


def test_a_refused_save_shows_both_versions_field_by_field(client, editor_user, publisher):
    brief = BriefFactory(title="Original", body="Original body.")
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    client.force_login(editor_user)
    eddie = change_form(client, url, "brief_form")
    client.force_login(publisher)
    paula = change_form(client, url, "brief_form")
    paula["title"] = "Paula's title"
    assert client.post(url, paula).status_code == 302
    client.force_login(editor_user)
    eddie["body"] = "Eddie's body."
    response = client.post(url, eddie)
    rows = {row["name"]: row for row in response.context["merge_rows"]}
    assert rows["title"]["theirs"] == "Paula's title"
    assert rows["title"]["mine"] == "Original"
    assert rows["body"]["theirs"] == "Original body."
    assert rows["body"]["mine"] == "Eddie's body."
    assert "Their version and yours, field by field" in response.text
