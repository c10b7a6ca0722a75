"""An import saved as one revision, one audit event and one ImportBatch; and its undoing.

The rows are written inside one transaction; if any row is invalid nothing stays.
Every object the import created or changed goes into one django-reversion revision
whose comment names the file, and the ImportBatch keeps what each changed object
looked like before, so ``undo`` can delete what was created and put back what was
changed, itself as one revision and one audit event.
"""

import json
import logging

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from import_export.results import RowResult
from reversion.models import Revision, Version

from .. import webhooks, workflow
from ..models import AuditEvent, ImportBatch

logger = logging.getLogger(__name__)


class UndoError(Exception):
    """An import that cannot be undone; the message is for the editor."""


class _Invalid(Exception):
    """Leaves the transaction without saving anything."""

    def __init__(self, result):
        self.result = result


def import_as_batch(resource, run_import, *, file_name: str, user):
    """Run `run_import` (returning an import-export Result) as one recorded, undoable import."""
    actor = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            result = run_import()
            if result.has_errors() or result.has_validation_errors():
                raise _Invalid(result)
            batch = _record(resource, result, file_name=file_name, user=actor)
    except _Invalid as invalid:
        return invalid.result
    result.batch = batch
    transaction.on_commit(lambda: _notify(batch))
    return result


def save_revision(objects, *, user, comment: str) -> Revision | None:
    """One django-reversion revision holding `objects` as they are now.

    Written as django-reversion writes a revision (one Revision, one Version per
    object, serialized as JSON the way it serializes them), but in a few bulk
    queries: its per-object API copies the revision's growing list on every call,
    which an import of 10,000 rows cannot afford.
    """
    objects = [obj for obj in objects if reversion.is_registered(type(obj))]
    if not objects:
        return None
    revision = Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
    content_types = ContentType.objects.get_for_models(*{type(obj) for obj in objects})
    rows = serializers.serialize("python", objects)
    Version.objects.bulk_create(
        [
            Version(
                revision=revision,
                object_id=str(obj.pk),
                content_type=content_types[type(obj)],
                db=DEFAULT_DB_ALIAS,
                format="json",
                serialized_data=json.dumps([row], cls=DjangoJSONEncoder),
                object_repr=str(obj),
            )
            for obj, row in zip(objects, rows, strict=True)
        ],
        batch_size=1000,
    )
    return revision


def _record(resource, result, *, file_name: str, user) -> ImportBatch:
    changes = []
    for instance, created, before in resource.touched:
        entry = {"model": instance._meta.label_lower, "pk": instance.pk, "created": created}
        if not created:
            entry["before"] = before
        changes.append(entry)
    totals = result.totals
    batch = ImportBatch.objects.create(
        kind=resource.kind,
        file_name=file_name[:255],
        imported_by=user,
        revision=save_revision(
            [instance for instance, *_ in resource.touched],
            user=user,
            comment=f"Imported {file_name}" if file_name else "Imported a file",
        ),
        row_count=result.total_rows,
        created_count=totals[RowResult.IMPORT_TYPE_NEW],
        changed_count=totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged_count=totals[RowResult.IMPORT_TYPE_SKIP],
        changes=changes,
    )
    workflow.record(batch, AuditEvent.Action.IMPORTED, user=user, note=summary(batch))
    return batch


def summary(batch: ImportBatch) -> str:
    return (
        f"{batch.file_name}: {batch.created_count} new, {batch.changed_count} changed, "
        f"{batch.unchanged_count} unchanged"
    )


def _notify(batch: ImportBatch) -> None:
    """Announce the import to the webhooks (``import.completed``); a failure to queue it never
    fails the import."""
    try:
        webhooks.notify_import_completed(
            name=batch.file_name,
            created=batch.created_count,
            updated=batch.changed_count,
            url=batch.get_absolute_url(),
        )
    except Exception:
        logger.exception("Telling the webhooks about import %s failed", batch.pk)


def undo(batch: ImportBatch, *, user) -> None:
    """Delete what the import created and restore what it changed, as one revision."""
    if batch.is_undone:
        raise UndoError(f"{batch} was already undone.")
    actor = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            restored = _restore_changed(batch)
            save_revision(restored, user=actor, comment=f"Undid the import of {batch.file_name}")
            _delete_created(batch)
            batch.undone_at = timezone.now()
            batch.undone_by = actor
            batch.save(update_fields=["undone_at", "undone_by"])
            workflow.record(batch, AuditEvent.Action.IMPORT_UNDONE, user=actor, note=summary(batch))
    except ProtectedError as error:
        names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:3])
        raise UndoError(
            f"{batch} cannot be undone: records added since refer to what it created ({names})."
        ) from None


def _restore_changed(batch: ImportBatch) -> list:
    changed = [entry for entry in batch.changes if not entry["created"] and entry.get("before")]
    if not changed:
        return []
    data = json.dumps(
        [
            {"model": entry["model"], "pk": entry["pk"], "fields": entry["before"]}
            for entry in changed
        ]
    )
    restored = []
    for deserialized in serializers.deserialize("json", data, ignorenonexistent=True):
        deserialized.save()
        restored.append(deserialized.object)
    return restored


def _delete_created(batch: ImportBatch) -> None:
    created: dict[str, list] = {}
    for entry in batch.changes:
        if entry["created"]:
            created.setdefault(entry["model"], []).append(entry["pk"])
    # Later kinds may refer to earlier ones within a batch (an organization's parent):
    # delete in the reverse order of creation.
    for label, pks in reversed(list(created.items())):
        apps.get_model(label)._default_manager.filter(pk__in=pks).delete()
