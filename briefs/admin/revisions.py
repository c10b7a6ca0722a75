"""What changed between two revisions of an object, for the admin's history pages.

django-reversion stores each revision as serialized field values; this module
turns two of them into rows an editor can read: the field's label, the old and
the new value, and for text a word-level diff. Objects saved along with it (a
brief's citations, a bloc's memberships) are compared too: added, removed or
changed rows.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from reversion.models import Version

IGNORED_FIELDS = {"created_at", "updated_at", "id", "hero_renditions"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    diff: str = ""


@dataclass
class RelatedChange:
    kind: str  # "added", "removed", "changed"
    label: str
    fields: list[FieldChange] = field(default_factory=list)


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(model_field, models.ManyToManyField):
        related = model_field.related_model._default_manager.in_bulk(list(value))
        names = [str(related[pk]) if pk in related else f"#{pk} (deleted)" for pk in value]
        return ", ".join(sorted(names)) or "(none)"
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (deleted)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d %B %Y, %H:%M:%S %Z}"
    return str(value)


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> str:
    """Old and new text interleaved: deletions in <del>, insertions in <ins>."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", "".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(new_words[b1:b2])))
    return mark_safe("".join(parts))  # every part above is escaped


def same_value(before, after) -> bool:
    """Equal as an editor sees them: the admin's forms keep times to the second."""
    if isinstance(before, datetime.datetime) and isinstance(after, datetime.datetime):
        return before.replace(microsecond=0) == after.replace(microsecond=0)
    return before == after


def field_changes(model, old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for model_field in model._meta.get_fields():
        name = getattr(model_field, "attname", None)
        if name is None or model_field.name in IGNORED_FIELDS:
            continue
        if name not in old and name not in new:
            continue
        before, after = old.get(name), new.get(name)
        if isinstance(model_field, models.ManyToManyField):
            before, after = sorted(before or []), sorted(after or [])
        if same_value(before, after):
            continue
        change = FieldChange(
            label=str(model_field.verbose_name).capitalize(),
            old=_display(model_field, before),
            new=_display(model_field, after),
        )
        if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
            change.diff = word_diff(before or "", after or "")
        changes.append(change)
    return changes


def _followed(version: Version) -> dict:
    """Objects of other models saved in the same revision (a brief's citations), by (model, id)."""
    return {
        (other.content_type_id, other.object_id): other
        for other in version.revision.version_set.select_related("content_type")
        if other.content_type_id != version.content_type_id
    }


def related_changes(old: Version, new: Version) -> list[RelatedChange]:
    before, after = _followed(old), _followed(new)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        reference = now or was
        model = reference.content_type.model_class()
        if model is None:
            continue
        label = f"{model._meta.verbose_name.capitalize()}: {reference.object_repr}"
        if was is None:
            changes.append(RelatedChange("added", label))
        elif now is None:
            changes.append(RelatedChange("removed", label))
        else:
            fields = field_changes(model, was.field_dict, now.field_dict)
            if fields:
                changes.append(RelatedChange("changed", label, fields))
    return changes


def compare(old: Version, new: Version) -> dict:
    model = new.content_type.model_class()
    return {
        "fields": field_changes(model, old.field_dict, new.field_dict),
        "related": related_changes(old, new),
    }
