"""Write the committed country table from the libraries; review the diff before committing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from briefs.countries_data import iso_countries
from briefs.country_table import COUNTRIES_CSV, countries_csv


class Command(BaseCommand):
    help = (
        "Rebuild briefs/data/countries.csv from pycountry, Babel's CLDR names and "
        "countryinfo's M49 regions. Run it after upgrading one of them and review the diff: "
        "the data migration reads only this file."
    )

    def handle(self, *args, **options):
        records = iso_countries()
        text = countries_csv(records)
        unchanged = COUNTRIES_CSV.exists() and COUNTRIES_CSV.read_text(encoding="utf-8") == text
        COUNTRIES_CSV.write_text(text, encoding="utf-8")
        where = COUNTRIES_CSV.relative_to(settings.BASE_DIR)
        if unchanged:
            self.stdout.write(f"{where} is up to date ({len(records)} countries).")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Wrote {len(records)} countries to {where}. Review `git diff {where}`; "
                    "the data migration gives fresh databases exactly this file."
                )
            )
