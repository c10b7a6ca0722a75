"""Topics: a small, curated editorial grouping of briefs."""

from django.db import models

from ..paths import KeyedPath
from .common import SlugNaturalKey, SlugQuerySet, TimeStampedModel

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:topic-detail", "slug")


class Topic(SlugNaturalKey, TimeStampedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)
