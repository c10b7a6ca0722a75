"""CSV for the cited tables: rankings, key figures and memberships carry their sources.

Each table's CSV is an operation of its own (``rankings/csv/``), so a client generated
from the schema reads it as text; it takes the list's filters and ``fields``."""

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


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_rankings_csv_has_every_matching_row_with_its_source(client):
    edition = IndicatorEditionFactory(year=2024, countries_covered=83)
    source = SourceFactory(title="Tortoise 2024", url="https://tortoise.example.org/2024")
    for code, rank in [("RU", 31), ("US", 1), ("CN", 2)]:
        RankingFactory(edition=edition, country=country(code), rank=rank, source=source)
    table = rows(client.get(reverse("api:ranking-csv")))
    assert [(row["country.iso2"], row["rank"], row["out_of"]) for row in table] == [
        ("US", "1", "83"),
        ("CN", "2", "83"),
        ("RU", "31", "83"),
    ]
    assert {row["source.title"] for row in table} == {"Tortoise 2024"}
    assert {row["source.document_url"] for row in table} == {"https://tortoise.example.org/2024"}
    assert table[0]["indicator.slug"] == edition.indicator.slug
    assert table[0]["url"].startswith("http://testserver/api/v1/rankings/")
    assert "csv" not in table[0]["url"]


def test_key_figures_csv_answers_an_accept_header_asking_for_csv(client):
    KeyFigureFactory(year=2030)
    table = rows(client.get(reverse("api:key-figure-csv"), HTTP_ACCEPT="text/csv"))
    assert table[0]["value"] == "11.2000"
    assert table[0]["scale"] == "trillion"
    assert table[0]["currency"] == "RUB"
    assert table[0]["source.publisher"]
    assert table[0]["country.iso3"] == "RUS"


def test_memberships_csv_joins_several_sources_in_one_cell(client):
    membership = MembershipFactory(bloc=BlocFactory(slug="brics"), country=country("BR"))
    membership.sources.add(SourceFactory(title="First"), SourceFactory(title="Second"))
    table = rows(client.get(reverse("api:membership-csv"), {"bloc": "brics"}))
    assert len(table) == 1
    assert sorted(table[0]["sources.title"].split(" | ")) == ["First", "Second"]
    assert table[0]["organization.slug"] == ""


def test_empty_csv_still_has_its_header(client):
    table = client.get(reverse("api:ranking-csv")).content.decode()
    assert table.startswith("id,indicator.slug,indicator.name,")


def test_csv_is_offered_only_for_the_cited_tables(client):
    response = client.get(reverse("api:brief-list"), {"format": "csv"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "format"


def test_asking_a_list_for_csv_names_the_csv_address(client):
    response = client.get(reverse("api:ranking-list"), {"format": "csv", "country": "ru"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["parameter"] == "format"
    assert "/api/v1/rankings/csv/" in error["message"]


def test_csv_filters_take_several_values_and_fields_picks_the_columns(client):
    edition = IndicatorEditionFactory(year=2024, countries_covered=83)
    for code, rank in [("RU", 31), ("US", 1), ("CN", 2)]:
        RankingFactory(edition=edition, country=country(code), rank=rank)
    table = rows(
        client.get(reverse("api:ranking-csv"), {"country": "ru,cn", "fields": "rank,country"})
    )
    assert list(table[0]) == ["country.iso2", "country.iso3", "country.slug", "country.name",
                              "country.url", "country.html_url", "rank"]  # fmt: skip
    assert [(row["country.iso2"], row["rank"]) for row in table] == [("CN", "2"), ("RU", "31")]


def test_csv_errors_are_problem_json(client):
    response = client.get(reverse("api:key-figure-csv"), {"year": "soon"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["parameter"] == "year"


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(client):
    KeyFigureFactory(label='=HYPERLINK("https://evil.example","click")', note="-2+3")
    KeyFigureFactory(label="Net change", value="-1.5", currency="RUB")
    table = rows(client.get(reverse("api:key-figure-csv")))
    by_label = {row["label"]: row for row in table}
    assert '\'=HYPERLINK("https://evil.example","click")' in by_label
    assert by_label["Net change"]["value"] == "-1.5000"
