"""GIN indexes on the full-text vectors that search uses, on PostgreSQL only.

The index expression comes from briefs.search.search_vector, the very
expression queries filter on, so the planner can use the index. SQLite has no
GIN indexes; its search fallback needs none.
"""

from django.db import migrations

SEARCHED_MODELS = ["Brief", "Country", "Organization", "AIModel", "Bloc", "Event"]


def _indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from briefs import models as current_models
    from briefs.search import search_index

    for name in SEARCHED_MODELS:
        yield apps.get_model("briefs", name), search_index(getattr(current_models, name))


def add_search_indexes(apps, schema_editor):
    for model, index in _indexes(apps, schema_editor):
        schema_editor.add_index(model, index)


def remove_search_indexes(apps, schema_editor):
    for model, index in _indexes(apps, schema_editor):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("briefs", "0003_brief_publication_dates")]

    operations = [migrations.RunPython(add_search_indexes, remove_search_indexes)]
