"""Lists that grow with the archive stay short on entity pages: the newest
``selectors.ENTITY_ROWS`` rows, how many there are in all, and links to the rest."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from briefs import selectors
from briefs.models import Brief
from tests.factories import BriefFactory, EventFactory, KeyFigureFactory, SourceFactory, country

pytestmark = pytest.mark.django_db

SHOWN = 3  # ENTITY_ROWS for these tests, so a few rows overflow it


@pytest.fixture(autouse=True)
def few_rows(monkeypatch, settings):
    monkeypatch.setattr(selectors, "ENTITY_ROWS", SHOWN)
    settings.PAGE_CACHE_ENABLED = False


def _figures_and_events(how_many: int):
    russia, source = country("RU"), SourceFactory()
    for year in range(2020, 2020 + how_many):
        KeyFigureFactory(country=russia, source=source, label=f"Figure of {year}", year=year)
        EventFactory(title=f"Event of {year}", occurred_on=datetime.date(year, 6, 1)).countries.add(
            russia
        )
    return russia


def test_a_country_page_shows_its_newest_figures_and_events_and_links_to_all(client):
    russia = _figures_and_events(5)
    html = client.get(russia.get_absolute_url()).text

    for year in (2024, 2023, 2022):
        assert f"Figure of {year}" in html
        assert f"Event of {year}" in html
    for year in (2021, 2020):
        assert f"Figure of {year}" not in html
        assert f"Event of {year}" not in html
    assert "The newest 3 of 5, latest year first." in html
    figures_csv = reverse(
        "briefs:country-figures-download", kwargs={"slug": "russia", "fmt": "csv"}
    )
    assert f'<a href="{figures_csv}" download>All 5 key figures (CSV)</a>' in html
    timeline = reverse("briefs:event-list") + "?country=russia"
    assert f'<a href="{timeline}">All 5 events on the timeline</a>' in html

    rows = list(csv.DictReader(io.StringIO(client.get(figures_csv).text)))
    assert sorted(row["label"] for row in rows) == [f"Figure of {y}" for y in range(2020, 2025)]
    listed = client.get(timeline).context["page"].object_list
    assert [event.title for event in listed] == [f"Event of {y}" for y in range(2024, 2019, -1)]


def test_a_country_with_few_figures_and_events_shows_them_all_without_a_link(client):
    russia = _figures_and_events(SHOWN)
    html = client.get(russia.get_absolute_url()).text
    assert all(f"Figure of {year}" in html for year in range(2020, 2020 + SHOWN))
    assert "key figures (CSV)</a>" not in html
    assert "events on the timeline</a>" not in html


@pytest.mark.parametrize("value", ["atlantis", "india"])  # unknown; known, but no events
def test_the_timeline_refuses_a_country_it_cannot_filter_by_with_a_400(client, value):
    _figures_and_events(1)
    response = client.get(reverse("briefs:event-list"), {"country": value})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_the_country_index_counts_only_published_briefs(client):
    russia = country("RU")
    BriefFactory().countries.add(russia)
    BriefFactory(status=Brief.Status.DRAFT).countries.add(russia)
    countries = client.get(reverse("briefs:country-list")).context["countries"]
    assert next(c for c in countries if c.pk == russia.pk).brief_count == 1
