"""CSV for the cited tables: rankings, key figures and memberships carry their sources.

Each table's CSV is an operation of its own (``rankings/csv/``), so a client generated
from the schema reads it as text; it takes the list's filters and ``fields``."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.api import csv_tables, selectors
from briefs.api.renderers import CSVRenderer, csv_columns
from briefs.models import Ranking
from tests.factories import (
    BlocFactory,
    IndicatorEditionFactory,
    KeyFigureFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body(response))))


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
    table = body(client.get(reverse("api:ranking-csv")))
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


def serialized_csv(table, queryset, request) -> str:
    """The CSV as the serializers and CSVRenderer made it before it streamed."""
    data = table.serializer(queryset, many=True, context={"request": request}).data
    context = {"csv_columns": csv_columns(table.serializer())}
    return CSVRenderer().render(data, renderer_context=context).decode()


@pytest.fixture
def varied_tables():
    """Rows that reach every branch of a cell: no publisher, a licence or only its
    terms, several sources or none, an organization as subject or member, no score,
    a pillar, text a spreadsheet would run, a negative value."""
    bare = SourceFactory(publisher=None, published_on=None, archived_url="https://arch.example/1")
    licensed = SourceFactory(licence="CC-BY-4.0", licence_url="https://cc.example/by")
    terms = SourceFactory(licence_url="https://terms.example", title="=cmd|' /C calc'!A0")
    edition = IndicatorEditionFactory(year=2024, countries_covered=83)
    RankingFactory(edition=edition, country=country("RU"), rank=31, score="71.250", source=bare)
    RankingFactory(edition=edition, country=country("US"), rank=1, pillar="Talent", note="+1")
    RankingFactory(edition=edition, country=country("CN"), rank=2, source=terms)
    KeyFigureFactory(label="@SUM(A1)", value="-1.5", source=licensed)
    KeyFigureFactory(
        country=None, organization=OrganizationFactory(), unit="percent", currency="", scale="one"
    )
    KeyFigureFactory(usd_value="120.5", usd_scale="billion", kind="actual", locator="p. 3")
    two = MembershipFactory(bloc=BlocFactory(slug="brics"), country=country("BR"))
    two.sources.add(licensed, terms, bare)
    MembershipFactory(country=None, organization=OrganizationFactory(), note="-x")


@pytest.mark.parametrize("table", [csv_tables.RANKINGS, csv_tables.KEY_FIGURES,
                                   csv_tables.MEMBERSHIPS], ids=["rankings", "key-figures",
                                                                 "memberships"])  # fmt: skip
def test_streamed_csv_has_the_bytes_the_serializers_gave(client, rf, varied_tables, table):
    name = {csv_tables.RANKINGS: "ranking", csv_tables.KEY_FIGURES: "key-figure"}.get(
        table, "membership"
    )
    url = reverse(f"api:{name}-csv")
    selector = {"ranking": selectors.ranking_list, "key-figure": selectors.key_figure_list}
    queryset = selector.get(name, selectors.membership_list)()
    expected = serialized_csv(table, queryset, rf.get(url))
    assert body(client.get(url)) == expected
    assert expected.count("\r\n") == queryset.count() + 1


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
def test_change_times_read_as_text_keep_the_serializers_bytes(client, rf, zone):
    """On a whole second (no fraction), with microseconds, and in a zone where the UTC
    year's last hour is the next year: the text the database makes is DRF's."""
    moments = [
        datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2024, 3, 1, 12, 0, 0, 50, tzinfo=datetime.UTC),
    ]
    for rank, moment in enumerate(moments, start=1):
        ranking = RankingFactory(rank=rank)
        Ranking.objects.filter(pk=ranking.pk).update(updated_at=moment)
    url = reverse("api:ranking-csv")
    with timezone.override(zone):
        expected = serialized_csv(csv_tables.RANKINGS, selectors.ranking_list(), rf.get(url))
        assert body(client.get(url)) == expected
    assert ("2024-12-31T23:30:00Z" in expected) == (zone == "UTC")
    assert ("2025-01-01T05:00:00+05:30" in expected) == (zone != "UTC")


@pytest.mark.parametrize("table", [csv_tables.RANKINGS, csv_tables.KEY_FIGURES,
                                   csv_tables.MEMBERSHIPS])  # fmt: skip
def test_each_csv_table_names_its_serializers_columns_in_order(table):
    assert table.column_names() == csv_columns(table.serializer())


def test_a_fields_subset_of_a_membership_keeps_its_joined_sources(client):
    membership = MembershipFactory(bloc=BlocFactory(slug="brics"), country=country("BR"))
    membership.sources.add(SourceFactory(title="First"), SourceFactory(title="=Second"))
    table = rows(client.get(reverse("api:membership-csv"), {"fields": "id,sources"}))
    assert list(table[0]) == ["id"] + [f"sources.{name}" for name in (
        "id", "title", "document_url", "published_on", "url", "html_url", "publisher",
        "archived_url")]  # fmt: skip
    assert sorted(table[0]["sources.title"].split(" | ")) == ["'=Second", "First"]


def test_csv_names_its_file_and_answers_304_until_a_row_changes(client):
    figure = KeyFigureFactory()
    url = reverse("api:key-figure-csv")
    first = client.get(url)
    assert first["Content-Disposition"] == 'inline; filename="key-figures.csv"'
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    figure.source.title = "Renamed"
    figure.source.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Renamed" in body(changed)


def test_a_membership_given_another_source_changes_the_csv_validator(client):
    membership = MembershipFactory()
    url = reverse("api:membership-csv")
    first = client.get(url)["ETag"]
    membership.sources.add(SourceFactory())
    assert client.get(url, HTTP_IF_NONE_MATCH=first).status_code == 200


def test_a_bad_csv_filter_is_a_400_before_any_stream(client):
    response = client.get(reverse("api:ranking-csv"), {"year": "soon", "fields": "rank"})
    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("value", ["plain", "", None, 7, "a,b", 'say "hi"', "two\nlines",
                                   "cr\r", " lead", "“curly”", "'=x"])  # fmt: skip
def test_a_quoted_field_is_what_csv_writer_writes(value):
    written = io.StringIO()
    csv.writer(written, lineterminator="\r\n").writerow(["x", value])
    assert written.getvalue() == f"x,{csv_tables.csv_field(value)}\r\n"
