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
from django.core import serializers
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from import_export.results import RowResult
from reversion.signals import post_revision_commit

from .. import workflow
from ..models import AuditEvent, ImportBatch

logger = logging.getLogger(__name__)


class UndoError(Exception):
    """An import that cannot be undone; the message is for the editor."""


class _Invalid(Exception):
    """Leaves the transaction and the revision without saving anything."""

    def __init__(self, result):
        self.result = result


def import_as_batch(resource, run_import, *, file_name: str, user):
    """Run `run_import` (returning an import-export Result) as one recorded, undoable import."""
    captured = {}

    def capture(sender, revision, versions, **kwargs):
        if revision.comment == comment:
            captured["revision"] = revision

    comment = f"Imported {file_name}" if file_name else "Imported a file"
    actor = user if user is not None and user.is_authenticated else None
    post_revision_commit.connect(capture, weak=False)
    try:
        with transaction.atomic(), reversion.create_revision(manage_manually=True):
            result = run_import()
            if result.has_errors() or result.has_validation_errors():
                raise _Invalid(result)
            reversion.set_user(actor)
            reversion.set_comment(comment)
            batch = _record(resource, result, file_name=file_name, user=actor)
    except _Invalid as invalid:
        return invalid.result
    finally:
        post_revision_commit.disconnect(capture)
    if "revision" in captured:
        ImportBatch.objects.filter(pk=batch.pk).update(revision=captured["revision"])
        batch.revision = captured["revision"]
    result.batch = batch
    transaction.on_commit(lambda: _notify(batch))
    return result


def _record(resource, result, *, file_name: str, user) -> ImportBatch:
    changes = []
    for instance, created, before in resource.touched:
        if reversion.is_registered(type(instance)):
            reversion.add_to_revision(instance)
        entry = {"model": instance._meta.label_lower, "pk": instance.pk, "created": created}
        if not created:
            entry["before"] = before
        changes.append(entry)
    totals = result.totals
    batch = ImportBatch.objects.create(
        kind=resource.kind,
        file_name=file_name[:255],
        imported_by=user,
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
    """Tell the webhooks, where the site has them; a failing receiver never fails the import."""
    try:
        from ..webhooks import notify_import_completed
    except ImportError:
        return
    try:
        notify_import_completed(batch)
    except Exception:
        logger.exception("Telling the webhooks about import %s failed", batch.pk)


def undo(batch: ImportBatch, *, user) -> None:
    """Delete what the import created and restore what it changed, as one revision."""
    if batch.is_undone:
        raise UndoError(f"{batch} was already undone.")
    actor = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic(), reversion.create_revision(manage_manually=True):
            reversion.set_user(actor)
            reversion.set_comment(f"Undid the import of {batch.file_name}")
            _restore_changed(batch)
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


def _restore_changed(batch: ImportBatch) -> None:
    changed = [entry for entry in batch.changes if not entry["created"] and entry.get("before")]
    if not changed:
        return
    data = json.dumps(
        [
            {"model": entry["model"], "pk": entry["pk"], "fields": entry["before"]}
            for entry in changed
        ]
    )
    for restored in serializers.deserialize("json", data, ignorenonexistent=True):
        restored.save()
        if reversion.is_registered(type(restored.object)):
            reversion.add_to_revision(restored.object)


def _delete_created(batch: ImportBatch) -> None:
    created: dict[str, list] = {}
    for entry in batch.changes:
        if entry["created"]:
            created.setdefault(entry["model"], []).append(entry["pk"])
    # Later kinds may refer to earlier ones within a batch (an organization's parent):
    # delete in the reverse order of creation.
    for label, pks in reversed(list(created.items())):
        apps.get_model(label)._default_manager.filter(pk__in=pks).delete()
