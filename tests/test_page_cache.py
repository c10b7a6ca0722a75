"""The page cache answers anonymous readers, and is never stale, never private, never fatal.

Each invalidation test first proves the response is cached (a second request is a
hit), then changes content the way an editor would and checks that the very next
request, page and API alike, shows the change.
"""

import datetime
import logging
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from briefs.preview import make_link
from tests.factories import (
    BriefFactory,
    IndicatorEditionFactory,
    RankingFactory,
    SuperuserFactory,
    country,
)

pytestmark = pytest.mark.django_db

HOME = reverse("briefs:home")
BRIEF_LIST = reverse("briefs:brief-list")
FEED = reverse("briefs:feed")
SITEMAP = reverse("sitemap-section", args=["briefs"])
API_BRIEFS = reverse("api:brief-list")


def api_brief(slug: str) -> str:
    return reverse("api:brief-detail", kwargs={"slug": slug})


def cached(client, url: str) -> bytes:
    """The response body, after checking that the page cache now holds it."""
    first = client.get(url)
    assert first.status_code == 200, url
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit", url
    assert second.content == first.content
    return second.content


@pytest.fixture
def russia_brief():
    brief = BriefFactory(slug="russia-brief", title="Russia builds an AI alliance")
    brief.countries.add(country("RU"))
    return brief


def test_a_second_anonymous_read_is_answered_from_the_cache_with_at_most_one_query(
    client, russia_brief, settings
):
    assert client.get(HOME)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response["X-Page-Cache"] == "hit"
    # The content generation: from the database with local memory, from Redis beside
    # the page with Redis (tests/test_shared_generation.py).
    assert len(queries) == (0 if settings.REDIS_URL else 1)


def test_publishing_a_brief_shows_at_once_on_cached_pages_and_api(client, russia_brief):
    draft = BriefFactory(slug="fresh", title="Fresh zebra brief", status=Brief.Status.DRAFT)
    urls = [HOME, BRIEF_LIST, FEED, SITEMAP, API_BRIEFS]
    for url in urls:
        assert b"fresh" not in cached(client, url).lower()

    draft.status = Brief.Status.PUBLISHED
    draft.save()

    for url in urls:
        assert b"fresh" in client.get(url).content.lower(), url
    assert client.get(api_brief("fresh")).status_code == 200


def test_withdrawing_a_brief_removes_it_at_once_from_cached_pages_and_api(client, russia_brief):
    page = russia_brief.get_absolute_url()
    for url in [HOME, BRIEF_LIST, page, API_BRIEFS, api_brief(russia_brief.slug)]:
        assert b"Russia builds" in cached(client, url)

    russia_brief.status = Brief.Status.WITHDRAWN
    russia_brief.save()

    assert client.get(page).status_code == 404
    assert client.get(api_brief(russia_brief.slug)).status_code == 404
    for url in [HOME, BRIEF_LIST, API_BRIEFS]:
        assert b"Russia builds" not in client.get(url).content, url


def test_editing_an_entity_shows_at_once_on_the_briefs_naming_it(client, russia_brief):
    russia = country("RU")
    urls = [russia_brief.get_absolute_url(), russia.get_absolute_url(), api_brief("russia-brief")]
    for url in urls:
        assert b"Zebraland" not in cached(client, url)

    russia.name = "Zebraland"
    russia.save()

    for url in urls:
        assert b"Zebraland" in client.get(url).content, url


def test_linking_a_brief_to_an_entity_shows_at_once(client, russia_brief):
    china = country("CN")
    assert b"russia-brief" not in cached(client, china.get_absolute_url())
    russia_brief.countries.add(china)  # a write to the many-to-many table alone
    assert b"russia-brief" in client.get(china.get_absolute_url()).content


def test_editing_a_ranking_shows_at_once_on_cached_pages_and_api(client, russia_brief):
    edition = IndicatorEditionFactory(year=2024)
    ranking = RankingFactory(edition=edition, country=country("RU"), rank=31)
    rankings_api = reverse("api:ranking-list")
    urls = [HOME, country("RU").get_absolute_url(), edition.indicator.get_absolute_url()]
    for url in [*urls, rankings_api]:
        cached(client, url)

    ranking.rank = 7
    ranking.save()

    for url in urls:
        assert "7th" in client.get(url).content.decode() or b">7<" in client.get(url).content
    assert [item["rank"] for item in client.get(rankings_api).json()["results"]] == [7]


def test_a_scheduled_brief_appears_in_cached_pages_at_its_publish_time(
    client, russia_brief, monkeypatch
):
    publish_at = timezone.now() + datetime.timedelta(minutes=5)
    BriefFactory(slug="scheduled", title="Scheduled zebra brief", publish_at=publish_at)
    urls = [HOME, BRIEF_LIST, FEED, API_BRIEFS]
    for url in urls:
        assert b"Scheduled zebra" not in cached(client, url)

    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no write: only the clock moves

    for url in urls:
        assert b"Scheduled zebra" in client.get(url).content, url


def test_no_entry_outlives_the_next_scheduled_publication(client, russia_brief):
    BriefFactory(slug="soon", publish_at=timezone.now() + datetime.timedelta(seconds=20))
    response = client.get(BRIEF_LIST)
    assert "max-age=" in response["Cache-Control"]
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 20


def test_staff_never_see_or_fill_the_cache(client, russia_brief):
    client.force_login(SuperuserFactory())
    for _ in range(2):
        response = client.get(HOME)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    client.logout()
    anonymous = client.get(HOME)
    assert anonymous["X-Page-Cache"] == "miss"  # the staff reads stored nothing


def test_a_request_with_a_session_cookie_or_credentials_bypasses_the_cache(client, russia_brief):
    cached(client, HOME)
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get(HOME)
    del client.cookies["sessionid"]
    assert "X-Page-Cache" not in client.get(HOME, HTTP_AUTHORIZATION="Bearer x")


def test_shared_previews_are_never_cached(client):
    draft = BriefFactory(slug="draft", title="Draft zebra", status=Brief.Status.DRAFT)
    _, token = make_link(draft, user=SuperuserFactory())
    url = reverse("briefs:brief-preview", kwargs={"token": token})
    for _ in range(2):
        response = client.get(url)
        assert b"Draft zebra" in response.content
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_pages_carry_validators_and_answer_304(client, russia_brief):
    page = russia_brief.get_absolute_url()
    first = client.get(page)
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30"
    assert first["ETag"] and first["Last-Modified"]
    for response in (first, client.get(page)):  # a miss, then a hit
        again = client.get(page, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert again.content == b""
    since = client.get(page, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    russia_brief.title = "A new title"
    russia_brief.save()
    changed = client.get(page, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_api_representations_are_cached_apart(client):
    RankingFactory(country=country("RU"))
    rankings = reverse("api:ranking-list")
    json_body = cached(client, rankings)
    csv = client.get(reverse("api:ranking-csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert client.get(rankings)["Content-Type"].startswith("application/json")
    assert csv.streaming  # never kept by the page cache: a stream is not stored
    assert json_body != b"".join(csv.streaming_content)


def test_errors_and_not_found_are_not_cached(client):
    client.get("/briefs/no-such-brief/")
    BriefFactory(slug="no-such-brief")
    assert client.get("/briefs/no-such-brief/").status_code == 200


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def test_a_redis_outage_serves_uncached_and_logs_a_warning(client, russia_brief, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "briefs.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    from briefs import cache as resilient_cache

    resilient_cache.ResilientRedisCache._last_warning = 0.0
    with caplog.at_level(logging.WARNING, logger="briefs.cache"):
        for url in [HOME, russia_brief.get_absolute_url(), API_BRIEFS, api_brief("russia-brief")]:
            for _ in range(2):
                response = client.get(url)
                assert response.status_code == 200, url
                assert response.get("X-Page-Cache") != "hit"
    assert "Cache unavailable" in caplog.text


def test_a_cached_api_answer_does_not_repeat_another_clients_rate_limit(client):
    BriefFactory()
    first = client.get(API_BRIEFS, REMOTE_ADDR="203.0.113.8")
    assert first["X-Page-Cache"] == "miss" and "RateLimit-Remaining" in first
    hit = client.get(API_BRIEFS, REMOTE_ADDR="198.51.100.9")
    assert hit["X-Page-Cache"] == "hit"
    assert "RateLimit-Remaining" not in hit


def test_robots_txt_answers_when_the_content_generation_cannot_be_read(client, caplog):
    # A server started before its migrations ran: no table to key the cache by.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE briefs_contentgeneration")
    with caplog.at_level(logging.WARNING, logger="briefs.page_cache"):
        response = client.get(reverse("robots"))
    assert response.status_code == 200
    assert response.get("X-Page-Cache") is None
    assert "Page cache bypassed" in caplog.text


def test_a_new_release_never_serves_what_the_old_code_cached(client, settings, russia_brief):
    cached(client, HOME)

    settings.RELEASE = "a-new-deploy"

    assert client.get(HOME)["X-Page-Cache"] == "miss"
