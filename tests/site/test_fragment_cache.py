"""The fragment cache keeps heavy blocks, and no edit, publication or outage makes a page wrong.

The page cache is off throughout, so what is tested is the fragment cache alone. Each
invalidation test first proves the block is kept (a second render draws nothing, or
runs fewer queries), then changes content the way an editor would, or moves the clock
past a scheduled publication, and checks the very next render shows it.
"""

import datetime
import socket

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefs import charts, worldmap
from briefs.models import Brief
from tests.cache import generation_queries
from tests.factories import (
    BlocFactory,
    BriefFactory,
    IndicatorEditionFactory,
    IndicatorFactory,
    MembershipFactory,
    RankingFactory,
    country,
)

pytestmark = pytest.mark.django_db

BRIEF_LIST = reverse("briefs:brief-list")


@pytest.fixture(autouse=True)
def only_the_fragment_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def drawn(monkeypatch):
    """How many charts and maps have been drawn (a kept fragment draws none)."""
    counts = {"chart": 0, "rank map": 0, "members map": 0}

    def counting(kind, draw):
        def wrapper(*args, **kwargs):
            counts[kind] += 1
            return draw(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(charts, "rank_chart", counting("chart", charts.rank_chart))
    monkeypatch.setattr(worldmap, "rank_map", counting("rank map", worldmap.rank_map))
    monkeypatch.setattr(
        worldmap, "membership_map", counting("members map", worldmap.membership_map)
    )
    return counts


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def kept(client, url: str, drawn: dict, kind: str) -> str:
    """The page, after checking that a second render takes the block from the cache."""
    first = page(client, url)
    before = drawn[kind]
    assert before > 0, kind
    assert page(client, url) == first
    assert drawn[kind] == before, f"the {kind} was drawn again"
    return first


@pytest.fixture
def ranked_russia():
    indicator = IndicatorFactory(name="Global AI Index", slug="global-ai-index")
    old = IndicatorEditionFactory(indicator=indicator, year=2023)
    new = IndicatorEditionFactory(indicator=indicator, year=2024)
    RankingFactory(edition=old, country=country("RU"), rank=40)
    return RankingFactory(edition=new, country=country("RU"), rank=31)


def test_editing_a_ranking_redraws_the_country_chart_at_once(client, drawn, ranked_russia):
    url = country("RU").get_absolute_url()
    assert "Russia, 2024: 31st of 83" in kept(client, url, drawn, "chart")

    ranked_russia.rank = 7
    ranked_russia.save()

    assert "Russia, 2024: 7th of 83" in page(client, url)


def test_editing_a_ranking_redraws_the_indicator_chart_and_map_at_once(
    client, drawn, ranked_russia
):
    url = ranked_russia.edition.indicator.get_absolute_url() + "?country=russia"
    html = kept(client, url, drawn, "rank map")
    assert "Russia: 31st of 83" in html  # the map's link
    assert "Russia, 2024: 31st of 83" in html  # the chart's dot
    kept(client, url, drawn, "chart")

    ranked_russia.rank = 7
    ranked_russia.save()

    html = page(client, url)
    assert "Russia: 7th of 83" in html
    assert "Russia, 2024: 7th of 83" in html


def test_editing_a_ranking_redraws_the_comparison_chart_at_once(client, drawn, ranked_russia):
    url = reverse("briefs:compare") + "?countries=RUS"
    assert "Russia, 2024: 31st of 83" in kept(client, url, drawn, "chart")

    ranked_russia.rank = 7
    ranked_russia.save()

    assert "Russia, 2024: 7th of 83" in page(client, url)


def test_renaming_a_country_redraws_the_maps_naming_it_at_once(client, drawn, ranked_russia):
    bloc = BlocFactory(name="BRICS", slug="brics")
    MembershipFactory(bloc=bloc, country=country("CN"), joined_on=datetime.date(2009, 1, 1))
    bloc_url = bloc.get_absolute_url()
    indicator_url = ranked_russia.edition.indicator.get_absolute_url()
    assert "Zebraland" not in kept(client, bloc_url, drawn, "members map")
    assert "Zebraland" not in kept(client, indicator_url, drawn, "rank map")

    china = country("CN")
    china.name = "Zebraland"
    china.save()
    russia = country("RU")
    russia.name = "Yakland"
    russia.save()

    assert "Zebraland: member" in page(client, bloc_url)
    assert "Yakland: 31st of 83" in page(client, indicator_url)


def test_a_new_membership_shows_on_the_bloc_map_at_once(client, drawn):
    bloc = BlocFactory(name="BRICS", slug="brics")
    MembershipFactory(bloc=bloc, country=country("CN"), joined_on=datetime.date(2009, 1, 1))
    url = bloc.get_absolute_url() + "?on=2024-06-01"
    assert "India: not a member" in kept(client, url, drawn, "members map")

    MembershipFactory(bloc=bloc, country=country("IN"), joined_on=datetime.date(2009, 1, 1))

    assert "India: member" in page(client, url)


def brief_about(code: str, **kwargs) -> Brief:
    brief = BriefFactory(**kwargs)
    brief.countries.add(country(code))
    return brief


def country_choice(code: str) -> str:
    return f'<option value="{country(code).slug}">'


def rendered(client, url: str) -> tuple[str, int]:
    """The page and the queries it took, counted at once: each request clears the
    connection's log the count comes from."""
    with CaptureQueriesContext(connection) as queries:
        html = page(client, url)
    return html, len(queries)


def kept_filter_form(client, url: str) -> str:
    """The brief list, after checking that a second render takes its filters from the cache."""
    first, first_queries = rendered(client, url)
    second, second_queries = rendered(client, url)
    assert second == first
    assert second_queries < first_queries
    return first


def test_a_fragment_hit_skips_the_queries_behind_its_facet_lists(client):
    brief_about("RU")
    with override_settings(FRAGMENT_CACHE_ENABLED=False):
        _, uncached = rendered(client, BRIEF_LIST)
    page(client, BRIEF_LIST)
    # Five lists of entities and one of years, for one read of the content generation.
    _, hit = rendered(client, BRIEF_LIST)
    assert hit == uncached - 6 + generation_queries()


def test_publishing_and_withdrawing_a_brief_changes_the_facet_lists_at_once(client):
    brief_about("RU")
    draft = brief_about("CN", status=Brief.Status.DRAFT)
    assert country_choice("CN") not in kept_filter_form(client, BRIEF_LIST)

    draft.status = Brief.Status.PUBLISHED
    draft.save()
    assert country_choice("CN") in kept_filter_form(client, BRIEF_LIST)

    draft.status = Brief.Status.WITHDRAWN
    draft.save()
    assert country_choice("CN") not in page(client, BRIEF_LIST)


def test_a_filtered_list_keeps_its_own_form(client):
    brief_about("RU")
    brief_about("CN")
    russia = f"{BRIEF_LIST}?country=russia"
    china = f"{BRIEF_LIST}?country=china"
    assert '<option value="russia" selected>' in kept_filter_form(client, russia)
    assert '<option value="china" selected>' in kept_filter_form(client, china)


def test_a_scheduled_brief_joins_the_facet_lists_at_its_publish_time(client, monkeypatch):
    brief_about("RU")
    publish_at = timezone.now() + datetime.timedelta(minutes=5)
    brief_about("CN", publish_at=publish_at)
    assert country_choice("CN") not in kept_filter_form(client, BRIEF_LIST)

    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no write: only the clock moves

    assert country_choice("CN") in page(client, BRIEF_LIST)


def test_no_fragment_ever_holds_a_draft(client, superuser_client):
    brief_about("RU")
    brief_about("CN", status=Brief.Status.DRAFT)
    # Staff render the list first, so they fill the fragment the public then reads.
    assert country_choice("CN") not in page(superuser_client, BRIEF_LIST)
    superuser_client.logout()
    assert country_choice("CN") not in page(client, BRIEF_LIST)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def test_a_redis_outage_renders_every_fragment_afresh(client, settings, ranked_russia):
    settings.CACHES = {
        "default": {
            "BACKEND": "briefs.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    brief_about("RU")
    indicator = ranked_russia.edition.indicator
    urls = {
        BRIEF_LIST: country_choice("RU"),
        country("RU").get_absolute_url(): "Russia, 2024: 31st of 83",
        indicator.get_absolute_url() + "?country=russia": "Russia: 31st of 83",
    }
    for url, shown in urls.items():
        for _ in range(2):
            assert shown in page(client, url), url


def rank_rows_loaded(client, url: str) -> int:
    """How many queries a render of `url` runs that load ranks (their rank column)."""
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    return sum('"briefs_ranking"."rank"' in query["sql"] for query in queries)


@pytest.mark.parametrize("query", ["", "?edition=2023", "?country=russia"])
def test_an_indicator_page_hit_loads_no_rank(client, ranked_russia, query):
    url = ranked_russia.edition.indicator.get_absolute_url() + query
    assert rank_rows_loaded(client, url) > 0

    assert rank_rows_loaded(client, url) == 0


def test_editing_a_ranking_changes_the_edition_table_at_once(client, ranked_russia):
    url = ranked_russia.edition.indicator.get_absolute_url() + "?edition=2024"
    page(client, url)
    assert rank_rows_loaded(client, url) == 0

    ranked_russia.note = "Revised after the publisher's correction."
    ranked_russia.save()

    assert "Revised after the publisher&#x27;s correction." in page(client, url)


def test_a_newly_ranked_country_joins_the_comparison_and_the_map_at_once(
    client, drawn, ranked_russia
):
    url = ranked_russia.edition.indicator.get_absolute_url()
    html = kept(client, url, drawn, "rank map")
    assert ">China</label>" not in html
    assert "China: 2nd of 83" not in html

    RankingFactory(edition=ranked_russia.edition, country=country("CN"), rank=2)

    html = page(client, url)
    assert '<label for="id_country_0">China</label>' in html  # the comparison's checkbox
    assert "China: 2nd of 83" in html  # the map's link


def test_an_invalid_comparison_is_answered_400_and_never_kept(client, ranked_russia):
    url = ranked_russia.edition.indicator.get_absolute_url() + "?country=atlantis"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 400
        assert b"Select a valid choice" in response.content


def test_a_new_release_renders_every_fragment_afresh(client, settings, drawn, ranked_russia):
    url = ranked_russia.edition.indicator.get_absolute_url()
    kept(client, url, drawn, "rank map")
    before = drawn["rank map"]

    settings.RELEASE = "a-new-deploy"

    page(client, url)
    assert drawn["rank map"] == before + 1
