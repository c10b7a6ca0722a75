"""The change feed: one row each time something the read API serves appears, changes
or disappears, for apps that keep a copy (``/api/v1/changes/``).

Rows are written by the model layer (``briefs/changes.py``, connected in ``apps.py``)
in the saving transaction, so a rolled-back save records nothing. A brief counts
only while ``Brief.objects.published()`` serves it: it is *created* when it goes
public, *deleted* (a tombstone) when it is withdrawn, unpublished or deleted. A
scheduled brief's row is written ahead with ``at`` set to its publication time;
``visible()`` hides it until then, so it appears at the moment the brief goes live
with no job having to run.
"""

from django.db import models
from django.utils import timezone


class ChangeQuerySet(models.QuerySet):
    def visible(self, *, now=None):
        """Changes that have happened by `now`: a scheduled publication's row waits."""
        return self.filter(at__lte=now or timezone.now())

    def pending(self, *, now=None):
        """Rows written ahead for a scheduled publication that has not come yet."""
        return self.filter(at__gt=now or timezone.now())

    def oldest_first(self):
        return self.order_by("at", "id")


class Change(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"

    kind = models.CharField(
        "type",
        max_length=20,
        help_text="What changed, named as its API endpoint: brief, country, ai-model...",
    )
    key = models.CharField(
        max_length=200, help_text="Its natural key in the API: slug, ISO alpha-2 code or id."
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(help_text="When it happened (or, for a scheduled brief, will).")

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["at", "id"], name="change_at_id"),
            models.Index(fields=["kind", "key"], name="change_kind_key"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.action} at {self.at:%Y-%m-%d %H:%M:%S}"
