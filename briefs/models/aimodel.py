"""AI models, described the way Epoch AI's model database does."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models

from ..paths import KeyedPath
from .common import (
    DatePrecision,
    SlugNaturalKey,
    SlugQuerySet,
    TimeStampedModel,
    format_partial_date,
    wikidata_field,
)

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:aimodel-detail", "slug")


class AIModel(SlugNaturalKey, TimeStampedModel):
    class Modality(models.TextChoices):
        LANGUAGE = "language", "Language"
        MULTIMODAL = "multimodal", "Multimodal"
        VISION = "vision", "Vision"
        IMAGE_GENERATION = "image_generation", "Image generation"
        SPEECH = "speech", "Speech and audio"
        VIDEO = "video", "Video"
        OTHER = "other", "Other"

    class Access(models.TextChoices):
        """Epoch AI's model accessibility categories."""

        OPEN_UNRESTRICTED = "open_unrestricted", "Open weights (unrestricted)"
        OPEN_RESTRICTED = "open_restricted", "Open weights (restricted use)"
        OPEN_NONCOMMERCIAL = "open_noncommercial", "Open weights (non-commercial)"
        API = "api", "API access"
        HOSTED = "hosted", "Hosted access (no API)"
        UNRELEASED = "unreleased", "Unreleased"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    developers = models.ManyToManyField(
        "briefs.Organization", related_name="ai_models", help_text="One or more organizations."
    )
    country = models.ForeignKey(
        "briefs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ai_models",
    )
    released_on = models.DateField(null=True, blank=True)
    release_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.LANGUAGE)
    access = models.CharField(
        max_length=20, choices=Access.choices, blank=True, help_text="Leave blank if unknown."
    )
    parameters = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Leave blank if unknown: unknown is not zero."
    )
    base_model = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived_models",
    )
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    wikidata_id = wikidata_field()
    aliases = GenericRelation("briefs.Alias")
    sources = models.ManyToManyField("briefs.Source", blank=True, related_name="ai_models")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "AI model"
        verbose_name_plural = "AI models"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parameters__isnull=True) | models.Q(parameters__gt=0),
                name="aimodel_parameters_positive",
                violation_error_message="Leave parameters blank when unknown; zero is not a size.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)

    @property
    def released_display(self) -> str:
        return format_partial_date(self.released_on, self.release_precision)

    def clean(self) -> None:
        if self.parameters == 0:
            raise ValidationError(
                {"parameters": "Leave parameters blank when unknown; zero is not a size."}
            )
        if self.pk and self.base_model_id == self.pk:
            raise ValidationError({"base_model": "A model cannot be its own base model."})
