"""Country comparison at /compare/ and the world maps on indicator and bloc pages."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from briefs import worldmap
from briefs.models import Country, IndicatorEdition, Ranking, Source

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def compare(client, query: str):
    return client.get(reverse("briefs:compare") + query)


def rank_context(demo_edition_year: int = 2023):
    """Ranks for a second Tortoise edition, so the comparison has a trend to draw."""
    edition = IndicatorEdition.objects.get(
        indicator__slug="tortoise-global-ai-index", year=demo_edition_year
    )
    source = Source.objects.get(url__contains="tortoisemedia")
    for rank, code in enumerate(["US", "CN", "IN", "BR", "RU"], start=1):
        Ranking.objects.create(
            edition=edition, country=Country.objects.get(iso2=code), rank=rank * 5, source=source
        )


def test_compare_takes_iso_codes_in_any_case_and_shows_rank_of_n_with_percentile(client, demo):
    response = compare(client, "?countries=rus~Chn~ind")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Russia", "China", "India"):
        assert name in html
    assert "31st of 83" in html and "percentile 63" in html  # 52 of the other 82 below it
    assert "29th of 36" in html and "percentile 20" in html  # 7 of the other 35
    assert "Not ranked" in html  # China and India have no rank recorded in the demo


def test_compare_draws_rank_over_time_across_editions(client, demo):
    rank_context()
    html = compare(client, "?countries=RUS~CHN~IND").content.decode()
    assert 'class="rank-chart"' in html
    assert "Russia: 25th of 62 in 2023, 31st of 83 in 2024." in html


def test_compare_lists_key_figures_by_label_and_year_and_blocs_and_models(client, demo):
    html = compare(client, "?countries=RUS~BRA").content.decode()
    assert "AI contribution to GDP" in html and "RUB 11.2 trillion" in html
    assert "BRICS" in html and "AI Alliance Network" in html
    assert "GigaChat" in html and "YandexGPT" in html


def test_compare_numeric_and_alpha2_codes_name_the_same_countries(client, demo):
    by_alpha3 = compare(client, "?countries=RUS~CHN").content.decode()
    by_others = compare(client, "?countries=643~cn").content.decode()
    assert re.findall(r"<th scope=\"col\">([^<]+)</th>", by_alpha3) == re.findall(
        r"<th scope=\"col\">([^<]+)</th>", by_others
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?countries=RUS~XYZ", "No country has the ISO code “XYZ”."),
        ("?countries=RUS~R!", "Not an ISO country code: “R!”."),
        ("?countries=" + "~".join(["RUS", "CHN", "IND", "BRA", "ZAF", "SRB", "IDN", "USA",
                                    "GBR", "ISR", "UKR"]), "at most 10 countries"),
        ("?countries=", "This field is required."),
        ("?countries=~~", "Name at least one country"),
    ],
)  # fmt: skip
def test_compare_answers_400_with_a_clear_message_on_bad_input(client, demo, query, message):
    response = compare(client, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_compare_without_countries_explains_itself(client, demo):
    response = compare(client, "")
    assert response.status_code == 200
    assert "?countries=RUS~CHN~IND" in response.content.decode()


def test_compare_with_from_a_country_page_leads_to_a_shareable_address(client, demo):
    html = client.get(reverse("briefs:country-detail", args=["russia"])).content.decode()
    assert 'action="/compare/"' in html and 'name="add"' in html
    response = compare(client, "?countries=RUS&add=CHN")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?countries=RUS~CHN"


def test_compare_page_links_its_download_and_cites_itself(client, demo):
    html = compare(client, "?countries=RUS~CHN").content.decode()
    assert "/compare/comparison.csv?countries=RUS~CHN" in html
    assert "Cite this page" in html and "@misc{" in html


def members_on(client, day: str) -> set[str]:
    """The countries the BRICS map shades as members on a day."""
    html = client.get(reverse("briefs:bloc-detail", args=["brics"]) + f"?on={day}").content
    svg = ET.fromstring(re.search(rb"<svg[^>]*class=\"world-map\".*?</svg>", html, re.S).group())
    return {
        anchor.get("aria-label").split(":")[0]
        for anchor in svg.iter(f"{SVG}a")
        if anchor.find(f"{SVG}path").get("class") != worldmap.NO_DATA
    }


def test_bloc_map_shows_the_members_on_the_chosen_date(client, demo):
    founders = {"Brazil", "Russia", "India", "China", "South Africa"}
    expansion = {"Egypt", "Ethiopia", "Iran", "United Arab Emirates"}
    assert members_on(client, "2023-06-01") == founders
    assert members_on(client, "2024-06-01") == founders | expansion
    assert members_on(client, "2025-06-01") == founders | expansion | {"Indonesia"}


def test_bloc_map_with_a_bad_date_answers_400_and_shows_today(client, demo):
    response = client.get(reverse("briefs:bloc-detail", args=["brics"]) + "?on=2024-13-01")
    assert response.status_code == 400
    assert "is not a date written as YYYY-MM-DD" in response.content.decode()


def map_svg(client, url: str) -> ET.Element:
    html = client.get(url).content
    return ET.fromstring(re.search(rb"<svg[^>]*class=\"world-map\".*?</svg>", html, re.S).group())


def test_indicator_map_colours_ranked_countries_links_every_country_and_has_a_legend(client, demo):
    rank_context()
    url = reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"])
    svg = map_svg(client, url + "?edition=2023")
    anchors = list(svg.iter(f"{SVG}a"))
    assert len(anchors) > 170  # every mapped country with an ISO code is a link
    assert all(anchor.get("href").startswith("/countries/") for anchor in anchors)
    shaded = {
        anchor.get("aria-label"): anchor.find(f"{SVG}path").get("class") for anchor in anchors
    }
    assert shaded["Russia: 25th of 62"] == "rank-3"  # 25th to 37th is the middle fifth
    assert shaded["United States: 5th of 62"] == "rank-1"
    assert shaded["France: no rank recorded"] == worldmap.NO_DATA
    html = client.get(url + "?edition=2023").content.decode()
    assert "no rank recorded</li>" in html and "1st to 12th" in html
    assert 'id="edition-2023"' in html  # the table is the map's text alternative


def test_indicator_map_of_an_unknown_edition_answers_400(client, demo):
    url = reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"])
    response = client.get(url + "?edition=1990")
    assert response.status_code == 400
    assert "There is no 1990 edition" in response.content.decode()


def test_a_map_weighs_under_150_kb_and_carries_no_script_or_style(client, demo):
    html = client.get(reverse("briefs:bloc-detail", args=["brics"])).content
    svg = re.search(rb"<svg[^>]*class=\"world-map\".*?</svg>", html, re.S).group()
    assert len(svg) < 150 * 1024
    assert b"<script" not in svg and b"style=" not in svg and b"<style" not in svg


def test_map_geometry_ships_with_its_licence_notice():
    notice = (worldmap.GEOMETRY.parent / "WORLD-MAP-LICENCE.txt").read_text()
    assert "Natural Earth" in notice and "public domain" in notice and "ISC" in notice
    assert len(worldmap.geometry()["countries"]) > 170


def test_rank_bands_cut_the_field_into_fifths():
    assert worldmap.rank_bands(83) == [(1, 16), (17, 33), (34, 49), (50, 66), (67, 83)]
    assert worldmap.rank_bands(3) == [(1, 1), (2, 2), (3, 3)]
