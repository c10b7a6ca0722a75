"""Each endpoint's query count is pinned, and the same at two data sizes: no N+1.

A page of 50 briefs with all their references takes 6 queries: the page (which also
carries the next scheduled publication time) and one per kind of reference.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefs import selectors
from tests.api.conftest import link_brief
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    BriefFactory,
    EventFactory,
    IndicatorEditionFactory,
    IndicatorFactory,
    KeyFigureFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RankingFactory,
    RoleFactory,
    SourceFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    """The counts are the view's own; the page cache adds the same few to every page
    (pinned in tests/test_page_cache.py) and, on a hit, replaces the view's."""
    settings.PAGE_CACHE_ENABLED = False


SMALL, LARGE = 2, 9


@pytest.fixture(autouse=True)
def few_nested_rows(monkeypatch):
    """Details nest at most ENTITY_ROWS briefs, key figures and events: fewer than
    LARGE, so the larger size overflows them."""
    monkeypatch.setattr(selectors, "ENTITY_ROWS", SMALL + 1)


COUNTRIES = ["RU", "CN", "IN", "BR", "ZA", "RS", "ID", "US", "GB", "IL", "UA", "EG", "IR"]


@pytest.fixture
def hub(db):
    """The objects whose detail pages are measured; populate() links more to them."""
    organization = OrganizationFactory(slug="hub-org")
    indicator = IndicatorFactory(slug="hub-index")
    return {
        "bloc": BlocFactory(slug="hub-bloc"),
        "organization": organization,
        "ai_model": AIModelFactory(slug="hub-model", developers=[organization]),
        "person": PersonFactory(slug="hub-person"),
        "event": EventFactory(slug="hub-event"),
        "topic": TopicFactory(slug="hub-topic"),
        "source": SourceFactory(),
        "indicator": indicator,
        "key_figure": KeyFigureFactory(organization=None, country=country("RU")),
        "country": country("RU"),
    }


def populate(hub: dict, start: int, stop: int) -> None:
    """Objects number start..stop-1, each linked to the hub and to one another."""
    now = timezone.now()
    for number in range(start, stop):
        code = COUNTRIES[number % len(COUNTRIES)]
        organization = OrganizationFactory(parent=hub["organization"], country=country(code))
        source = SourceFactory(publisher=organization)
        bloc = BlocFactory(parent=hub["bloc"])
        membership = MembershipFactory(bloc=hub["bloc"], country=None, organization=organization)
        membership.sources.add(source, hub["source"])
        MembershipFactory(bloc=bloc, country=None, organization=hub["organization"])
        ai_model = AIModelFactory(developers=[organization, hub["organization"]])
        ai_model.base_model = hub["ai_model"]
        ai_model.save()
        ai_model.sources.add(source)
        hub["ai_model"].sources.add(source)
        person = PersonFactory(country=country(code))
        RoleFactory(person=person, organization=hub["organization"], source=source)
        RoleFactory(person=hub["person"], organization=organization, country=country(code))
        event = EventFactory()
        for entity_events in (hub["bloc"], hub["organization"], hub["ai_model"], hub["person"]):
            entity_events.events.add(event)
        event.countries.add(country("RU"))
        hub["event"].countries.add(country(code))
        hub["event"].blocs.add(bloc)
        hub["event"].organizations.add(organization)
        hub["event"].ai_models.add(ai_model)
        hub["event"].people.add(person)
        hub["event"].sources.add(source)
        edition = IndicatorEditionFactory(indicator=hub["indicator"], source=source)
        RankingFactory(edition=edition, country=country("RU"), source=source)
        KeyFigureFactory(country=None, organization=organization, source=source)
        KeyFigureFactory(country=country("RU"), year=2000 + number, source=source)
        TopicFactory()
        brief = BriefFactory(publish_at=now - datetime.timedelta(hours=number + 1))
        link_brief(brief, hub | {"organization": organization, "source": source})
        brief.countries.add(country(code))
        brief.topics.add(TopicFactory())
        # A hidden brief on every hub: it must cost nothing and show nowhere.
        link_brief(BriefFactory(status="draft"), hub)


def brief_detail_url(hub) -> str:
    slug = hub["topic"].briefs.filter(status="published").latest("publish_at").slug
    return reverse("api:brief-detail", kwargs={"slug": slug})


def first_id(list_name: str):
    return lambda hub, client: client.get(reverse(list_name)).json()["results"][0]["url"]


# (name, URL maker, pinned count). Lists count their rows first (briefs for `count`).
ENDPOINTS = [
    ("root", lambda hub, client: reverse("api:root"), 0),
    ("brief list (50 a page)", lambda hub, client: reverse("api:brief-list") + "?page_size=50", 7),
    (
        "brief list, filtered",
        lambda hub, client: reverse("api:brief-list") + "?page_size=50&country=RU&topic=hub-topic",
        9,
    ),
    (
        "brief list, by person and event",
        lambda hub, client: reverse("api:brief-list") + "?person=hub-person&event=hub-event",
        9,
    ),
    ("brief list, searched", lambda hub, client: reverse("api:brief-list") + "?q=brief", 7),
    ("brief detail", lambda hub, client: brief_detail_url(hub), 11),
    ("country list", lambda hub, client: reverse("api:country-list") + "?page_size=100", 2),
    ("country detail", lambda hub, client: reverse("api:country-detail", kwargs={"code": "ru"}), 9),
    ("bloc list", lambda hub, client: reverse("api:bloc-list") + "?page_size=100", 2),
    ("bloc detail", lambda hub, client: reverse("api:bloc-detail", kwargs={"slug": "hub-bloc"}), 8),
    ("membership list", lambda hub, client: reverse("api:membership-list"), 3),
    # CSVs: the validator's aggregate, the rows, one side query per related object the
    # cells describe (csv_tables.Ref), and a membership's sources per chunk.
    ("membership csv", lambda hub, client: reverse("api:membership-csv"), 6),
    ("membership detail", first_id("api:membership-list"), 2),
    ("organization list", lambda hub, client: reverse("api:organization-list"), 2),
    (
        "organization detail",
        lambda hub, client: reverse("api:organization-detail", kwargs={"slug": "hub-org"}),
        9,
    ),
    ("AI model list", lambda hub, client: reverse("api:ai-model-list"), 3),
    (
        "AI model detail",
        lambda hub, client: reverse("api:ai-model-detail", kwargs={"slug": "hub-model"}),
        7,
    ),
    ("person list", lambda hub, client: reverse("api:person-list"), 2),
    (
        "person detail",
        lambda hub, client: reverse("api:person-detail", kwargs={"slug": "hub-person"}),
        5,
    ),
    ("indicator list", lambda hub, client: reverse("api:indicator-list"), 2),
    (
        "indicator detail",
        lambda hub, client: reverse("api:indicator-detail", kwargs={"slug": "hub-index"}),
        2,
    ),
    ("ranking list", lambda hub, client: reverse("api:ranking-list") + "?country=RU", 3),
    ("ranking csv", lambda hub, client: reverse("api:ranking-csv"), 5),
    ("ranking detail", first_id("api:ranking-list"), 1),
    ("key figure list", lambda hub, client: reverse("api:key-figure-list"), 2),
    (
        "key figure list, by country",
        lambda hub, client: reverse("api:key-figure-list") + "?country=RU",
        3,
    ),
    ("key figure csv", lambda hub, client: reverse("api:key-figure-csv"), 5),
    ("key figure detail", first_id("api:key-figure-list"), 1),
    ("event list", lambda hub, client: reverse("api:event-list"), 2),
    (
        "event list, by person",
        lambda hub, client: reverse("api:event-list") + "?person=hub-person",
        3,
    ),
    (
        "event detail",
        lambda hub, client: reverse("api:event-detail", kwargs={"slug": "hub-event"}),
        9,
    ),
    ("source list", lambda hub, client: reverse("api:source-list"), 2),
    (
        "source detail",
        lambda hub, client: reverse("api:source-detail", kwargs={"pk": hub["source"].pk}),
        3,
    ),
    ("topic list", lambda hub, client: reverse("api:topic-list"), 2),
    (
        "topic detail",
        lambda hub, client: reverse("api:topic-detail", kwargs={"slug": "hub-topic"}),
        3,
    ),
    ("search", lambda hub, client: reverse("api:search") + "?q=brief", 7),
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:  # a stream's queries run as it is read
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url_for", "expected"),
    [(url_for, expected) for _, url_for, expected in ENDPOINTS],
    ids=[name for name, _, _ in ENDPOINTS],
)
def test_query_count_is_pinned_and_constant_in_data_size(client, hub, url_for, expected):
    populate(hub, 0, SMALL)
    small = count_queries(client, url_for(hub, client))
    populate(hub, SMALL, LARGE)
    large = count_queries(client, url_for(hub, client))
    assert (small, large) == (expected, expected)


def test_a_page_of_50_briefs_with_references_is_at_most_7_queries(client, hub):
    populate(hub, 0, 50)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:brief-list"), {"page_size": 50})
    page = response.json()["results"]
    assert len(page) == 50
    assert all(brief["topics"] and brief["countries"] and brief["ai_models"] for brief in page)
    # The count, the page, and one query per kind of reference.
    assert len(queries) <= 7
