"""Organizations: companies, banks, government bodies, universities, media..."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models

from ..paths import KeyedPath
from .common import SlugNaturalKey, SlugQuerySet, TimeStampedModel, wikidata_field

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:organization-detail", "slug")


class Organization(SlugNaturalKey, TimeStampedModel):
    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        BANK = "bank", "Bank"
        GOVERNMENT = "government", "Government body"
        RESEARCH = "research", "University or research institute"
        ASSOCIATION = "association", "Association"
        MEDIA = "media", "Media"
        CONSULTANCY = "consultancy", "Consultancy"
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organization"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "briefs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text="Where it is headquartered.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name="parent organization",
    )
    website = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    wikidata_id = wikidata_field()
    aliases = GenericRelation("briefs.Alias")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)

    def clean(self) -> None:
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "An organization cannot be its own parent."})
