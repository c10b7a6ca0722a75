"""Export all content to one JSON file, and import it into an empty database.

The file is Django's serialization format, written with natural keys and read by
``loaddata``. It holds the knowledge base and the briefs (every model of the
``briefs`` app, audit trail, slug redirects, aliases and editorial comments
included; not an editor's autosaved typing, the bookkeeping of CSV imports
nor the page cache's generation), the revision history
(django-reversion), and the accounts and groups the briefs, revisions and audit
rows name. Media files (hero images and their renditions) are not in it: they
stay on the disk or in the bucket, copied on their own (docs/deploy.md).

References are natural keys, so a row names what it points at by what it is:
a country by its ISO alpha-3 code, a brief, organization or topic by its slug, a
source by its URL, an edition by indicator and year, a user by username, a
permission by app, model and codename. Rows that a freshly migrated database
already holds (the countries, the editorial groups) and accounts carry no id at
all: importing updates the row with the same natural key. Content keeps its ids,
because public addresses (``/sources/<id>/``), revisions, the audit trail and
slug redirects refer to them; that is why it can only go into a database with no
content yet (``import_content`` checks).
"""

import datetime
import gzip
import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from .changes import loading_export
from .models import (
    BriefAutosave,
    ContentGeneration,
    Country,
    ImportBatch,
    PreviewLink,
    WebhookDelivery,
    WebhookEndpoint,
)

# Models of other apps that the content refers to or whose history it is.
RELATED_MODELS = ["auth.Group", "auth.User", "reversion.Revision", "reversion.Version"]

# Rows of the briefs app that are not content: an editor's unsaved typing (kept per
# user until saved or discarded), the bookkeeping of CSV imports, whose undo
# records name ids of this database only, this site's page-cache generation, shared
# preview links (secrets, for a week), and the webhooks: receivers' secrets and their
# delivery log belong to this deployment; register the endpoints again after a restore.
NOT_CONTENT = (
    BriefAutosave,
    ContentGeneration,
    ImportBatch,
    PreviewLink,
    WebhookDelivery,
    WebhookEndpoint,
)


def content_models() -> list:
    """The briefs app's models that hold content."""
    return [
        model for model in apps.get_app_config("briefs").get_models() if model not in NOT_CONTENT
    ]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, except that times keep their microseconds: an export loses nothing."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


def exported_models() -> list:
    """Every exported model, each after the ones its natural keys refer to."""
    models = content_models()
    models += [apps.get_model(label) for label in RELATED_MODELS]
    by_app: dict = {}
    for model in models:
        by_app.setdefault(model._meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _identified_by_natural_key(model) -> bool:
    """Rows an empty database may already hold (or that have no meaningful id) go without one."""
    return model in (Country, Group, get_user_model())


def _open(path: Path, mode: str):
    return (
        gzip.open(path, mode + "t", encoding="utf-8") if path.suffix == ".gz" else path.open(mode)
    )


def export_content(path: Path) -> dict[str, int]:
    """Write every exported row to `path` (gzip-compressed if it ends in .gz); counts by model."""
    counts = {}
    with _open(path, "w") as out, transaction.atomic():  # one consistent snapshot
        out.write("[\n")
        first = True
        for model in exported_models():
            rows = serializers.serialize(
                "python",
                model._default_manager.order_by("pk").iterator(chunk_size=500),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=_identified_by_natural_key(model),
            )
            for row in rows:
                out.write(("" if first else ",\n") + json.dumps(row, cls=ExactJSONEncoder))
                first = False
            counts[model._meta.label] = len(rows)
        out.write("\n]\n")
    return counts


def existing_content() -> list[str]:
    """The content models that already have rows (countries, made by a migration, do not count)."""
    return [
        str(model._meta.verbose_name_plural)
        for model in content_models()
        if model is not Country and model._default_manager.exists()
    ]


class NotEmptyError(Exception):
    pass


def import_content(path: Path, *, verbosity: int = 0) -> None:
    """Load an export into a database that has no content yet, in one transaction."""
    found = existing_content()
    if found:
        raise NotEmptyError(
            "This database already has content (" + ", ".join(found) + "). Import into a "
            "freshly migrated, empty database; the export keeps the ids of its content."
        )
    # loaddata reads the format from the name: data.json or data.json.gz.
    with loading_export():
        call_command("loaddata", str(path), verbosity=verbosity)
