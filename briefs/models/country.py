"""Countries: all 249 ISO 3166-1 entries, created by a data migration."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse

from .common import TimeStampedModel, wikidata_field


def country_code_q(code: str, *, prefix: str = "") -> Q | None:
    """The condition for the country an ISO 3166-1 code names, or None if `code` is no code.

    Alpha-2 (RU), alpha-3 (RUS) or numeric (643), in any case and with surrounding
    spaces. `prefix` reaches a country through a relation ("countries__").
    """
    code = (code or "").strip().upper()
    if not code.isascii():
        return None
    if code.isdigit() and len(code) == 3:
        return Q(**{f"{prefix}numeric_code": code})
    if code.isalpha() and len(code) in (2, 3):
        return Q(**{f"{prefix}iso2" if len(code) == 2 else f"{prefix}iso3": code})
    return None


class CountryQuerySet(models.QuerySet):
    def by_code(self, code: str):
        """The country with this ISO code (alpha-2, alpha-3 or numeric, any case), or none."""
        condition = country_code_q(code)
        return self.filter(condition) if condition is not None else self.none()

    def get_by_natural_key(self, iso3: str):
        return self.get(iso3=iso3)


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

    objects = CountryQuerySet.as_manager()

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

    def natural_key(self) -> tuple[str]:
        return (self.iso3,)
