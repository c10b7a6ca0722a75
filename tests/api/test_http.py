"""HTTP behaviour of the read API: methods, validators and 304s, cache lifetime, CORS,
throttling, and one JSON error shape everywhere."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BriefFactory, KeyFigureFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:brief-list")


def max_age_of(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url", [LIST, "/api/v1/briefs/some-brief/", "/api/v1/countries/RU/", "/api/v1/search/"]
)
def test_writing_methods_get_405_with_a_json_body(client, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_and_options_are_allowed(client):
    BriefFactory()
    head = client.head(LIST)
    assert head.status_code == 200
    assert head["ETag"] == client.get(LIST)["ETag"]
    assert client.options(LIST).status_code == 200


def test_if_none_match_gives_304_until_the_content_changes(client):
    brief = BriefFactory()
    first = client.get(LIST)
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30"
    again = client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""

    brief.title = "A new title"
    brief.save()
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_if_modified_since_gives_304_and_a_withdrawn_brief_moves_last_modified(client, monkeypatch):
    older, newer = BriefFactory(slug="older"), BriefFactory(slug="newer")
    first = client.get(LIST)
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    # Withdrawing the newest brief leaves only older rows: the list still changed.
    later = timezone.now() + datetime.timedelta(seconds=5)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    newer.status = newer.Status.WITHDRAWN
    newer.save()
    response = client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == [older.slug]


def test_detail_answers_304_too(client):
    BriefFactory(slug="one")
    url = reverse("api:brief-detail", kwargs={"slug": "one"})
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_list_validators_change_when_a_scheduled_brief_comes_due(client, monkeypatch):
    BriefFactory(slug="live")
    publish_at = timezone.now() + datetime.timedelta(seconds=30)
    BriefFactory(slug="scheduled", publish_at=publish_at)
    before = client.get(LIST)
    # Never cached past the moment the scheduled brief goes live.
    assert 0 <= max_age_of(before) <= 30

    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    after = client.get(LIST, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert [item["slug"] for item in after.json()["results"]] == ["scheduled", "live"]
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] != before["Last-Modified"]
    assert after["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30"


def test_entity_pages_nesting_briefs_are_not_cached_past_the_next_publication(client, linked):
    BriefFactory(publish_at=timezone.now() + datetime.timedelta(seconds=20)).countries.add(
        linked["country"]
    )
    response = client.get(reverse("api:country-detail", kwargs={"code": "RU"}))
    assert max_age_of(response) <= 20


def test_cors_is_open_to_any_origin_and_exposes_the_validators(client):
    BriefFactory()
    response = client.get(LIST, HTTP_ORIGIN="https://dashboard.example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://dashboard.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_anonymous_clients_past_the_rate_get_429_with_retry_after(client, settings):
    # The throttle guards the work of building responses; a page-cache hit is served
    # before it (briefs/page_cache.py), so it is measured here without the cache.
    settings.PAGE_CACHE_ENABLED = False
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    for _ in range(3):
        assert client.get(LIST, REMOTE_ADDR="203.0.113.9").status_code == 200
    response = client.get(LIST, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Cache-Control"] == "no-store"
    # Another client is not held back.
    assert client.get(LIST, REMOTE_ADDR="203.0.113.10").status_code == 200


def test_throttle_rate_comes_from_the_environment(monkeypatch):
    import importlib

    from site_config import settings as site_settings

    monkeypatch.setenv("API_ANON_THROTTLE_RATE", "42/hour")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "test")
    reloaded = importlib.reload(site_settings)
    try:
        assert reloaded.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "42/hour"
    finally:
        monkeypatch.delenv("API_ANON_THROTTLE_RATE")
        importlib.reload(site_settings)


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing-here/", "/api/v1/briefs/no-such-brief/", "/api/v1/sources/99999/"]
)
def test_unknown_paths_and_objects_are_json_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "code", "errors"}
    assert body["code"] == "not_found"


def test_page_past_the_last_is_a_404_naming_page(client):
    response = client.get(reverse("api:topic-list"), {"page": 5})
    assert response.status_code == 404
    assert response.json()["errors"][0]["parameter"] == "page"


@pytest.mark.parametrize("page", ["two", "0", "-1"])
def test_malformed_page_is_a_400_naming_page(client, page):
    response = client.get(reverse("api:topic-list"), {"page": page})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "page"


def test_errors_are_problem_json_even_when_csv_was_asked_for(client):
    KeyFigureFactory()
    response = client.get(reverse("api:key-figure-csv"), {"year": "soon"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["parameter"] == "year"


def test_unacceptable_accept_header_is_a_json_406(client):
    response = client.get(LIST, HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_path_without_trailing_slash_redirects_to_the_endpoint(client):
    response = client.get("/api/v1/briefs")
    assert response.status_code == 301
    assert response["Location"] == LIST
