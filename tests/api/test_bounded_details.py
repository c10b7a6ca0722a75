"""What grows with the archive stays short in an entity's detail: the newest
``selectors.ENTITY_ROWS`` briefs, key figures and events, how many there are in all,
and the URL of the filtered list that pages through every one of them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs import selectors
from tests.factories import (
    BriefCitationFactory,
    BriefFactory,
    EventFactory,
    KeyFigureFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db

SHOWN, ALL = 3, 5  # ENTITY_ROWS for these tests, and how many rows each list holds
YEARS = range(2020, 2020 + ALL)


@pytest.fixture(autouse=True)
def few_rows(monkeypatch, settings):
    monkeypatch.setattr(selectors, "ENTITY_ROWS", SHOWN)
    settings.PAGE_CACHE_ENABLED = False


def _linked_rows(**subject):
    """ALL key figures, events and published briefs about `subject`, one a year; the
    briefs are published a day apart, the latest year's newest."""
    now = timezone.now()
    for year in YEARS:
        if "country" in subject or "organization" in subject:
            KeyFigureFactory(**{"country": None, **subject}, label=f"Figure {year}", year=year)
        event = EventFactory(title=f"Event {year}", occurred_on=datetime.date(year, 6, 1))
        brief = BriefFactory(
            slug=f"brief-{year}", publish_at=now - datetime.timedelta(days=2030 - year)
        )
        for name, entity in subject.items():
            plural = {"country": "countries", "organization": "organizations"}.get(name, "people")
            getattr(event, plural).add(entity)
            getattr(brief, plural).add(entity)


def _all_of(client, url: str) -> list[dict]:
    """Every row a list URL leads to, page after page."""
    rows = []
    while url:
        page = client.get(url, {"page_size": 2} if "page_size" not in url else None).json()
        rows += page["results"]
        url = page["next"]
    return rows


def test_a_country_detail_nests_its_newest_rows_with_totals_and_urls_to_all(client):
    _linked_rows(country=country("RU"))
    data = client.get(reverse("api:country-detail", kwargs={"code": "ru"})).json()

    assert [figure["label"] for figure in data["key_figures"]] == [
        "Figure 2024",
        "Figure 2023",
        "Figure 2022",
    ]
    assert [event["title"] for event in data["events"]] == [
        "Event 2024",
        "Event 2023",
        "Event 2022",
    ]
    assert [brief["slug"] for brief in data["latest_briefs"]] == [
        "brief-2024",
        "brief-2023",
        "brief-2022",
    ]
    assert (data["key_figures_total"], data["events_total"]) == (ALL, ALL)
    assert data["key_figures_url"] == "http://testserver/api/v1/key-figures/?country=RU"
    assert data["events_url"] == "http://testserver/api/v1/events/?country=RU"

    figures = _all_of(client, data["key_figures_url"])
    assert sorted(figure["label"] for figure in figures) == [f"Figure {y}" for y in YEARS]
    events = _all_of(client, data["events_url"])
    assert [event["title"] for event in events] == [f"Event {y}" for y in reversed(YEARS)]
    briefs = _all_of(client, data["briefs_url"])
    assert [brief["slug"] for brief in briefs] == [f"brief-{y}" for y in reversed(YEARS)]


def test_an_organization_detail_links_to_all_its_key_figures_and_events(client):
    organization = OrganizationFactory(slug="northern-systems")
    _linked_rows(organization=organization)
    data = client.get(reverse("api:organization-detail", kwargs={"slug": "northern-systems"}))
    data = data.json()

    assert len(data["key_figures"]) == len(data["events"]) == len(data["latest_briefs"]) == SHOWN
    assert (data["key_figures_total"], data["events_total"]) == (ALL, ALL)
    assert len(_all_of(client, data["key_figures_url"])) == ALL
    assert len(_all_of(client, data["events_url"])) == ALL
    assert len(_all_of(client, data["briefs_url"])) == ALL


def test_a_person_detail_links_to_all_their_events_and_briefs(client):
    _linked_rows(person=PersonFactory(slug="anna-ivanova"))
    data = client.get(reverse("api:person-detail", kwargs={"slug": "anna-ivanova"})).json()

    assert [event["title"] for event in data["events"]] == [
        "Event 2024",
        "Event 2023",
        "Event 2022",
    ]
    assert data["events_total"] == ALL
    assert data["events_url"] == "http://testserver/api/v1/events/?person=anna-ivanova"
    assert data["briefs_url"] == "http://testserver/api/v1/briefs/?person=anna-ivanova"
    assert len(data["latest_briefs"]) == SHOWN
    assert len(_all_of(client, data["events_url"])) == ALL
    assert len(_all_of(client, data["briefs_url"])) == ALL


def test_an_event_detail_links_to_all_its_briefs(client):
    event = EventFactory(slug="network-announced")
    for _ in range(ALL):
        BriefFactory().events.add(event)
    data = client.get(reverse("api:event-detail", kwargs={"slug": "network-announced"})).json()

    assert len(data["latest_briefs"]) == SHOWN
    assert data["briefs_url"] == "http://testserver/api/v1/briefs/?event=network-announced"
    assert len(_all_of(client, data["briefs_url"])) == ALL


def test_a_source_detail_nests_the_newest_briefs_citing_it_once_each(client):
    source = SourceFactory()
    now = timezone.now()
    for year in YEARS:
        brief = BriefFactory(
            slug=f"brief-{year}", publish_at=now - datetime.timedelta(days=2030 - year)
        )
        BriefCitationFactory(brief=brief, source=source, position=1)
        BriefCitationFactory(brief=brief, source=source, position=2)
    data = client.get(reverse("api:source-detail", kwargs={"pk": source.pk})).json()

    assert [brief["slug"] for brief in data["latest_briefs"]] == [
        "brief-2024",
        "brief-2023",
        "brief-2022",
    ]


def test_a_detail_with_few_rows_nests_them_all(client):
    KeyFigureFactory(country=country("RU"), organization=None, label="Only figure")
    data = client.get(reverse("api:country-detail", kwargs={"code": "RU"})).json()

    assert [figure["label"] for figure in data["key_figures"]] == ["Only figure"]
    assert (data["key_figures_total"], data["events"], data["events_total"]) == (1, [], 0)


@pytest.mark.parametrize(
    ("list_name", "query", "message"),
    [
        ("api:brief-list", {"person": "nobody"}, "No person has the slug 'nobody'."),
        ("api:brief-list", {"event": "no event!"}, "Enter the slug of a event"),
        ("api:event-list", {"person": "nobody"}, "No person has the slug 'nobody'."),
        ("api:key-figure-list", {"country": "XX"}, "XX"),
    ],
)
def test_the_all_rows_filters_refuse_unknown_values_with_a_400(client, list_name, query, message):
    response = client.get(reverse(list_name), query)

    assert response.status_code == 400
    assert message in response.text
