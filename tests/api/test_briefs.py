"""/api/v1/briefs/: published briefs only, filterable, paged by a stable cursor."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from tests.factories import BlocFactory, BriefFactory, TopicFactory, country

pytestmark = pytest.mark.django_db

LIST = reverse("api:brief-list")


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def detail(slug: str) -> str:
    return reverse("api:brief-detail", kwargs={"slug": slug})


def test_list_shows_only_published_briefs_and_detail_hides_the_rest(
    client, published_brief, hidden_briefs
):
    assert slugs(client.get(LIST)) == ["visible-brief"]
    for brief in hidden_briefs:
        response = client.get(detail(brief.slug))
        assert response.status_code == 404, brief.status
        assert response.json()["code"] == "not_found"


def test_brief_detail_has_body_html_citations_dates_and_links(client, published_brief):
    data = client.get(detail("visible-brief")).json()
    assert "<strong>Markdown</strong>" in data["body_html"]
    assert data["citations"][0]["position"] == 1
    assert data["citations"][0]["source"]["document_url"].startswith("https://news.example.org/")
    assert data["date_published"] == published_brief.date_published.isoformat().replace(
        "+00:00", "Z"
    )
    assert data["date_modified"] is None
    assert data["url"] == "http://testserver/api/v1/briefs/visible-brief/"
    assert data["html_url"] == "http://testserver/briefs/visible-brief/"
    assert data["countries"][0]["iso2"] == "RU"
    assert data["countries"][0]["url"] == "http://testserver/api/v1/countries/RU/"
    assert data["key_figures"][0]["html_url"] == "http://testserver/countries/russia/"


def test_scheduled_brief_appears_at_its_publication_time(client, monkeypatch):
    publish_at = timezone.now() + datetime.timedelta(hours=1)
    BriefFactory(slug="scheduled", publish_at=publish_at)
    assert slugs(client.get(LIST)) == []
    assert client.get(detail("scheduled")).status_code == 404

    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert slugs(client.get(LIST)) == ["scheduled"]
    assert client.get(detail("scheduled")).status_code == 200


@pytest.mark.parametrize("code", ["RU", "ru", "RUS", "rus", "643"])
def test_country_filter_takes_alpha_2_alpha_3_or_numeric_in_any_case(client, code):
    BriefFactory(slug="about-russia").countries.add(country("RU"))
    BriefFactory(slug="about-china").countries.add(country("CN"))
    assert slugs(client.get(LIST, {"country": code})) == ["about-russia"]


@pytest.mark.parametrize(
    ("parameter", "relation", "factory"),
    [
        ("bloc", "blocs", BlocFactory),
        ("topic", "topics", TopicFactory),
    ],
)
def test_slug_filters_keep_briefs_linked_to_that_entity(client, parameter, relation, factory):
    wanted, other = factory(), factory()
    getattr(BriefFactory(slug="linked"), relation).add(wanted)
    getattr(BriefFactory(slug="other"), relation).add(other)
    assert slugs(client.get(LIST, {parameter: wanted.slug})) == ["linked"]


def test_organization_and_model_filters(client, linked):
    brief = BriefFactory(slug="linked")
    brief.organizations.add(linked["organization"])
    brief.ai_models.add(linked["ai_model"])
    BriefFactory(slug="unlinked")
    assert slugs(client.get(LIST, {"organization": "sberbank"})) == ["linked"]
    assert slugs(client.get(LIST, {"model": "gigachat"})) == ["linked"]


def test_published_after_and_before_bound_date_published(client):
    now = timezone.now()
    for days in (30, 20, 10):
        BriefFactory(slug=f"days-{days}", publish_at=now - datetime.timedelta(days=days))
    after = (now - datetime.timedelta(days=25)).isoformat()
    before = (now - datetime.timedelta(days=25)).date().isoformat()
    assert slugs(client.get(LIST, {"published_after": after})) == ["days-10", "days-20"]
    assert slugs(client.get(LIST, {"published_before": before})) == ["days-30"]


def test_date_published_is_the_first_publication_even_after_republishing(client):
    first = timezone.now() - datetime.timedelta(days=40)
    brief = BriefFactory(slug="old", publish_at=timezone.now() - datetime.timedelta(days=1))
    Brief.objects.filter(pk=brief.pk).update(first_published_at=first)
    cutoff = (first + datetime.timedelta(days=1)).isoformat()
    assert slugs(client.get(LIST, {"published_before": cutoff})) == ["old"]


def test_updated_since_catches_edits_and_briefs_that_just_went_live(client, monkeypatch):
    now = timezone.now()
    old = BriefFactory(slug="old")
    scheduled = BriefFactory(slug="scheduled", publish_at=now + datetime.timedelta(minutes=30))
    Brief.objects.filter(pk__in=[old.pk, scheduled.pk]).update(
        updated_at=now - datetime.timedelta(days=3)
    )
    edited = BriefFactory(slug="edited")
    since = (now - datetime.timedelta(hours=1)).isoformat()
    assert slugs(client.get(LIST, {"updated_since": since, "ordering": "updated_at"})) == ["edited"]

    later = now + datetime.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(LIST, {"updated_since": since, "ordering": "updated_at"})
    assert slugs(response) == ["edited", "scheduled"]
    assert edited.updated_at < scheduled.publish_at


def test_incremental_sync_with_updated_since_and_cursor_sees_every_change_once(client):
    for number in range(7):
        BriefFactory(slug=f"brief-{number}")
    seen, url, params = {}, LIST, {"ordering": "updated_at", "page_size": 3}
    while url:
        page = client.get(url, params).json()
        seen.update({item["slug"]: item["updated_at"] for item in page["results"]})
        url, params = page["next"], None
    assert len(seen) == 7

    edited = Brief.objects.get(slug="brief-2")
    edited.title = "Edited"
    edited.save()
    checkpoint = max(seen.values())
    page = client.get(LIST, {"ordering": "updated_at", "updated_since": checkpoint}).json()
    assert [item["slug"] for item in page["results"]][-1] == "brief-2"


def test_ordering_allow_list(client):
    now = timezone.now()
    BriefFactory(slug="older", publish_at=now - datetime.timedelta(days=2))
    BriefFactory(slug="newer", publish_at=now - datetime.timedelta(days=1))
    assert slugs(client.get(LIST)) == ["newer", "older"]
    assert slugs(client.get(LIST, {"ordering": "date_published"})) == ["older", "newer"]
    assert slugs(client.get(LIST, {"ordering": "-updated_at"})) == ["newer", "older"]


def test_q_searches_and_orders_by_relevance(client):
    BriefFactory(slug="title-hit", title="GigaChat grows", summary="Other words.")
    BriefFactory(slug="summary-hit", title="Other", summary="About GigaChat.")
    BriefFactory(slug="miss", title="Nothing", summary="Nothing here.")
    BriefFactory(slug="draft-hit", title="GigaChat draft", status=Brief.Status.DRAFT)
    assert slugs(client.get(LIST, {"q": "gigachat"})) == ["title-hit", "summary-hit"]


def test_q_results_page_through_an_offset_cursor(client):
    for number in range(5):
        BriefFactory(slug=f"hit-{number}", title=f"Sanctions story {number}")
    first = client.get(LIST, {"q": "sanctions", "page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    found = [item["slug"] for page in (first, second, third) for item in page["results"]]
    assert sorted(found) == [f"hit-{number}" for number in range(5)]
    assert third["next"] is None
    assert client.get(second["previous"]).json() == first


def test_cursor_pages_are_stable_while_new_briefs_are_published(client):
    now = timezone.now()
    for number in range(5):
        BriefFactory(slug=f"b{number}", publish_at=now - datetime.timedelta(days=10 - number))
    first = client.get(LIST, {"page_size": 2}).json()
    BriefFactory(slug="breaking", publish_at=now - datetime.timedelta(seconds=5))
    second = client.get(first["next"]).json()
    assert [item["slug"] for item in first["results"]] == ["b4", "b3"]
    assert [item["slug"] for item in second["results"]] == ["b2", "b1"]


def test_page_size_above_100_is_capped(client):
    for number in range(101):
        BriefFactory(slug=f"b{number}")
    assert len(slugs(client.get(LIST, {"page_size": 500}))) == 100


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("published_after", "yesterday"),
        ("published_before", "2024-13-45"),
        ("updated_since", "2024-12-11T25:00:00Z"),
        ("updated_since", "0001-01-01T00:00:00+05:00"),
        ("country", "XX"),
        ("country", "russia"),
        ("bloc", "no-such-bloc"),
        ("topic", "bad slug!"),
        ("page_size", "ten"),
        ("page_size", "0"),
        ("cursor", "garbled!"),
        ("cursor", "cD1ub3QtYS1kYXRl"),  # base64 of "p=not-a-date"
        ("ordering", "title"),
        ("ordering", "-id"),
        ("format", "xml"),
    ],
)
def test_invalid_parameter_is_a_400_naming_it(client, parameter, value):
    response = client.get(LIST, {parameter: value})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid_parameter"
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    assert parameter in body["detail"]


def test_q_with_ordering_is_a_400_naming_ordering(client):
    response = client.get(LIST, {"q": "brics", "ordering": "-updated_at"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "ordering"
