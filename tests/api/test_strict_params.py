"""Strict parameters: an endpoint takes only what it documents, filters take several
values comma-separated, and a cursor only works for the listing it was made for."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from briefs.models import Organization
from tests.factories import BriefFactory, OrganizationFactory, TopicFactory, country

pytestmark = pytest.mark.django_db

LIST = reverse("api:brief-list")
LISTS = [
    "api:brief-list",
    "api:country-list",
    "api:bloc-list",
    "api:membership-list",
    "api:membership-csv",
    "api:organization-list",
    "api:ai-model-list",
    "api:person-list",
    "api:indicator-list",
    "api:ranking-list",
    "api:ranking-csv",
    "api:key-figure-list",
    "api:key-figure-csv",
    "api:event-list",
    "api:source-list",
    "api:topic-list",
    "api:search",
    "api:root",
]


def refused(response) -> dict[str, str]:
    """The parameters a 400 names, with their messages."""
    assert response.status_code == 400, response.content
    return {error["parameter"]: error["message"] for error in response.json()["errors"]}


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_parameter_is_a_400_naming_it_on_every_list(client, name):
    problems = refused(client.get(reverse(name), {"countr": "ru"}))
    assert list(problems) == ["countr"]
    assert problems["countr"].startswith("Unknown parameter.")


def test_the_typo_of_the_issue_no_longer_returns_the_unfiltered_list(client):
    BriefFactory(slug="about-china").countries.add(country("CN"))
    assert "countr" in refused(client.get(LIST, {"countr": "ru"}))
    assert "limit" in refused(client.get(LIST, {"limit": "5"}))
    assert "page" in refused(client.get(LIST, {"page": "2"}))


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_parameter_is_a_400_naming_it(client, value):
    assert "country" in refused(client.get(LIST + f"?country={value}"))
    assert "page_size" in refused(client.get(reverse("api:topic-list") + f"?page_size={value}"))


def test_a_single_valued_parameter_given_twice_is_a_400_naming_it(client):
    problems = refused(client.get(LIST + "?ordering=updated_at&ordering=-updated_at"))
    assert problems == {"ordering": "Given more than once: give it once."}
    assert "page_size" in refused(client.get(LIST + "?page_size=1&page_size=2"))


def test_every_bad_parameter_is_named_at_once(client):
    problems = refused(client.get(LIST + "?countr=ru&page_size=1&page_size=2&topic="))
    assert set(problems) == {"countr", "page_size", "topic"}


def test_detail_takes_only_fields(client):
    BriefFactory(slug="one")
    url = reverse("api:brief-detail", kwargs={"slug": "one"})
    assert "country" in refused(client.get(url, {"country": "ru"}))
    assert client.get(url, {"fields": "slug"}).status_code == 200


def test_country_takes_several_comma_separated_codes_and_lists_each_brief_once(client):
    BriefFactory(slug="about-russia").countries.add(country("RU"))
    BriefFactory(slug="about-china").countries.add(country("CN"))
    BriefFactory(slug="about-both").countries.add(country("RU"), country("CN"))
    BriefFactory(slug="about-india").countries.add(country("IN"))
    found = slugs(client.get(LIST, {"country": "ru,CHN"}))
    assert sorted(found) == ["about-both", "about-china", "about-russia"]
    assert client.get(LIST, {"country": "ru,CHN"}).json()["count"] == 3


def test_a_repeated_multi_valued_filter_means_its_values_joined(client):
    """Generated clients send an array as country=ru&country=cn: it is the same request."""
    BriefFactory(slug="about-russia").countries.add(country("RU"))
    BriefFactory(slug="about-china").countries.add(country("CN"))
    joined = slugs(client.get(LIST, {"country": "ru,cn"}))
    repeated = slugs(client.get(LIST + "?country=ru&country=cn"))
    assert sorted(joined) == sorted(repeated) == ["about-china", "about-russia"]


def test_each_value_of_a_list_is_checked(client):
    problems = refused(client.get(LIST, {"country": "ru,xx"}))
    assert "XX" in problems["country"]
    assert "empty value" in refused(client.get(LIST, {"country": "ru,,cn"}))["country"]
    assert "at most 20" in refused(client.get(LIST, {"country": ",".join(["ru"] * 21)}))["country"]


def test_choice_and_slug_filters_take_several_values(client):
    OrganizationFactory(slug="a-bank", kind=Organization.Kind.BANK)
    OrganizationFactory(slug="a-university", kind=Organization.Kind.RESEARCH)
    OrganizationFactory(slug="a-company", kind=Organization.Kind.COMPANY)
    response = client.get(reverse("api:organization-list"), {"kind": "bank,research"})
    assert sorted(slugs(response)) == ["a-bank", "a-university"]
    assert "kind" in refused(client.get(reverse("api:organization-list"), {"kind": "bank,shop"}))
    first, second = TopicFactory(slug="first"), TopicFactory(slug="second")
    BriefFactory(slug="on-first").topics.add(first)
    BriefFactory(slug="on-second").topics.add(second)
    assert sorted(slugs(client.get(LIST, {"topic": "first,second"}))) == ["on-first", "on-second"]


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def test_a_cursor_pages_through_the_listing_it_was_made_for(client):
    for number in range(3):
        BriefFactory(slug=f"brief-{number}")
    first = client.get(LIST, {"ordering": "updated_at", "page_size": 2}).json()
    second = client.get(first["next"])
    assert second.status_code == 200
    assert len(first["results"]) + len(second.json()["results"]) == 3
    # The page size may change from page to page; it does not change the listing.
    resized = client.get(LIST, {"ordering": "updated_at", "cursor": cursor_of(first["next"])})
    assert resized.status_code == 200


def test_a_cursor_is_refused_under_another_ordering_or_other_filters(client):
    for number in range(3):
        BriefFactory(slug=f"brief-{number}").countries.add(country("RU"))
    first = client.get(LIST, {"ordering": "updated_at", "page_size": 1}).json()
    cursor = cursor_of(first["next"])
    other_ordering = client.get(LIST, {"ordering": "-updated_at", "cursor": cursor})
    assert "another ordering" in refused(other_ordering)["cursor"]
    other_filter = client.get(LIST, {"ordering": "updated_at", "country": "ru", "cursor": cursor})
    assert "cursor" in refused(other_filter)
    no_ordering = client.get(LIST, {"cursor": cursor})
    assert "cursor" in refused(no_ordering)


def test_a_cursor_without_its_listing_is_refused(client):
    """A cursor of the old kind, or one built by hand, names no listing."""
    BriefFactory()
    forged = base64.b64encode(b"p=2024-12-11+10%3A00%3A00%2B00%3A00").decode()
    assert "not a cursor from this API" in refused(client.get(LIST, {"cursor": forged}))["cursor"]


def test_a_search_cursor_is_bound_to_its_query(client):
    for number in range(3):
        BriefFactory(slug=f"zebra-{number}", title=f"Zebra number {number}")
    first = client.get(LIST, {"q": "zebra", "page_size": 1}).json()
    assert client.get(first["next"]).status_code == 200
    moved = client.get(LIST, {"q": "number", "cursor": cursor_of(first["next"])})
    assert "cursor" in refused(moved)


def test_every_documented_parameter_is_accepted_and_nothing_else(client, schema):
    """The schema and the strict check read the same parts, so they agree."""
    for path, operations in schema["paths"].items():
        documented = {
            p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"
        }
        url = path.replace("{slug}", "x").replace("{code}", "RU").replace("{id}", "1")
        query = "&".join(f"{name}=x" for name in sorted(documented | {"undocumented"}))
        problems = refused(client.get(f"{url}?{query}"))
        unknown = {name for name, message in problems.items() if "Unknown" in message}
        assert unknown == {"undocumented"}, path
