"""Create all 249 ISO 3166-1 countries, so editors never type one.

The rows come from the committed briefs/data/countries.csv, never from the
libraries that `manage.py generate_country_data` builds it with, so upgrading
one of them cannot change what a fresh database gets.
"""

from dataclasses import asdict
from operator import attrgetter

from django.db import migrations


def load_countries(apps, schema_editor):
    from briefs.country_table import read_countries

    Country = apps.get_model("briefs", "Country")
    existing = set(Country.objects.values_list("iso2", flat=True))
    # In ISO alpha-3 order, pycountry's, in which this migration created them when
    # it read the library: a fresh database numbers the countries as it always has.
    records = sorted(read_countries(), key=attrgetter("iso3"))
    Country.objects.bulk_create(
        Country(**asdict(record)) for record in records if record.iso2 not in existing
    )


def unload_countries(apps, schema_editor):
    apps.get_model("briefs", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("briefs", "0001_initial")]

    operations = [migrations.RunPython(load_countries, unload_countries)]
