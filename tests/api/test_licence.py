"""Cited rows in the API say how they may be reused and how to cite them, in JSON and
CSV alike; the schema names the site's licence."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import (
    BlocFactory,
    IndicatorEditionFactory,
    KeyFigureFactory,
    MembershipFactory,
    RankingFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited_rows(db):
    open_source = SourceFactory(licence="CC-BY-4.0", title="An open index")
    terms_source = SourceFactory(licence_url="https://publisher.example.org/terms")
    edition = IndicatorEditionFactory(year=2024, countries_covered=83)
    RankingFactory(edition=edition, country=country("RU"), rank=31, source=open_source)
    KeyFigureFactory(country=country("RU"), source=terms_source)
    membership = MembershipFactory(bloc=BlocFactory(slug="brics"), country=country("BR"))
    membership.sources.set([open_source, terms_source])


@pytest.mark.parametrize("endpoint", ["api:ranking-list", "api:key-figure-list"])
def test_rankings_and_key_figures_carry_their_data_licence_and_a_citation(
    client, cited_rows, endpoint
):
    row = client.get(reverse(endpoint)).json()["results"][0]
    assert row["licence"]["compilation"] == "CC BY 4.0"
    assert row["licence"]["compilation_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert row["licence"]["data"] in ("CC-BY-4.0", "Publisher's terms")
    assert "Retrieved" in row["citation"] and "http://testserver/" in row["citation"]


def test_a_membership_names_the_licence_of_each_of_its_sources(client, cited_rows):
    row = client.get(reverse("api:membership-list")).json()["results"][0]
    assert set(row["licence"]["data"].split(" | ")) == {"CC-BY-4.0", "Publisher's terms"}
    assert row["licence"]["data_url"] == "https://publisher.example.org/terms"


@pytest.mark.parametrize(
    "endpoint", ["api:ranking-list", "api:key-figure-list", "api:membership-list"]
)
def test_csv_has_licence_and_citation_columns(client, cited_rows, endpoint):
    response = client.get(reverse(endpoint.replace("-list", "-csv")))
    body = b"".join(response.streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["licence.compilation"] == "CC BY 4.0"
    assert row["licence.data"]
    assert row["citation"].startswith("AI Geopolitics Briefs (")


def test_schema_info_names_the_sites_licence(client, settings):
    info = client.get(reverse("api:schema") + "?format=json").json()["info"]
    assert info["license"] == {
        "name": settings.SITE_LICENCE_NAME,
        "url": settings.SITE_LICENCE_URL,
    }
