"""RSS 2.0 and Atom feeds parse cleanly in a real feed parser and carry the right briefs."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BriefFactory, TopicFactory, UserFactory, country
from tests.site.conftest import build_world

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(("name", "version"), [("feed", "rss20"), ("feed-atom", "atom10")])
def test_site_feeds_list_published_briefs_newest_first(client, name, version):
    author = UserFactory(first_name="Anna", last_name="Editor")
    topic = TopicFactory(name="AI alliances")
    older = BriefFactory(
        title="Older brief", publish_at=timezone.now() - datetime.timedelta(days=3)
    )
    newer = BriefFactory(title="Newer brief", summary="What happened.")
    newer.authors.add(author)
    newer.topics.add(topic)
    response, feed = parse(client, reverse(f"briefs:{name}"))
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Newer brief", "Older brief"]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{newer.get_absolute_url()}"
    assert entry.summary == "What happened."
    assert entry.author == "Anna Editor"
    assert [tag.term for tag in entry.tags] == ["AI alliances"]
    assert entry.published_parsed[:3] == newer.date_published.utctimetuple()[:3]
    assert older.get_absolute_url() in response.content.decode()


def test_atom_feed_gives_the_revision_date_as_updated(client):
    brief = BriefFactory()
    brief.revised_at = timezone.now() - datetime.timedelta(hours=1)
    brief.save()
    _, feed = parse(client, reverse("briefs:feed-atom"))
    assert feed.entries[0].updated_parsed[:4] == brief.revised_at.utctimetuple()[:4]


@pytest.mark.parametrize("kind", ["country", "bloc", "organization", "aimodel", "topic"])
@pytest.mark.parametrize("suffix", ["", "-atom"])
def test_entity_feeds_carry_only_that_entitys_briefs(client, kind, suffix):
    world = build_world(2)
    BriefFactory(title="About something else")
    entity = {
        "country": world.country,
        "bloc": world.bloc,
        "organization": world.organization,
        "aimodel": world.ai_model,
        "topic": world.topic,
    }[kind]
    _, feed = parse(client, reverse(f"briefs:{kind}-feed{suffix}", args=[entity.slug]))
    assert sorted(entry.title for entry in feed.entries) == ["Alliance brief 0", "Alliance brief 1"]
    assert str(entity) in feed.feed.title


def test_feed_of_an_unknown_entity_is_a_404(client):
    assert client.get(reverse("briefs:country-feed", args=["atlantis"])).status_code == 404


def test_pages_advertise_their_feeds_with_link_rel_alternate(client):
    BriefFactory().countries.add(country("RU"))
    response = client.get(country("RU").get_absolute_url())
    text = response.text
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Briefs about Russia (RSS)" '
        f'href="{reverse("briefs:country-feed", args=["russia"])}">'
    ) in text
    site_feed = reverse("briefs:feed-atom")
    assert f'title="AI Geopolitics Briefs: latest briefs (Atom)" href="{site_feed}"' in text
