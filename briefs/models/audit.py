"""The editorial audit trail: who created, submitted, published, withdrew or deleted what,
and who signed in to the admin, failed to or was locked out (``briefs.signin``).

Revisions (django-reversion) keep what a record looked like; this log keeps the
editorial decisions, one row each, so a newsroom can answer "who published
this, and when?" without reading diffs. Rows name their object by content type
and id rather than by a foreign key, so the trail outlives a deletion and
reconnects when a deleted brief is recovered under its old id.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned to draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DELETED = "deleted", "Deleted"
        RECOVERED = "recovered", "Recovered after deletion"
        RESTORED = "restored", "Restored an earlier revision"
        PREVIEW_SHARED = "preview_shared", "Shared a preview link"
        IMPORTED = "imported", "Imported a file"
        IMPORT_UNDONE = "import_undone", "Undid an import"
        PREVIEW_REVOKED = "preview_revoked", "Revoked a preview link"
        LOGGED_IN = "logged_in", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed to sign in"
        LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(
        "object", max_length=300, help_text="What the object was called at the time."
    )
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    at = models.DateTimeField("when", db_index=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit event"
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        who = self.actor.get_username() if self.actor else "someone"
        return f"{who} {self.get_action_display().lower()} {self.object_repr}"
