"""Sources: the documents every claim, figure and ranking points back to."""

import pycountry
from django.core.exceptions import ValidationError
from django.db import models

from ..paths import KeyedPath
from .common import TimeStampedModel

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:source-detail", "pk")


def validate_language_code(value: str) -> None:
    if pycountry.languages.get(alpha_2=value) is None:
        raise ValidationError(
            "Enter a two-letter ISO 639-1 language code, such as en or ru.", code="invalid"
        )


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, url: str):
        return self.get(url=url)


class Source(TimeStampedModel):
    class Kind(models.TextChoices):
        NEWS = "news", "News report"
        REPORT = "report", "Report"
        DATASET = "dataset", "Dataset or index"
        OFFICIAL = "official", "Official document"
        PRESS_RELEASE = "press_release", "Press release"
        PAPER = "paper", "Academic paper"
        WEBSITE = "website", "Web page"

    url = models.URLField("URL", max_length=1000, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    publisher = models.ForeignKey(
        "briefs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
    )
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(
        "archived URL", max_length=1000, blank=True, help_text="A copy in a web archive."
    )
    language = models.CharField(
        max_length=2,
        default="en",
        validators=[validate_language_code],
        help_text="ISO 639-1 code of the language the source is written in.",
    )
    licence = models.CharField(
        max_length=100,
        blank=True,
        help_text="The SPDX identifier of the licence the source publishes under, where it "
        "has one (CC-BY-4.0, CC0-1.0, ODbL-1.0); leave blank if it states none.",
    )
    licence_url = models.URLField(
        "licence or terms URL",
        max_length=1000,
        blank=True,
        help_text="The licence text, or the publisher's terms of use when there is no "
        "standard licence.",
    )
    notes = models.TextField(blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        # The API's list pages read in its order (newest, title, id) without sorting
        # every source.
        indexes = [
            models.Index(fields=["-published_on", "title", "id"], name="source_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accessed_on__isnull=True)
                | models.Q(published_on__isnull=True)
                | models.Q(accessed_on__gte=models.F("published_on")),
                name="source_accessed_not_before_published",
                violation_error_message="A source cannot be accessed before it was published.",
            ),
        ]

    def __str__(self) -> str:
        if self.published_on:
            return f"{self.title} ({self.published_on:%Y-%m-%d})"
        return self.title

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.pk)

    def natural_key(self) -> tuple[str]:
        return (self.url,)

    @property
    def licence_display(self) -> str:
        """What readers and downloads say about reuse: the licence, the terms, or that
        none is stated (then the publisher's copyright applies)."""
        return self.describe_licence(self.licence, self.licence_url)

    @staticmethod
    def describe_licence(licence: str, licence_url: str) -> str:
        """``licence_display`` from plain values (the CSV download has no instances)."""
        if licence:
            return licence
        if licence_url:
            return "Publisher's terms"
        return "No licence stated; the publisher's rights apply"

    def clean(self) -> None:
        if self.accessed_on and self.published_on and self.accessed_on < self.published_on:
            raise ValidationError(
                {"accessed_on": "A source cannot be accessed before it was published."}
            )
