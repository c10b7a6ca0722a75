"""The brief list (filters, pagination, empty state) and the brief page (dates, related)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.views import BRIEFS_PER_PAGE
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    BriefCitationFactory,
    BriefFactory,
    OrganizationFactory,
    SourceFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db

LIST = reverse("briefs:brief-list")


def published_on(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 6, 1, 9, 0))


def titles(response) -> list[str]:
    return [brief.title for brief in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("parameter", "relation", "make"),
    [
        ("country", "countries", lambda: country("RU")),
        ("bloc", "blocs", lambda: BlocFactory(slug="brics")),
        ("organization", "organizations", lambda: OrganizationFactory(slug="sberbank")),
        ("model", "ai_models", lambda: AIModelFactory(slug="gigachat")),
        ("topic", "topics", lambda: TopicFactory(slug="rankings")),
    ],
)
def test_each_entity_filter_keeps_only_briefs_linked_to_it(client, parameter, relation, make):
    entity = make()
    linked = BriefFactory(title="Linked brief")
    getattr(linked, relation).add(entity)
    BriefFactory(title="Unlinked brief")
    response = client.get(LIST, {parameter: entity.slug})
    assert response.status_code == 200
    assert titles(response) == ["Linked brief"]
    assert "1 brief matches these filters." in response.text


def test_year_filter_uses_the_first_publication_date(client):
    BriefFactory(title="Old", publish_at=published_on(2023))
    revised = BriefFactory(title="Republished", publish_at=published_on(2025))
    revised.first_published_at = published_on(2023)
    revised.save()
    BriefFactory(title="New", publish_at=published_on(2025))
    assert sorted(titles(client.get(LIST, {"year": "2023"}))) == ["Old", "Republished"]


def test_filters_combine(client):
    russia, china = country("RU"), country("CN")
    topic = TopicFactory(slug="rankings")
    both = BriefFactory(title="Russia on rankings")
    both.countries.add(russia)
    both.topics.add(topic)
    BriefFactory(title="Russia only").countries.add(russia)
    other = BriefFactory(title="China on rankings")
    other.countries.add(china)
    other.topics.add(topic)
    response = client.get(LIST, {"country": "russia", "topic": "rankings"})
    assert titles(response) == ["Russia on rankings"]


def test_filter_choices_offer_only_entities_named_in_published_briefs(client):
    BriefFactory(status="draft").countries.add(country("CN"))
    BriefFactory().countries.add(country("RU"))
    response = client.get(LIST)
    choices = [slug for slug, _ in response.context["filterset"].form.fields["country"].choices]
    assert "russia" in [str(choice) for choice in choices]
    assert "china" not in [str(choice) for choice in choices]


def test_pagination_shows_twenty_a_page_and_keeps_the_filters(client):
    topic = TopicFactory(slug="rankings")
    for index in range(BRIEFS_PER_PAGE + 3):
        BriefFactory(publish_at=timezone.now() - datetime.timedelta(hours=index)).topics.add(topic)
    first = client.get(LIST, {"topic": "rankings"})
    assert len(first.context["page"].object_list) == BRIEFS_PER_PAGE
    assert 'href="?topic=rankings&amp;page=2"' in first.text
    second = client.get(LIST, {"topic": "rankings", "page": "2"})
    assert len(second.context["page"].object_list) == 3
    assert 'href="?topic=rankings&amp;page=1"' in second.text


def test_newest_briefs_come_first(client):
    BriefFactory(title="Older", publish_at=published_on(2023))
    BriefFactory(title="Newer", publish_at=published_on(2024))
    assert titles(client.get(LIST)) == ["Newer", "Older"]


def test_unknown_filter_value_is_a_400_with_the_error_next_to_the_field(client):
    BriefFactory(title="Still listed")
    response = client.get(LIST, {"country": "atlantis"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert 'aria-describedby="id_country-error"' in response.text
    assert titles(response) == ["Still listed"]


@pytest.mark.parametrize("page", ["abc", "99", "-1", "1e9"])
def test_malformed_or_missing_page_is_a_400_with_a_notice(client, page):
    BriefFactory(title="Only brief")
    response = client.get(LIST, {"page": page})
    assert response.status_code == 400
    assert 'class="notice" role="status"' in response.text
    assert titles(response) == ["Only brief"]


def test_a_value_no_published_brief_has_is_rejected_as_unknown(client):
    BriefFactory(status="draft").countries.add(country("CN"))
    BriefFactory(publish_at=published_on(2024))
    assert client.get(LIST, {"country": "china"}).status_code == 400
    assert client.get(LIST, {"year": "1999"}).status_code == 400


def test_empty_state_when_filters_match_nothing(client):
    russia_brief = BriefFactory()
    russia_brief.countries.add(country("RU"))
    topic_brief = BriefFactory()
    topic_brief.topics.add(TopicFactory(slug="rankings"))
    response = client.get(LIST, {"country": "russia", "topic": "rankings"})
    assert response.status_code == 200
    assert "No published brief matches all of these filters." in response.text
    assert "Remove filter Country: Russia" in response.text
    assert 'href="?topic=rankings"' in response.text  # removes the country, keeps the topic


def test_brief_page_shows_dates_authors_citations_and_entities(client):
    source = SourceFactory(archived_url="https://web.archive.org/web/2024/https://example.org/")
    brief = BriefFactory(title="The network", publish_at=published_on(2024))
    brief.revised_at = published_on(2025)
    brief.first_published_at = published_on(2024)
    brief.save()
    BriefCitationFactory(brief=brief, source=source, position=1)
    brief.countries.add(country("RU"))
    response = client.get(brief.get_absolute_url())
    assert "Published <time" in response.text
    assert "Updated <time" in response.text and "1 June 2025" in response.text
    assert 'id="citation-1"' in response.text
    assert 'href="https://web.archive.org/web/2024/https://example.org/">Archived copy' in (
        response.text
    )
    assert f'href="{country("RU").get_absolute_url()}"' in response.text


def test_related_briefs_are_ordered_by_shared_entities_then_newest(client):
    russia, china, india = country("RU"), country("CN"), country("IN")
    topic = TopicFactory()
    brief = BriefFactory(title="Subject")
    brief.countries.add(russia, china, india)
    brief.topics.add(topic)
    one_shared_new = BriefFactory(title="One shared, newer", publish_at=published_on(2025))
    one_shared_new.countries.add(india)
    one_shared_old = BriefFactory(title="One shared, older", publish_at=published_on(2023))
    one_shared_old.topics.add(topic)
    three_shared = BriefFactory(title="Three shared", publish_at=published_on(2020))
    three_shared.countries.add(russia, china)
    three_shared.topics.add(topic)
    BriefFactory(title="Nothing shared")
    draft = BriefFactory(title="Draft sharing all", status="draft")
    draft.countries.add(russia, china, india)
    response = client.get(brief.get_absolute_url())
    related = [b.title for b in response.context["related_briefs"]]
    assert related == ["Three shared", "One shared, newer", "One shared, older"]
    assert "Draft sharing all" not in response.text


def test_brief_without_links_has_no_related_section(client):
    BriefFactory()
    brief = BriefFactory()
    response = client.get(brief.get_absolute_url())
    assert response.context["related_briefs"] == []
    assert "Related briefs" not in response.text
