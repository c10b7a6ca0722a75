"""The data migration gives all 249 ISO 3166-1 countries with the right codes."""

import pytest

from briefs.models import Country

pytestmark = pytest.mark.django_db


def test_all_249_iso_countries_exist():
    assert Country.objects.count() == 249
    assert Country.objects.values("iso3").distinct().count() == 249
    assert Country.objects.values("numeric_code").distinct().count() == 249


def test_russia_has_its_iso_codes_name_and_region():
    russia = Country.objects.get(iso2="RU")
    assert (russia.iso3, russia.numeric_code) == ("RUS", "643")
    assert (russia.name, russia.official_name, russia.slug) == (
        "Russia",
        "Russian Federation",
        "russia",
    )
    assert (russia.region, russia.sub_region) == ("Europe", "Eastern Europe")


@pytest.mark.parametrize(
    ("iso2", "iso3", "numeric", "name", "sub_region"),
    [
        ("US", "USA", "840", "United States", "Northern America"),
        ("GB", "GBR", "826", "United Kingdom", "Northern Europe"),
        ("RS", "SRB", "688", "Serbia", "Southern Europe"),
        ("ID", "IDN", "360", "Indonesia", "South-eastern Asia"),
        ("ZA", "ZAF", "710", "South Africa", "Sub-Saharan Africa"),
        ("AF", "AFG", "004", "Afghanistan", "Southern Asia"),
    ],
)
def test_countries_of_the_story_have_their_codes(iso2, iso3, numeric, name, sub_region):
    country = Country.objects.get(iso2=iso2)
    assert (country.iso3, country.numeric_code, country.name, country.sub_region) == (
        iso3,
        numeric,
        name,
        sub_region,
    )


def test_only_antarctica_lacks_a_un_region():
    assert list(Country.objects.filter(region="").values_list("iso2", flat=True)) == ["AQ"]


@pytest.mark.parametrize("code", ["RU", "ru", "RUS", "rus", "Rus", "643", " ru "])
def test_by_code_finds_a_country_by_any_iso_code_in_any_case(code):
    assert Country.objects.by_code(code).get().iso2 == "RU"


@pytest.mark.parametrize("code", ["", "R", "RUSS", "64", "6430", "\u0440\u0443", "R1", "../"])
def test_by_code_finds_nothing_for_what_is_no_iso_code(code):
    assert not Country.objects.by_code(code).exists()
