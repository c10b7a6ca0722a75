"""Pieces shared by several models: partial dates and identifiers."""

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.utils.dateformat import format as format_date


class DatePrecision(models.TextChoices):
    """How much of a date is known: a release "in 2023" is not "on 1 January 2023"."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


_PRECISION_FORMATS = {
    DatePrecision.DAY: "j F Y",
    DatePrecision.MONTH: "F Y",
    DatePrecision.YEAR: "Y",
}


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """Show only as much of a date as is known ("December 2024", "2023")."""
    if value is None:
        return ""
    return format_date(value, _PRECISION_FORMATS.get(precision, "j F Y"))


wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", "Enter a Wikidata item id such as Q159 (a Q followed by digits)."
)


def wikidata_field() -> models.CharField:
    return models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
        help_text="Optional, for example Q159 for Russia.",
    )


class SlugQuerySet(models.QuerySet):
    """Rows named by a unique slug, which is also their natural key (export_content)."""

    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class SlugNaturalKey:
    """A model's natural key is its slug: exports name rows by it, not by their id."""

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True
