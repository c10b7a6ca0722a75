"""Previews: staff see drafts on the real template; signed links expire and cannot be forged."""

import datetime
import time

import pytest
from django.core import signing
from django.urls import reverse

from briefs import preview
from briefs.models import AuditEvent, Brief
from tests.factories import BriefCitationFactory, BriefFactory

pytestmark = pytest.mark.django_db

BANNER = "Preview, not published."


@pytest.fixture
def draft():
    citation = BriefCitationFactory(
        brief=BriefFactory(
            title="An unpublished draft", status=Brief.Status.DRAFT, publish_at=None
        ),
        position=1,
    )
    return citation.brief


def share(client, brief) -> str:
    response = client.post(reverse("admin:briefs_brief_share_preview", args=[brief.pk]))
    assert response.status_code == 200
    return response.context["link"]


def test_staff_preview_renders_the_public_template_with_a_banner_noindex_and_no_cache(
    client, contributor, draft
):
    client.force_login(contributor)
    response = client.get(reverse("admin:briefs_brief_preview", args=[draft.pk]))

    assert response.status_code == 200
    assert "briefs/brief_detail.html" in [template.name for template in response.templates]
    assert BANNER in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert 'id="citation-1"' in response.text  # the brief's own citations, as readers get them


def test_the_staff_preview_needs_a_login(client, draft):
    response = client.get(reverse("admin:briefs_brief_preview", args=[draft.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_public_page_is_never_marked_as_a_preview(client):
    brief = BriefFactory()
    response = client.get(brief.get_absolute_url())
    assert BANNER not in response.text
    assert "noindex" not in response.text


def test_a_shared_link_lets_a_reader_without_an_account_read_the_draft(client, editor_user, draft):
    client.force_login(editor_user)
    link = share(client, draft)
    client.logout()

    response = client.get(link)
    assert response.status_code == 200
    assert "An unpublished draft" in response.text
    assert BANNER in response.text
    assert "This link works until" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="preview_shared", actor=editor_user).exists()


def test_a_shared_link_works_for_seven_days_by_default(client, editor_user, draft, monkeypatch):
    client.force_login(editor_user)
    link = share(client, draft)
    client.logout()
    made = time.time()

    monkeypatch.setattr(time, "time", lambda: made + 7 * 24 * 3600 - 60)
    assert client.get(link).status_code == 200


def test_an_expired_link_is_a_clear_410_page(client, editor_user, draft, monkeypatch):
    client.force_login(editor_user)
    link = share(client, draft)
    client.logout()
    made = time.time()

    monkeypatch.setattr(time, "time", lambda: made + 7 * 24 * 3600 + 60)
    response = client.get(link)
    assert response.status_code == 410
    assert "This preview link has expired" in response.text
    assert "An unpublished draft" not in response.text
    assert "site.css" in response.text  # in the site's own style


def test_the_link_lifetime_is_a_setting(client, editor_user, draft, settings, monkeypatch):
    settings.PREVIEW_LINK_MAX_AGE = 3600
    client.force_login(editor_user)
    link = share(client, draft)
    made = time.time()
    monkeypatch.setattr(time, "time", lambda: made + 3601)
    assert client.get(link).status_code == 410


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "x" + token,  # the payload
        lambda token: token.split(":")[0],  # cut short
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "truncated", "garbage"],
)
def test_a_tampered_link_is_a_clear_404_page(client, draft, tamper):
    token = preview.make_token(draft)
    response = client.get(reverse("briefs:brief-preview", args=[tamper(token)]))
    assert response.status_code == 404
    assert "This preview link is not valid" in response.text
    assert "An unpublished draft" not in response.text


def test_a_link_signed_for_another_purpose_is_refused(client, draft):
    token = signing.dumps({"brief": draft.pk})  # right key, wrong salt
    response = client.get(reverse("briefs:brief-preview", args=[token]))
    assert response.status_code == 404


def test_a_link_to_a_deleted_brief_is_a_404(client, draft):
    token = preview.make_token(draft)
    draft.delete()
    assert client.get(reverse("briefs:brief-preview", args=[token])).status_code == 404


def test_a_link_to_a_brief_published_since_leads_to_its_public_page(client, draft):
    token = preview.make_token(draft)
    draft.status = Brief.Status.PUBLISHED
    draft.publish_at = draft.created_at - datetime.timedelta(minutes=1)
    draft.save()
    response = client.get(reverse("briefs:brief-preview", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_a_scheduled_brief_can_be_previewed_before_it_goes_live(client, editor_user):
    brief = BriefFactory(
        title="Scheduled one",
        publish_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1),
    )
    client.force_login(editor_user)
    response = client.get(reverse("admin:briefs_brief_preview", args=[brief.pk]))
    assert "it is scheduled to go live" in response.text
    assert client.get(brief.get_absolute_url()).status_code == 404
