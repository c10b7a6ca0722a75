"""The committed country table is what the generator builds, and what the migration loads."""

import pytest

from briefs.countries_data import iso_countries
from briefs.country_table import (
    COLUMNS,
    COUNTRIES_CSV,
    CountryRecord,
    countries_csv,
    read_countries,
)
from briefs.models import Country


def test_committed_country_file_matches_what_the_libraries_give_now():
    assert COUNTRIES_CSV.read_text(encoding="utf-8") == countries_csv(iso_countries()), (
        "briefs/data/countries.csv differs from what the installed pycountry, Babel and "
        "countryinfo give (a library upgrade?). Run `python manage.py generate_country_data`, "
        "review the diff and commit it; existing databases need a data migration for it."
    )


@pytest.mark.django_db
def test_migration_creates_exactly_the_countries_in_the_committed_file():
    created = [CountryRecord(**row) for row in Country.objects.order_by("iso2").values(*COLUMNS)]
    assert created == read_countries()
