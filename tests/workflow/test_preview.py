"""Previews: staff see drafts on the real template; shared links expire and cannot be forged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs import preview
from briefs.models import AuditEvent, Brief, PreviewLink
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


def test_a_shared_link_works_for_seven_days_by_default(client, editor_user, draft):
    client.force_login(editor_user)
    share(client, draft)
    link = PreviewLink.objects.get()
    assert link.expires_at - link.created_at == datetime.timedelta(days=7)


def expire(link: PreviewLink) -> None:
    PreviewLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def test_an_expired_link_is_a_clear_410_page(client, editor_user, draft):
    client.force_login(editor_user)
    url = share(client, draft)
    client.logout()
    expire(PreviewLink.objects.get())
    response = client.get(url)
    assert response.status_code == 410
    assert "This preview link has expired" in response.text
    assert "An unpublished draft" not in response.text
    assert "site.css" in response.text  # in the site's own style


def test_the_link_lifetime_is_a_setting(client, editor_user, draft, settings):
    settings.PREVIEW_LINK_MAX_AGE = 3600
    client.force_login(editor_user)
    share(client, draft)
    link = PreviewLink.objects.get()
    assert link.expires_at - link.created_at == datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: token[:20],
        lambda token: "not-a-token",
    ],
    ids=["changed", "prefixed", "truncated", "garbage"],
)
def test_a_tampered_link_is_a_clear_404_page(client, draft, tamper):
    _, token = preview.make_link(draft, user=None)
    response = client.get(reverse("briefs:brief-preview", args=[tamper(token)]))
    assert response.status_code == 404
    assert "This preview link is not valid" in response.text
    assert "An unpublished draft" not in response.text


def test_only_a_hash_of_the_token_is_stored(draft):
    link, token = preview.make_link(draft, user=None)
    assert token not in link.token_hash and len(link.token_hash) == 64


def test_a_link_to_a_deleted_brief_is_a_404(client, draft):
    _, token = preview.make_link(draft, user=None)
    draft.delete()
    assert client.get(reverse("briefs:brief-preview", args=[token])).status_code == 404


def test_a_link_to_a_brief_published_since_leads_to_its_public_page(client, draft):
    _, token = preview.make_link(draft, user=None)
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


def test_withdrawing_a_brief_ends_its_preview_links(client, draft):
    _, token = preview.make_link(draft, user=None)
    url = reverse("briefs:brief-preview", args=[token])
    assert client.get(url).status_code == 200
    draft.status = Brief.Status.WITHDRAWN
    draft.save()
    draft.status = Brief.Status.DRAFT  # back to draft: the old link stays ended
    draft.save()
    response = client.get(url)
    assert response.status_code == 410
    assert "This preview link has been ended" in response.text
    assert "An unpublished draft" not in response.text
    assert PreviewLink.objects.get().ended_because == PreviewLink.EndedBecause.WITHDRAWN


def test_an_editor_revokes_a_link_and_it_stops_working(client, editor_user, draft):
    client.force_login(editor_user)
    first = share(client, draft)
    second = share(client, draft)
    page = client.get(reverse("admin:briefs_brief_share_preview", args=[draft.pk]))
    assert page.text.count('name="revoke"') == 2
    oldest = PreviewLink.objects.order_by("pk").first()
    response = client.post(
        reverse("admin:briefs_brief_share_preview", args=[draft.pk]), {"revoke": oldest.pk}
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.PREVIEW_REVOKED)
    assert event.actor == editor_user


def test_revoking_something_that_is_not_a_link_changes_nothing(client, editor_user, draft):
    client.force_login(editor_user)
    link = share(client, draft)
    for junk in ("abc", "999999", ""):
        response = client.post(
            reverse("admin:briefs_brief_share_preview", args=[draft.pk]), {"revoke": junk}
        )
        assert response.status_code == 302
    client.logout()
    assert client.get(link).status_code == 200


def test_the_brief_form_lists_the_open_share_links_and_leads_to_revoking_them(
    superuser_client, superuser
):
    brief = BriefFactory(status=Brief.Status.DRAFT)
    open_link, _ = preview.make_link(brief, user=superuser)
    revoked, _ = preview.make_link(brief, user=superuser)
    preview.revoke(revoked, user=superuser)
    page = superuser_client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    listed = page.context["shared_previews"]
    assert list(listed) == [open_link]
    share_url = reverse("admin:briefs_brief_share_preview", args=[brief.pk])
    assert f'href="{share_url}"' in page.text
