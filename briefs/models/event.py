"""Dated events for timelines: alliances formed, models released, sanctions..."""

from django.db import models

from ..paths import KeyedPath
from .common import (
    DatePrecision,
    SlugNaturalKey,
    SlugQuerySet,
    TimeStampedModel,
    format_partial_date,
)

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:event-detail", "slug")


class Event(SlugNaturalKey, TimeStampedModel):
    class Kind(models.TextChoices):
        ALLIANCE_FORMED = "alliance_formed", "Alliance formed"
        MODEL_RELEASE = "model_release", "Model release"
        SANCTIONS = "sanctions", "Sanctions or export controls"
        STRATEGY = "strategy", "Strategy"
        RANKING_PUBLISHED = "ranking_published", "Ranking published"
        STATEMENT = "statement", "Statement"
        MEMBERSHIP = "membership", "Membership change"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField()
    precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.TextField(blank=True)
    countries = models.ManyToManyField("briefs.Country", blank=True, related_name="events")
    blocs = models.ManyToManyField("briefs.Bloc", blank=True, related_name="events")
    organizations = models.ManyToManyField("briefs.Organization", blank=True, related_name="events")
    ai_models = models.ManyToManyField(
        "briefs.AIModel", blank=True, related_name="events", verbose_name="AI models"
    )
    people = models.ManyToManyField("briefs.Person", blank=True, related_name="events")
    sources = models.ManyToManyField("briefs.Source", blank=True, related_name="events")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "title"]
        # The timeline's pages and an entity's newest events, read in this order.
        indexes = [models.Index(fields=["-occurred_on", "title"], name="event_newest")]

    def __str__(self) -> str:
        return f"{self.occurred_display}: {self.title}"

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)

    @property
    def occurred_display(self) -> str:
        return format_partial_date(self.occurred_on, self.precision)
