"""The live preview renders unsaved text on the public template, saves nothing, frames only here."""

import pytest
from django.urls import reverse

from briefs.models import Brief
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db


def live(client, brief, **fields):
    return client.post(reverse("admin:briefs_brief_live_preview", args=[brief.pk]), fields)


def test_the_live_preview_shows_unsaved_text_and_saves_nothing(client, editor_user):
    brief = BriefFactory(title="Saved", body="Saved body.", status=Brief.Status.DRAFT)
    client.force_login(editor_user)
    response = live(client, brief, title="Unsaved title", body="Unsaved *body*.")
    assert response.status_code == 200
    assert "<h1" in response.text and "Unsaved title" in response.text
    assert "<em>body</em>" in response.text
    brief.refresh_from_db()
    assert (brief.title, brief.body) == ("Saved", "Saved body.")


def test_the_live_preview_may_be_framed_by_the_admin_only(client, editor_user):
    brief = BriefFactory()
    client.force_login(editor_user)
    response = live(client, brief, title="x")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src 'self'" in policy
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_live_preview_is_for_staff_only(client):
    brief = BriefFactory(status=Brief.Status.DRAFT)
    response = live(client, brief, title="x")
    assert response.status_code == 302
    assert "/login/" in response.url
