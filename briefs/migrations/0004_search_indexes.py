"""Full-text search columns and their GIN indexes, on PostgreSQL only.

Each searched table gets ``search_vector``, a tsvector column that PostgreSQL
generates from the row on every write (its expression is
briefs.search.search_vector, compiled here), and a GIN index on it. Queries
match and rank on the stored vector, so the text is never re-parsed at search
time. SQLite has neither; its search fallback needs none.
"""

from django.db import migrations

SEARCHED_MODELS = ["Brief", "Country", "Organization", "AIModel", "Bloc", "Event"]


def _tables(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from briefs import models as current_models

    for name in SEARCHED_MODELS:
        model = apps.get_model("briefs", name)
        yield model._meta.db_table, model._meta.model_name, getattr(current_models, name)


def add_search_columns(apps, schema_editor):
    from briefs.search import VECTOR_COLUMN, search_vector_sql

    quote = schema_editor.quote_name
    for table, model_name, model in _tables(apps, schema_editor):
        expression = search_vector_sql(model, schema_editor)
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD COLUMN {quote(VECTOR_COLUMN)} tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {quote(model_name + '_search')} ON {quote(table)} "
            f"USING gin ({quote(VECTOR_COLUMN)})"
        )


def remove_search_columns(apps, schema_editor):
    from briefs.search import VECTOR_COLUMN

    quote = schema_editor.quote_name
    for table, _, _ in _tables(apps, schema_editor):
        schema_editor.execute(f"ALTER TABLE {quote(table)} DROP COLUMN {quote(VECTOR_COLUMN)}")


class Migration(migrations.Migration):
    dependencies = [("briefs", "0003_brief_publication_dates")]

    operations = [migrations.RunPython(add_search_columns, remove_search_columns)]
