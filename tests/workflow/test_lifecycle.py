"""draft → review → published (now or scheduled) → withdrawn, with honest public dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.admin.base import audit_events_for
from briefs.models import AuditEvent, Brief
from tests.factories import BriefCitationFactory, BriefFactory, SourceFactory

from .conftest import change_form

pytestmark = pytest.mark.django_db


def save(client, brief, **changes):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    brief.refresh_from_db()
    return response


def actions_of(brief) -> list[tuple[str, str]]:
    events = audit_events_for(brief).order_by("at", "pk")
    return [(event.actor.username, event.action) for event in events]


def at(moment):
    local = timezone.localtime(moment)
    return {"publish_at_0": local.strftime("%d/%m/%Y"), "publish_at_1": local.strftime("%H:%M:%S")}


def test_a_brief_goes_from_draft_through_review_to_published_and_withdrawn(
    client, contributor, editor_user, publisher
):
    client.force_login(contributor)
    url = reverse("admin:briefs_brief_add")
    data = change_form(client, url, "brief_form")
    data.update(
        title="Sanctions and chips", slug="sanctions-and-chips", summary="Why.", body="Text."
    )
    assert client.post(url, data).status_code == 302
    brief = Brief.objects.get(slug="sanctions-and-chips")
    save(client, brief, status="review")

    client.force_login(editor_user)
    save(client, brief, body="Text, edited by the editor.")
    assert brief.status == "review"

    client.force_login(publisher)
    save(client, brief, status="published")
    assert brief.is_published
    assert brief.first_published_at == brief.publish_at
    assert Brief.objects.published().filter(pk=brief.pk).exists()

    save(client, brief, status="withdrawn")
    assert not Brief.objects.published().filter(pk=brief.pk).exists()

    assert actions_of(brief) == [
        ("carla", "created"),
        ("carla", "submitted"),
        ("paula", "published"),
        ("paula", "withdrawn"),
    ]


def test_publishing_with_a_future_time_schedules_the_brief(client, publisher):
    brief = BriefFactory(status="review", publish_at=None)
    client.force_login(publisher)
    later = timezone.now() + datetime.timedelta(days=2)
    save(client, brief, status="published", **at(later))

    assert brief.is_scheduled
    assert not Brief.objects.published().filter(pk=brief.pk).exists()
    event = AuditEvent.objects.get(object_id=str(brief.pk), action="scheduled")
    assert event.note.startswith("Goes live")


def test_the_first_publication_time_survives_withdrawal_and_republishing(client, publisher):
    first = timezone.now() - datetime.timedelta(days=10)
    brief = BriefFactory(publish_at=first, first_published_at=first)
    client.force_login(publisher)
    save(client, brief, status="withdrawn")
    save(client, brief, status="published")

    assert brief.is_published
    assert brief.date_published == first


def test_rescheduling_a_brief_that_has_not_gone_live_moves_its_publication_date(publisher, client):
    brief = BriefFactory(status="review", publish_at=None)
    client.force_login(publisher)
    save(client, brief, status="published", **at(timezone.now() + datetime.timedelta(days=5)))
    sooner = timezone.now() + datetime.timedelta(days=1)
    save(client, brief, **at(sooner))
    assert brief.first_published_at == brief.publish_at
    assert abs(brief.publish_at - sooner) < datetime.timedelta(seconds=1)


def test_withdrawing_a_scheduled_brief_before_its_time_clears_its_publication_date(
    client, publisher
):
    brief = BriefFactory(status="review", publish_at=None)
    client.force_login(publisher)
    save(client, brief, status="published", **at(timezone.now() + datetime.timedelta(days=5)))
    save(client, brief, status="withdrawn")
    assert brief.first_published_at is None


def test_a_substantive_edit_of_a_live_brief_shows_as_updated(client, editor_user):
    brief = BriefFactory()
    client.force_login(editor_user)
    save(client, brief, body="A corrected figure: 31st of 83, not 30th.")
    assert brief.revised_at is not None
    page = client.get(brief.get_absolute_url())
    assert "Updated" in page.text


@pytest.mark.parametrize(
    "change",
    [
        {"featured": "on"},
        {"slug": "a-new-address"},
    ],
    ids=["featured-flag", "slug"],
)
def test_non_substantive_edits_do_not_show_as_updated(client, editor_user, change):
    brief = BriefFactory()
    client.force_login(editor_user)
    save(client, brief, **change)
    assert brief.revised_at is None


def test_a_status_flip_does_not_show_as_updated(client, publisher):
    brief = BriefFactory()
    client.force_login(publisher)
    save(client, brief, status="withdrawn")
    save(client, brief, status="published")
    assert brief.revised_at is None


def test_a_minor_correction_does_not_show_as_updated(client, editor_user):
    brief = BriefFactory(body="A tpyo.")
    client.force_login(editor_user)
    save(client, brief, body="A typo.", minor_edit="on")
    assert brief.revised_at is None


def test_changing_a_citation_of_a_live_brief_is_substantive(client, editor_user):
    citation = BriefCitationFactory(position=1)
    brief = citation.brief
    client.force_login(editor_user)
    save(client, brief, **{"citations-0-source": SourceFactory().pk})
    assert brief.revised_at is not None


def test_edits_before_publication_are_not_updates(client, editor_user):
    brief = BriefFactory(status="draft", publish_at=None)
    client.force_login(editor_user)
    save(client, brief, body="Rewritten while still a draft.")
    assert brief.revised_at is None


def test_the_publish_action_publishes_now_or_keeps_a_future_time(client, publisher):
    now_brief = BriefFactory(status="review", publish_at=None)
    later = timezone.now() + datetime.timedelta(days=3)
    later_brief = BriefFactory(status="review", publish_at=later)
    client.force_login(publisher)
    client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_selected", "_selected_action": [now_brief.pk, later_brief.pk]},
    )
    now_brief.refresh_from_db()
    later_brief.refresh_from_db()
    assert now_brief.is_published and now_brief.first_published_at is not None
    assert later_brief.is_scheduled and later_brief.publish_at == later
    briefs_trail = AuditEvent.objects.filter(content_type__model="brief")
    assert sorted(briefs_trail.values_list("action", flat=True)) == ["published", "scheduled"]


def test_the_publish_action_refuses_a_brief_that_breaks_a_rule(client, publisher):
    brief = BriefFactory(
        status="review",
        publish_at=None,
        hero_image="briefs/hero/x.png",
        hero_alt="A chip on a board",
        hero_credit="",
    )
    client.force_login(publisher)
    response = client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_selected", "_selected_action": [brief.pk]},
        follow=True,
    )
    brief.refresh_from_db()
    assert brief.status == "review"
    assert "Not published" in response.text
    assert "Credit the image" in response.text
    assert "Credit the image" in response.text


def test_the_status_filter_counts_each_state_and_shows_scheduled_briefs_as_scheduled(
    client, publisher
):
    BriefFactory(status="draft", publish_at=None)
    BriefFactory(status="review", publish_at=None)
    BriefFactory()
    BriefFactory(title="Due tomorrow", publish_at=timezone.now() + datetime.timedelta(days=1))
    BriefFactory(status="withdrawn")
    client.force_login(publisher)
    url = reverse("admin:briefs_brief_changelist")
    page = client.get(url)
    for label in ("Draft (1)", "In review (1)", "Scheduled (1)", "Published (1)", "Withdrawn (1)"):
        assert label in page.text
    assert "Scheduled for" in page.text

    scheduled = client.get(url, {"state": "scheduled"})
    assert [brief.title for brief in scheduled.context["cl"].result_list] == ["Due tomorrow"]
    live = client.get(url, {"state": "live"})
    assert "Due tomorrow" not in [brief.title for brief in live.context["cl"].result_list]


def test_the_audit_trail_shows_on_the_brief_and_in_the_audit_list(client, publisher):
    brief = BriefFactory(status="review", publish_at=None, title="Audited brief")
    client.force_login(publisher)
    save(client, brief, status="published")
    change_page = client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert "Published" in change_page.text and "paula" in change_page.text
    audit_list = client.get(reverse("admin:briefs_auditevent_changelist"))
    assert "Audited brief" in audit_list.text
    client.post(reverse("admin:briefs_brief_delete", args=[brief.pk]), {"post": "yes"})
    audit_list = client.get(reverse("admin:briefs_auditevent_changelist"), {"action": "deleted"})
    assert [event.object_repr for event in audit_list.context["cl"].result_list] == [
        "Audited brief"
    ]
