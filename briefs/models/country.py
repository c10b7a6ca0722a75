"""Countries: all 249 ISO 3166-1 entries, created by a data migration."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse

from .common import TimeStampedModel, wikidata_field


class Country(TimeStampedModel):
    iso2 = models.CharField(
        "ISO alpha-2",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Enter two capital letters, such as RU.")],
    )
    iso3 = models.CharField(
        "ISO alpha-3",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Enter three capital letters, such as RUS.")],
    )
    numeric_code = models.CharField(
        "ISO numeric",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{3}$", "Enter three digits, such as 643.")],
    )
    name = models.CharField(max_length=100, help_text="The short English name readers know.")
    official_name = models.CharField(
        max_length=200, blank=True, help_text="The name in ISO 3166-1, where it differs."
    )
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=50, blank=True, help_text="UN M49 region.")
    sub_region = models.CharField(max_length=50, blank=True, help_text="UN M49 sub-region.")
    wikidata_id = wikidata_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2=Upper("iso2")) & models.Q(iso3=Upper("iso3")),
                name="country_iso_codes_upper_case",
                violation_error_message="ISO codes are written in capital letters.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("briefs:country-detail", kwargs={"slug": self.slug})
