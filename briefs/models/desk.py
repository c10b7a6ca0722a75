"""The editors' desk: what stays behind the scenes of a brief.

An ``EditorialComment`` is a note between editors on a brief (a request for
changes, a reply): never on a public surface, listed on the brief's form and
its History page. A ``BriefAutosave`` is the text an editor was typing, kept per
user and per brief so nothing typed is lost; it is neither the brief nor one of
its revisions, and it is deleted once the editor saves or discards it.
"""

from django.conf import settings
from django.db import models


class EditorialComment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    brief = models.ForeignKey(
        "briefs.Brief", on_delete=models.CASCADE, related_name="editorial_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="editorial_comments",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "editorial comment"

    def __str__(self) -> str:
        who = self.author.get_username() if self.author else "someone"
        return f"{who} on {self.brief}: {self.body[:60]}"


class BriefAutosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brief_autosaves"
    )
    brief = models.ForeignKey("briefs.Brief", on_delete=models.CASCADE, related_name="autosaves")
    fields = models.JSONField(help_text="The form's text fields as the editor left them.")
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = "autosaved draft"
        constraints = [
            models.UniqueConstraint(fields=["user", "brief"], name="autosave_one_per_user_brief")
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()}: {self.brief} ({self.saved_at:%d %b %Y %H:%M})"
