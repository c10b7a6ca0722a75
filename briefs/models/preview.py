"""Shared preview links of unpublished briefs: each one stored, so it can be ended.

A link carries a random token; only its SHA-256 is stored, so the database alone
cannot be used to open previews. A link stops working when it expires
(``PREVIEW_LINK_MAX_AGE`` after it was made), when an editor revokes it, and
when its brief is withdrawn (``briefs.preview.end_links_of_withdrawn_brief``,
on every save, whatever path withdraws it).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, *, now=None):
        """Links that still open their preview: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class PreviewLink(models.Model):
    class EndedBecause(models.TextChoices):
        REVOKED = "revoked", "Revoked by an editor"
        WITHDRAWN = "withdrawn", "The brief was withdrawn"

    brief = models.ForeignKey(
        "briefs.Brief", on_delete=models.CASCADE, related_name="preview_links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preview_links",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_because = models.CharField(
        max_length=10, choices=EndedBecause.choices, blank=True, default=""
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "preview link"

    def __str__(self) -> str:
        return f"Preview link for {self.brief} made {self.created_at:%d %B %Y %H:%M}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
