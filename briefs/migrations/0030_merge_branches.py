"""Joins the migrations that the branches of this release added side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0012c_ranking_edition_pillar_index"),
        ("briefs", "0013b_webhooks"),
        ("briefs", "0014b_preview_links"),
        ("briefs", "0016_aliases_imports"),
        ("briefs", "0017_source_licence"),
        ("briefs", "0018_editors_desk"),
    ]

    operations = []
