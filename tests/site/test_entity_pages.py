"""Country, bloc, organization, model, indicator, event, topic, source and index pages."""

import datetime
import re

import pytest
from django.urls import reverse

from briefs.models import Country, Event
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    BriefFactory,
    EventFactory,
    IndicatorEditionFactory,
    IndicatorFactory,
    MembershipFactory,
    RankingFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["RU", "ru", "RUS", "rus", "Rus", "643"])
def test_iso_codes_in_any_case_redirect_permanently_to_the_country_slug(client, code):
    response = client.get(reverse("briefs:country-detail", args=[code]))
    assert response.status_code == 301
    assert response["Location"] == reverse("briefs:country-detail", args=["russia"])


@pytest.mark.parametrize("slug", ["zz", "zzz", "atlantis", "r1"])
def test_unknown_country_address_is_a_404(client, slug):
    assert client.get(reverse("briefs:country-detail", args=[slug])).status_code == 404


def test_country_index_lists_all_249_by_region_with_counts(client):
    BriefFactory().countries.add(country("RU"))
    response = client.get(reverse("briefs:country-list"))
    assert len(response.context["countries"]) == Country.objects.count() == 249
    assert "All 249 countries" in response.text
    assert '<h2 id="region-' in response.text
    assert "1 brief" in response.text


def test_country_page_shows_blocs_with_roles_and_join_dates(client):
    bloc = BlocFactory(name="BRICS")
    MembershipFactory(bloc=bloc, country=country("RU"), role="founding_member")
    response = client.get(country("RU").get_absolute_url())
    assert "BRICS" in response.text
    assert "Founding member" in response.text
    assert "1 January 2024" in response.text


def test_country_page_charts_rank_over_time_with_a_table_and_text_alternative(client):
    indicator = IndicatorFactory(name="Global AI Index")
    for year, rank, covered in [(2023, 40, 62), (2024, 31, 83)]:
        edition = IndicatorEditionFactory(indicator=indicator, year=year, countries_covered=covered)
        RankingFactory(edition=edition, country=country("RU"), rank=rank)
    response = client.get(country("RU").get_absolute_url())
    text = response.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text
    assert 'role="img"' in text
    assert "Russia: 40th of 62 in 2023, 31st of 83 in 2024." in text  # text alternative
    assert '<th scope="row">2023</th><td>40th of 62</td>' in text  # data table
    assert "style=" not in text


def test_country_page_with_one_edition_shows_the_rank_without_a_chart(client):
    RankingFactory(country=country("RU"), rank=31)
    response = client.get(country("RU").get_absolute_url())
    assert "31st of 83" in response.text
    assert "<svg" not in response.text


def test_bloc_page_lists_members_with_roles_joined_and_left_dates(client):
    bloc = BlocFactory(name="BRICS")
    MembershipFactory(
        bloc=bloc,
        country=country("IN"),
        joined_on=datetime.date(2009, 1, 1),
        left_on=datetime.date(2020, 5, 4),
        role="observer",
    )
    response = client.get(bloc.get_absolute_url())
    assert "India" in response.text
    assert "Observer" in response.text
    assert "4 May 2020" in response.text


def _indicator_with_ranks():
    indicator = IndicatorFactory(name="Global AI Index")
    codes = ["US", "CN", "IN", "BR", "RU", "ZA", "RS"]
    for year in (2023, 2024):
        edition = IndicatorEditionFactory(indicator=indicator, year=year)
        for rank, code in enumerate(codes, start=1):
            RankingFactory(edition=edition, country=country(code), rank=rank + (year - 2023))
    return indicator


def test_indicator_page_shows_the_latest_edition_and_links_to_the_others(client):
    indicator = _indicator_with_ranks()
    response = client.get(indicator.get_absolute_url())
    assert "Ranks recorded in the 2024 edition" in response.text
    assert "Ranks recorded in the 2023 edition" not in response.text
    assert 'href="?edition=2023#editions"' in response.text

    older = client.get(indicator.get_absolute_url(), {"edition": "2023"})
    assert "Ranks recorded in the 2023 edition" in older.text
    assert "Ranks recorded in the 2024 edition" not in older.text


def test_indicator_page_with_an_unknown_edition_is_a_400_showing_the_latest(client):
    indicator = _indicator_with_ranks()
    response = client.get(indicator.get_absolute_url(), {"edition": "1999"})
    assert response.status_code == 400
    assert "There is no 1999 edition, so this is the latest, 2024." in response.text
    assert "Ranks recorded in the 2024 edition" in response.text


def test_indicator_page_compares_the_five_best_by_default(client):
    indicator = _indicator_with_ranks()
    response = client.get(indicator.get_absolute_url())
    names = [line.name for line in response.context["chart"].lines]
    assert names == ["United States", "China", "India", "Brazil", "Russia"]


def test_indicator_page_compares_the_countries_chosen(client):
    indicator = _indicator_with_ranks()
    response = client.get(indicator.get_absolute_url(), {"country": ["russia", "serbia"]})
    assert response.status_code == 200
    chart = response.context["chart"]
    assert [line.name for line in chart.lines] == ["Russia", "Serbia"]
    assert "Russia: 5th of 83 in 2023, 6th of 83 in 2024." in response.text
    assert re.search(r'value="russia"[^>]* checked', response.text)
    assert not re.search(r'value="china"[^>]* checked', response.text)


def test_comparing_more_than_five_countries_is_a_400_showing_the_first_five(client):
    indicator = _indicator_with_ranks()
    chosen = ["united-states", "china", "india", "brazil", "russia", "serbia"]
    response = client.get(indicator.get_absolute_url(), {"country": chosen})
    assert response.status_code == 400
    assert "Choose at most 5 countries; you chose 6." in response.text
    assert len(response.context["chart"].lines) == 5


def test_comparing_an_unknown_country_is_a_400_and_the_rest_still_show(client):
    indicator = _indicator_with_ranks()
    response = client.get(indicator.get_absolute_url(), {"country": ["russia", "atlantis"]})
    assert response.status_code == 400
    assert [line.name for line in response.context["chart"].lines] == ["Russia"]


def test_models_index_sorts_by_release_date(client):
    AIModelFactory(name="Older", released_on=datetime.date(2022, 1, 1))
    AIModelFactory(name="Newer", released_on=datetime.date(2024, 1, 1))
    AIModelFactory(name="Undated", released_on=None)
    url = reverse("briefs:aimodel-list")

    def names(params):
        return [model.name for model in client.get(url, params).context["ai_models"]]

    assert names({"sort": "released"}) == ["Newer", "Older", "Undated"]
    assert names({"sort": "released-oldest"}) == ["Older", "Newer", "Undated"]
    AIModelFactory(name="Alpha", released_on=datetime.date(2021, 1, 1))
    assert names({}) == ["Alpha", "Newer", "Older", "Undated"]


def test_unknown_model_sort_is_a_400_sorted_by_name(client):
    response = client.get(reverse("briefs:aimodel-list"), {"sort": "parameters"})
    assert response.status_code == 400
    assert "cannot be sorted by “parameters”" in response.text


def test_timeline_filters_by_kind_country_bloc_and_year(client):
    bloc = BlocFactory(slug="brics")
    wanted = EventFactory(
        title="Wanted", kind=Event.Kind.MEMBERSHIP, occurred_on=datetime.date(2024, 1, 1)
    )
    wanted.countries.add(country("ID"))
    wanted.blocs.add(bloc)
    EventFactory(title="Other kind", kind=Event.Kind.STATEMENT).countries.add(country("ID"))
    EventFactory(
        title="Other year", kind=Event.Kind.MEMBERSHIP, occurred_on=datetime.date(2023, 1, 1)
    )
    url = reverse("briefs:event-list")
    params = {"kind": "membership", "country": "indonesia", "bloc": "brics", "year": "2024"}
    response = client.get(url, params)
    assert [event.title for event in response.context["page"].object_list] == ["Wanted"]
    assert client.get(url, {"kind": "membership"}).context["page"].paginator.count == 2


def test_timeline_rejects_an_unknown_kind_with_a_400(client):
    EventFactory()
    response = client.get(reverse("briefs:event-list"), {"kind": "coup"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_entity_pages_link_to_their_feeds_and_to_more_briefs(client):
    bloc = BlocFactory(slug="brics")
    for _ in range(11):
        BriefFactory().blocs.add(bloc)
    response = client.get(bloc.get_absolute_url())
    assert f'href="{reverse("briefs:bloc-feed", args=["brics"])}"' in response.text
    assert f'href="{reverse("briefs:brief-list")}?bloc=brics"' in response.text
    assert len(response.context["briefs"]) == 11  # ten shown, one to know


@pytest.mark.parametrize(
    "name",
    [
        "bloc-detail",
        "organization-detail",
        "aimodel-detail",
        "person-detail",
        "indicator-detail",
        "event-detail",
        "topic-detail",
        "brief-detail",
    ],
)
def test_unknown_slug_is_a_404_in_the_site_style(client, name):
    response = client.get(reverse(f"briefs:{name}", args=["no-such-thing"]))
    assert response.status_code == 404
    assert "There is no page at this address" in response.text
    assert 'class="site-header"' in response.text


def test_unknown_source_is_a_404(client):
    assert client.get(reverse("briefs:source-detail", args=[999999])).status_code == 404


def test_pages_refuse_post_with_a_405(client):
    assert client.post(reverse("briefs:brief-list")).status_code == 405
