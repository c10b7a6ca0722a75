"""Topics: a small, curated editorial grouping of briefs."""

from django.db import models
from django.urls import reverse

from .common import SlugNaturalKey, SlugQuerySet, TimeStampedModel


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
        return reverse("briefs:topic-detail", kwargs={"slug": self.slug})
