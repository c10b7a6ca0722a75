"""The knowledge base's endpoints: natural keys, links, filters, and no hidden brief
in any nested reference."""

import datetime

import pytest
from django.urls import reverse

from briefs.models import Membership, Organization
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    EventFactory,
    IndicatorEditionFactory,
    KeyFigureFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    RoleFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["ru", "RU", "rus", "RuS", "643"])
def test_country_is_found_by_iso_alpha_2_alpha_3_or_numeric_in_any_case(client, code):
    response = client.get(reverse("api:country-detail", kwargs={"code": code}))
    assert response.status_code == 200
    data = response.json()
    assert (data["iso2"], data["iso3"], data["name"]) == ("RU", "RUS", "Russia")
    assert data["url"] == "http://testserver/api/v1/countries/RU/"
    assert data["html_url"] == "http://testserver/countries/russia/"


@pytest.mark.parametrize("path", ["/api/v1/countries/xx/", "/api/v1/countries/russia/"])
def test_unknown_country_code_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_country_list_filters_by_region(client):
    data = client.get(reverse("api:country-list"), {"region": "oceania", "page_size": 100}).json()
    assert data["count"] == len(data["results"]) > 10
    assert {item["region"] for item in data["results"]} == {"Oceania"}


def entity_urls(linked) -> dict:
    """The detail URL of each entity fixture, by the name its briefs are nested under."""
    return {
        "country": reverse("api:country-detail", kwargs={"code": "ru"}),
        "bloc": reverse("api:bloc-detail", kwargs={"slug": linked["bloc"].slug}),
        "organization": reverse(
            "api:organization-detail", kwargs={"slug": linked["organization"].slug}
        ),
        "ai_model": reverse("api:ai-model-detail", kwargs={"slug": linked["ai_model"].slug}),
        "person": reverse("api:person-detail", kwargs={"slug": linked["person"].slug}),
        "event": reverse("api:event-detail", kwargs={"slug": linked["event"].slug}),
        "topic": reverse("api:topic-detail", kwargs={"slug": linked["topic"].slug}),
        "source": reverse("api:source-detail", kwargs={"pk": linked["source"].pk}),
    }


@pytest.mark.parametrize(
    "entity", ["country", "bloc", "organization", "ai_model", "person", "event", "topic", "source"]
)
def test_entity_detail_nests_published_briefs_only(
    client, linked, published_brief, hidden_briefs, entity
):
    response = client.get(entity_urls(linked)[entity])
    assert response.status_code == 200
    data = response.json()
    assert [brief["slug"] for brief in data["latest_briefs"]] == ["visible-brief"]
    assert "hidden" not in response.text
    assert data["url"].endswith(entity_urls(linked)[entity].replace("/ru/", "/RU/"))
    assert data["html_url"].startswith("http://testserver/")


def test_briefs_url_lists_the_entity_briefs(client, linked, published_brief, hidden_briefs):
    data = client.get(entity_urls(linked)["bloc"]).json()
    listed = client.get(data["briefs_url"]).json()
    assert [brief["slug"] for brief in listed["results"]] == ["visible-brief"]


def test_search_finds_published_briefs_and_entities_but_no_hidden_brief(
    client, published_brief, hidden_briefs
):
    response = client.get(reverse("api:search"), {"q": "zebra"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(hit["kind"], hit["title"]) for hit in results] == [("brief", "Visible zebra brief")]
    assert results[0]["url"] == "http://testserver/api/v1/briefs/visible-brief/"
    assert results[0]["html_url"] == "http://testserver/briefs/visible-brief/"


def test_search_covers_countries_with_their_api_url(client):
    results = client.get(reverse("api:search"), {"q": "russia"}).json()["results"]
    assert results[0]["kind"] == "country"
    assert results[0]["url"] == "http://testserver/api/v1/countries/RU/"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x", "limit": "many"}, "limit"),
        ({"q": "x", "limit": 51}, "limit"),
    ],
)
def test_search_without_a_query_or_with_a_bad_limit_is_a_400(client, params, parameter):
    response = client.get(reverse("api:search"), params)
    assert response.status_code == 400
    assert [error["parameter"] for error in response.json()["errors"]] == [parameter]


def test_bloc_detail_has_memberships_with_sources_and_member_links(client):
    source = SourceFactory(title="Membership report")
    membership = MembershipFactory(bloc=BlocFactory(slug="brics"), country=country("BR"))
    membership.sources.add(source)
    MembershipFactory(
        bloc=membership.bloc, country=None, organization=OrganizationFactory(slug="ai-assoc")
    )
    data = client.get(reverse("api:bloc-detail", kwargs={"slug": "brics"})).json()
    by_member = {
        (item["country"] or item["organization"])["name"]: item for item in data["memberships"]
    }
    assert by_member["Brazil"]["sources"][0]["title"] == "Membership report"
    assert by_member["Brazil"]["html_url"] == "http://testserver/blocs/brics/"
    assert by_member["Brazil"]["url"].startswith("http://testserver/api/v1/memberships/")


def test_membership_filters(client):
    brics = BlocFactory(slug="brics")
    MembershipFactory(bloc=brics, country=country("BR"), role=Membership.Role.FOUNDING_MEMBER)
    MembershipFactory(bloc=brics, country=country("EG"), role=Membership.Role.MEMBER)

    MembershipFactory(
        bloc=BlocFactory(slug="other"),
        country=country("BR"),
        joined_on=datetime.date(2000, 1, 1),
        left_on=datetime.date(2001, 1, 1),
    )
    url = reverse("api:membership-list")

    def members(params):
        return sorted(
            (item["bloc"]["slug"], item["country"]["iso2"])
            for item in client.get(url, params).json()["results"]
        )

    assert members({"bloc": "brics"}) == [("brics", "BR"), ("brics", "EG")]
    assert members({"country": "bra"}) == [("brics", "BR"), ("other", "BR")]
    assert members({"role": "founding_member"}) == [("brics", "BR")]
    assert members({"current": "true", "country": "BR"}) == [("brics", "BR")]
    assert members({"current": "false"}) == [("other", "BR")]


def test_bloc_member_filter_lists_each_bloc_once(client):

    brics = BlocFactory(slug="brics")
    MembershipFactory(bloc=brics, country=country("BR"), joined_on=datetime.date(2009, 1, 1))
    MembershipFactory(bloc=brics, country=country("BR"), joined_on=datetime.date(2020, 1, 1))
    BlocFactory(slug="g7")
    data = client.get(reverse("api:bloc-list"), {"member": "BR"}).json()
    assert [item["slug"] for item in data["results"]] == ["brics"]


def test_organization_filters_by_kind_and_country(client):
    OrganizationFactory(slug="bank-ru", kind=Organization.Kind.BANK, country=country("RU"))
    OrganizationFactory(slug="bank-cn", kind=Organization.Kind.BANK, country=country("CN"))
    OrganizationFactory(slug="media-ru", kind=Organization.Kind.MEDIA, country=country("RU"))
    data = client.get(reverse("api:organization-list"), {"kind": "bank", "country": "ru"}).json()
    assert [item["slug"] for item in data["results"]] == ["bank-ru"]


def test_ai_model_filters_by_developer_and_country(client):
    sber = OrganizationFactory(slug="sberbank")
    AIModelFactory(slug="gigachat", developers=[sber], country=country("RU"))
    AIModelFactory(slug="other-model", country=country("CN"))
    url = reverse("api:ai-model-list")
    assert [m["slug"] for m in client.get(url, {"developer": "sberbank"}).json()["results"]] == [
        "gigachat"
    ]
    assert [m["slug"] for m in client.get(url, {"country": "CHN"}).json()["results"]] == [
        "other-model"
    ]


def test_organization_detail_lists_people_through_roles(client):
    role = RoleFactory(organization=OrganizationFactory(slug="sberbank"), title="CEO")
    data = client.get(reverse("api:organization-detail", kwargs={"slug": "sberbank"})).json()
    assert data["roles"][0]["title"] == "CEO"
    assert data["roles"][0]["person"]["slug"] == role.person.slug


def test_event_filters(client):

    brics = BlocFactory(slug="brics")
    EventFactory(slug="in-2024", occurred_on=datetime.date(2024, 12, 11)).blocs.add(brics)
    EventFactory(slug="in-2023", occurred_on=datetime.date(2023, 5, 1))
    url = reverse("api:event-list")
    assert [e["slug"] for e in client.get(url, {"bloc": "brics"}).json()["results"]] == ["in-2024"]
    assert [
        e["slug"] for e in client.get(url, {"occurred_before": "2024-01-01"}).json()["results"]
    ] == ["in-2023"]


def test_indicator_detail_has_editions_with_rankings_links(client):
    edition = IndicatorEditionFactory(year=2024, countries_covered=83)
    RankingFactory(edition=edition, rank=31)
    url = reverse("api:indicator-detail", kwargs={"slug": edition.indicator.slug})
    data = client.get(url).json()
    assert data["editions"][0]["countries_covered"] == 83
    rankings = client.get(data["editions"][0]["rankings_url"]).json()["results"]
    assert [(r["rank"], r["out_of"], r["year"]) for r in rankings] == [(31, 83, 2024)]
    assert rankings[0]["html_url"] == f"http://testserver{edition.indicator.get_absolute_url()}"


def test_rankings_filter_by_indicator_year_and_country(client):
    tortoise_2024 = IndicatorEditionFactory(year=2024)
    tortoise_2023 = IndicatorEditionFactory(indicator=tortoise_2024.indicator, year=2023)
    RankingFactory(edition=tortoise_2024, country=country("RU"), rank=31)
    RankingFactory(edition=tortoise_2024, country=country("US"), rank=1)
    RankingFactory(edition=tortoise_2023, country=country("RU"), rank=30)
    RankingFactory(edition=IndicatorEditionFactory(year=2024), country=country("RU"), rank=29)
    url = reverse("api:ranking-list")
    params = {"indicator": tortoise_2024.indicator.slug, "year": 2024, "country": "RU"}
    assert [r["rank"] for r in client.get(url, params).json()["results"]] == [31]
    assert client.get(url, {"year": "twenty"}).status_code == 400


def test_key_figures_filter_and_link_to_their_subject(client):
    KeyFigureFactory(country=country("RU"), year=2030)
    KeyFigureFactory(country=None, organization=OrganizationFactory(slug="sberbank"), year=2023)
    url = reverse("api:key-figure-list")
    data = client.get(url, {"organization": "sberbank"}).json()["results"]
    assert [figure["year"] for figure in data] == [2023]
    assert data[0]["html_url"] == "http://testserver/organizations/sberbank/"
    russia = client.get(url, {"country": "ru", "kind": "forecast"}).json()["results"]
    assert russia[0]["value_display"] == "RUB 11.2 trillion"
    assert russia[0]["absolute_value"] == "11200000000000.0000"
    assert russia[0]["source"]["document_url"].startswith("https://news.example.org/")


def test_api_root_lists_every_endpoint(client):
    data = client.get(reverse("api:root")).json()
    for name in ("briefs", "countries", "rankings", "search", "schema", "docs", "redoc"):
        assert (
            client.get(data[name], {"q": "russia"} if name == "search" else {}).status_code == 200
        )
