"""A scheduled brief appears on every public surface at its publish_at, with no job running."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    BriefFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db

TITLE = "Scheduled analysis of the alliance"


@pytest.fixture
def scheduled():
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    brief = BriefFactory(title=TITLE, slug="scheduled-analysis", publish_at=publish_at)
    brief.countries.add(country("RU"))
    brief.topics.add(TopicFactory(slug="alliances"))
    brief.blocs.add(BlocFactory(slug="brics"))
    brief.organizations.add(OrganizationFactory(slug="sberbank"))
    brief.ai_models.add(AIModelFactory(slug="gigachat"))
    brief.people.add(PersonFactory(slug="german-gref"))
    brief.events.add(EventFactory(slug="network-announced"))
    source = SourceFactory()
    brief.citations.create(source=source, position=1, supports="The claim.")
    return brief, source


def surfaces(source) -> list[str]:
    return [
        reverse("briefs:home"),
        reverse("briefs:brief-list"),
        reverse("briefs:topic-detail", args=["alliances"]),
        reverse("briefs:country-detail", args=["russia"]),
        reverse("briefs:bloc-detail", args=["brics"]),
        reverse("briefs:organization-detail", args=["sberbank"]),
        reverse("briefs:aimodel-detail", args=["gigachat"]),
        reverse("briefs:person-detail", args=["german-gref"]),
        reverse("briefs:event-detail", args=["network-announced"]),
        reverse("briefs:source-detail", args=[source.pk]),
        reverse("briefs:search") + "?q=scheduled",
        reverse("briefs:feed"),
        reverse("briefs:feed-atom"),
        reverse("briefs:country-feed", args=["russia"]),
        reverse("briefs:topic-feed-atom", args=["alliances"]),
        reverse("sitemap-section", args=["briefs"]),
        reverse("api:brief-list"),
        reverse("api:country-detail", args=["ru"]),
        reverse("api:topic-detail", args=["alliances"]),
        reverse("api:search") + "?q=scheduled",
    ]


def test_a_scheduled_brief_is_nowhere_before_its_time(client, scheduled):
    brief, source = scheduled
    assert brief.is_scheduled
    assert client.get(brief.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:brief-detail", args=[brief.slug])).status_code == 404
    for url in surfaces(source):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert TITLE not in text, url
        assert brief.get_absolute_url() not in text, url


def test_a_scheduled_brief_is_everywhere_once_its_time_has_come(client, scheduled, monkeypatch):
    brief, source = scheduled
    after = brief.publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: after)

    assert client.get(brief.get_absolute_url()).status_code == 200
    assert client.get(reverse("api:brief-detail", args=[brief.slug])).status_code == 200
    for url in surfaces(source):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert TITLE in text or brief.get_absolute_url() in text, url


def test_the_admin_shows_it_as_scheduled_then_as_published(
    client, scheduled, publisher, monkeypatch
):
    brief, _ = scheduled
    client.force_login(publisher)
    url = reverse("admin:briefs_brief_changelist")
    assert "Scheduled for" in client.get(url).text
    monkeypatch.setattr(timezone, "now", lambda: brief.publish_at + datetime.timedelta(seconds=1))
    page = client.get(url)
    assert "Scheduled for" not in page.text
    assert "Scheduled (0)" in page.text and "Published (1)" in page.text
    assert Brief.objects.published().count() == 1
