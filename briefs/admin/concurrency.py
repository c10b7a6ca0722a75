"""No lost updates: a change form refuses to overwrite a save made after it was opened.

The form carries the id of the object's latest revision (django-reversion) as
a hidden field. If, at save, a newer revision exists, someone else saved in
between: the save is refused with their name and time, a list of the fields
they changed and a link to the diff, and everything the editor typed stays in
the form. The hidden field then carries the newer revision, so saving again
is a deliberate choice to put this version over theirs.
"""

import logging

import reversion
from django import forms
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.models import Version

from ..users import display_name
from .revisions import same_value

TOKEN_FIELD = "revision_token"

logger = logging.getLogger(__name__)


def ensure_baseline(obj) -> None:
    """Give an object made outside the admin a first revision, so later diffs have a start.

    Written when a change form is opened, so it must not stop the form from opening: with
    the database read-only, the form opens without it and the next save writes one.
    """
    if latest_version(obj) is None:
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_comment("Baseline: as it stood before its first edit in the admin.")
                reversion.add_to_revision(obj)
        except DatabaseError as error:
            logger.warning("No baseline revision for %r (the database refused it): %s", obj, error)


def latest_version(obj) -> Version | None:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return (
        Version.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .select_related("revision__user")
        .order_by("-pk")
        .first()
    )


def display_user(user) -> str:
    """Who saved a revision: their name, and their username too when the two differ."""
    if user is None:
        return "Someone"
    name, username = display_name(user), user.get_username()
    return name if name == username else f"{name} ({username})"


def changed_field_labels(model, older: Version | None, newer: Version) -> list[str]:
    if older is None:
        return []
    before, after = older.field_dict, newer.field_dict
    labels = []
    for field in model._meta.get_fields():
        name = getattr(field, "attname", None)
        if not getattr(field, "editable", False) or name not in after:
            continue  # bookkeeping such as updated_at is not something "they changed"
        if not same_value(before.get(name), after.get(name)):
            labels.append(str(field.verbose_name).capitalize())
    return labels


class ConcurrencyFormMixin(forms.Form):
    revision_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set per request by BaseAdmin when a dependency refused the save (briefs.faults).
    save_refusal = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            latest = latest_version(self.instance)
            self.fields[TOKEN_FIELD].initial = str(latest.pk) if latest else ""

    def clean(self):
        cleaned = super().clean()
        if self.save_refusal is not None:
            self.add_error(None, self.save_refusal.message)
            for name in self.save_refusal.file_fields:
                if name in self.fields:
                    self.add_error(name, self.save_refusal.field_message)
        if not self.instance.pk:
            return cleaned
        latest = latest_version(self.instance)
        current = str(latest.pk) if latest else ""
        loaded = cleaned.get(TOKEN_FIELD) or ""
        if latest is not None and loaded != current:
            self.conflict_version = latest  # for a field-by-field merge, where a form offers one
            self.add_error(None, self._conflict_message(loaded, latest))
            # Keep the editor's input, but let a second, deliberate save through.
            self.data = self.data.copy()
            self.data[self.add_prefix(TOKEN_FIELD)] = current
        return cleaned

    def _conflict_message(self, loaded: str, latest: Version):
        older = Version.objects.filter(pk=loaded).first() if loaded.isdigit() else None
        model = type(self.instance)
        when = timezone.localtime(latest.revision.date_created)
        changed = changed_field_labels(model, older, latest)
        changed_text = f" They changed: {', '.join(changed)}." if changed else ""
        opts = model._meta
        if older is not None:
            compare_url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_compare",
                args=[quote(self.instance.pk)],
            )
            link = format_html(
                ' <a href="{}?from={}&amp;to={}" target="_blank">See what they changed</a>.',
                compare_url,
                older.pk,
                latest.pk,
            )
        else:
            link = ""
        return format_html(
            "{} saved this {} at {} on {}, after you opened it. Nothing of yours is saved yet: "
            "your version is still in the form below.{}{} Save again to replace their version "
            "with yours.",
            display_user(latest.revision.user),
            opts.verbose_name,
            f"{when:%H:%M:%S}",
            f"{when:%d %B %Y}",
            changed_text,
            link,
        )
