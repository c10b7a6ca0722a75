"""Create all 249 ISO 3166-1 countries, so editors never type one."""

from django.db import migrations


def load_countries(apps, schema_editor):
    from briefs.countries_data import iso_countries

    Country = apps.get_model("briefs", "Country")
    existing = set(Country.objects.values_list("iso2", flat=True))
    Country.objects.bulk_create(
        Country(**record.__dict__) for record in iso_countries() if record.iso2 not in existing
    )


def unload_countries(apps, schema_editor):
    apps.get_model("briefs", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("briefs", "0001_initial")]

    operations = [migrations.RunPython(load_countries, unload_countries)]
