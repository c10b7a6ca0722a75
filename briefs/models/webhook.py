"""Webhooks: endpoints staff register, and the log of every delivery attempt.

Deliveries are made by the background worker (``briefs/webhooks.py``), never by the
request that saved the change.
"""

import base64
import secrets

from django.db import models
from django.urls import reverse


class WebhookEvent(models.TextChoices):
    BRIEF_PUBLISHED = (
        "brief.published",
        "A brief is published (also when a scheduled one goes live)",
    )
    BRIEF_UPDATED = "brief.updated", "A published brief changes (also its nested references)"
    BRIEF_WITHDRAWN = "brief.withdrawn", "A published brief is withdrawn or unpublished"
    BRIEF_DELETED = "brief.deleted", "A published brief is deleted"
    ENTITY_CHANGED = "entity.changed", "An entity is created, changed or deleted"
    IMPORT_COMPLETED = "import.completed", "An import finished"


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


class WebhookEndpointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def subscribed_to(self, event: str):
        """Active endpoints listening for `event` (an empty list means every event)."""
        return [endpoint for endpoint in self.active() if endpoint.listens_to(event)]


class WebhookEndpoint(models.Model):
    url = models.URLField("URL", max_length=500, help_text="Where to POST the events (HTTPS).")
    description = models.CharField(max_length=200, blank=True, help_text="Whose it is, what for.")
    events = models.JSONField(
        default=list,
        blank=True,
        help_text="The events to send; none ticked means all of them.",
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        help_text="Signs every delivery (Standard Webhooks). Give it to the receiver.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Turned off by itself when deliveries keep failing for a day; tick to resume.",
    )
    disabled_reason = models.CharField(max_length=300, blank=True, editable=False)
    disabled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["url", "id"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.description or self.url

    def get_absolute_url(self) -> str:
        return reverse("admin:briefs_webhookendpoint_change", args=[self.pk])

    def listens_to(self, event: str) -> bool:
        return not self.events or event in self.events


class WebhookDelivery(models.Model):
    """One attempt to deliver one message to one endpoint."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed, will retry"
        GAVE_UP = "gave_up", "Failed, gave up"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=40, db_index=True, help_text="The webhook-id header.")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    attempt = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField("response time (ms)", null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-attempted_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["endpoint", "-attempted_at"], name="delivery_endpoint_time")
        ]

    def __str__(self) -> str:
        return (
            f"{self.event} {self.message_id} attempt {self.attempt}: {self.get_outcome_display()}"
        )
