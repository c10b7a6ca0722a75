"""The change feed (/api/v1/changes/) and updated_since on entity lists: what an app
keeping a copy is told, and what it is never told (drafts)."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief, Change
from tests.cache import generation_queries
from tests.factories import BriefFactory, OrganizationFactory, TopicFactory, country

pytestmark = pytest.mark.django_db

FEED = reverse("api:change-list")


def feed(client, **params):
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content
    return [(c["type"], c["key"], c["action"]) for c in response.json()["results"]]


def briefs_in(changes):
    return [change for change in changes if change[0] == "brief"]


def test_a_draft_is_not_in_the_feed_until_it_is_published(client):
    draft = BriefFactory(slug="draft", status=Brief.Status.DRAFT)
    draft.title = "Edited while a draft"
    draft.save()
    assert briefs_in(feed(client)) == []
    draft.status = Brief.Status.PUBLISHED
    draft.save()
    assert briefs_in(feed(client)) == [("brief", "draft", "created")]


def test_a_withdrawn_unpublished_or_deleted_brief_is_a_tombstone(client):
    withdrawn, unpublished, deleted = (
        BriefFactory(slug=slug) for slug in ("withdrawn", "unpublished", "deleted")
    )
    withdrawn.status = Brief.Status.WITHDRAWN
    withdrawn.save()
    unpublished.status = Brief.Status.DRAFT
    unpublished.save()
    deleted.delete()
    BriefFactory(slug="deleted-draft", status=Brief.Status.DRAFT).delete()
    assert briefs_in(feed(client))[3:] == [
        ("brief", "withdrawn", "deleted"),
        ("brief", "unpublished", "deleted"),
        ("brief", "deleted", "deleted"),
    ]


def test_a_scheduled_brief_appears_as_created_at_its_publication_time(client):
    publish_at = timezone.now() + datetime.timedelta(hours=1)
    BriefFactory(slug="scheduled", publish_at=publish_at)
    assert briefs_in(feed(client)) == []
    later = publish_at + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        changes = client.get(FEED).json()["results"]
    assert [(c["key"], c["action"]) for c in changes] == [("scheduled", "created")]
    assert datetime.datetime.fromisoformat(changes[0]["at"]) == publish_at


def test_a_rescheduled_brief_appears_only_at_its_new_time(client):
    brief = BriefFactory(slug="scheduled", publish_at=timezone.now() + datetime.timedelta(hours=1))
    brief.publish_at = timezone.now() + datetime.timedelta(hours=3)
    brief.save()
    two_hours_on = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=two_hours_on):
        assert briefs_in(feed(client)) == []
    assert Change.objects.pending().count() == 1


def test_a_renamed_country_updates_its_published_briefs_but_not_its_drafts(client):
    russia = country("RU")
    published = BriefFactory(slug="published")
    draft = BriefFactory(slug="draft", status=Brief.Status.DRAFT)
    for brief in (published, draft):
        brief.countries.add(russia)
    since = timezone.now()
    russia.name = "Russian Federation"
    russia.save()
    assert feed(client, since=since.isoformat()) == [
        ("country", "RU", "updated"),
        ("brief", "published", "updated"),
    ]
    # The brief list's own updated_since sees it too.
    listed = client.get(reverse("api:brief-list"), {"updated_since": since.isoformat()})
    assert [brief["slug"] for brief in listed.json()["results"]] == ["published"]


def test_a_save_that_changes_nothing_shown_records_nothing(client):
    topic = TopicFactory(slug="ai-alliances")
    since = timezone.now()
    topic.save()
    assert feed(client, since=since.isoformat()) == []


def test_a_changed_slug_is_the_old_key_deleted_and_the_new_one_created(client):
    topic = TopicFactory(slug="alliances")
    since = timezone.now()
    topic.slug = "ai-alliances"
    topic.save()
    assert feed(client, since=since.isoformat()) == [
        ("topic", "alliances", "deleted"),
        ("topic", "ai-alliances", "created"),
    ]


def test_entity_lists_accept_updated_since_and_include_rows_whose_references_changed(client):
    russia = country("RU")
    based_there = OrganizationFactory(slug="sberbank", country=russia)
    OrganizationFactory(slug="elsewhere", country=country("CN"))
    since = timezone.now()
    russia.name = "Russian Federation"
    russia.save()
    response = client.get(reverse("api:organization-list"), {"updated_since": since.isoformat()})
    assert [row["slug"] for row in response.json()["results"]] == [based_there.slug]
    assert response.json()["results"][0]["country"]["name"] == "Russian Federation"


def test_changes_come_oldest_first_and_page_by_cursor(client):
    for n in range(3):
        TopicFactory(slug=f"topic-{n}")
    first = client.get(FEED, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    keys = [c["key"] for c in first["results"] + second["results"]]
    assert keys == ["topic-0", "topic-1", "topic-2"]
    assert second["next"] is None


def test_a_change_links_to_where_the_object_is_read(client):
    BriefFactory(slug="published")
    change = client.get(FEED).json()["results"][0]
    assert change["url"] == "http://testserver" + reverse("api:brief-detail", args=["published"])


def test_since_that_is_no_date_is_a_400_naming_it(client):
    response = client.get(FEED, {"since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "since"


@pytest.mark.parametrize("size", [2, 9])
def test_a_page_of_changes_is_four_queries_at_any_size(client, size):
    for n in range(size):
        BriefFactory(slug=f"brief-{n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(FEED).status_code == 200
    # The page and the next scheduled publication (how long it may be cached), after the
    # page cache's own on a miss (the next publication, and the content generation
    # unless Redis holds its copy).
    assert len(queries) == 3 + generation_queries()
