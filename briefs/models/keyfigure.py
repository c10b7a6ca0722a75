"""Key figures: cited quantitative facts such as a GDP forecast or a target."""

from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.db import models

from .common import TimeStampedModel


def validate_currency_code(value: str) -> None:
    if pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(
            "Enter an ISO 4217 currency code in capitals, such as RUB or USD.", code="invalid"
        )


class KeyFigure(TimeStampedModel):
    class Unit(models.TextChoices):
        CURRENCY = "currency", "Money"
        PERCENT = "percent", "Percent"
        COUNT = "count", "Count"
        MULTIPLE = "multiple", "Multiple (×)"

    class Scale(models.TextChoices):
        ONE = "one", "—"
        THOUSAND = "thousand", "Thousand"
        MILLION = "million", "Million"
        BILLION = "billion", "Billion"
        TRILLION = "trillion", "Trillion"

    class Kind(models.TextChoices):
        ACTUAL = "actual", "Actual"
        FORECAST = "forecast", "Forecast"
        TARGET = "target", "Target"

    SCALE_FACTORS = {
        Scale.ONE: Decimal(1),
        Scale.THOUSAND: Decimal(10) ** 3,
        Scale.MILLION: Decimal(10) ** 6,
        Scale.BILLION: Decimal(10) ** 9,
        Scale.TRILLION: Decimal(10) ** 12,
    }

    country = models.ForeignKey(
        "briefs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    organization = models.ForeignKey(
        "briefs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    label = models.CharField(
        max_length=200,
        help_text="What is measured, the same wording for every year of a series, "
        "for example: AI contribution to GDP.",
    )
    value = models.DecimalField(max_digits=20, decimal_places=4)
    scale = models.CharField(
        max_length=10,
        choices=Scale.choices,
        default=Scale.ONE,
        help_text="0.2 with scale trillion is 0.2 trillion.",
    )
    unit = models.CharField(max_length=10, choices=Unit.choices)
    currency = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_currency_code],
        help_text="ISO 4217 code; required for money, empty otherwise.",
    )
    usd_value = models.DecimalField(
        "USD equivalent",
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The US dollar figure the source gives alongside, if any.",
    )
    usd_scale = models.CharField(
        "USD scale", max_length=10, choices=Scale.choices, default=Scale.ONE
    )
    year = models.PositiveSmallIntegerField(help_text="The year the figure refers to.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACTUAL)
    source = models.ForeignKey(
        "briefs.Source",
        on_delete=models.PROTECT,
        related_name="key_figures",
        help_text="Required: every figure the site shows is cited.",
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the source: a page, table or paragraph."
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["label", "year"]
        # A country's or an organization's newest figures (selectors.newest_key_figures)
        # read in order, without sorting all of its figures; the API's list pages read
        # in its order (label, year, id), without sorting the table.
        indexes = [
            models.Index(fields=["label", "year", "id"], name="keyfigure_label_year"),
            models.Index(fields=["country", "-year", "label"], name="keyfigure_country_newest"),
            models.Index(
                fields=["organization", "-year", "label"], name="keyfigure_organization_newest"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, organization__isnull=True)
                    | models.Q(country__isnull=True, organization__isnull=False)
                ),
                name="keyfigure_exactly_one_subject",
                violation_error_message="A figure is about a country or an organization, not both.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(unit="currency") & ~models.Q(currency="")
                    | ~models.Q(unit="currency") & models.Q(currency="")
                ),
                name="keyfigure_currency_only_for_money",
                violation_error_message="Money needs a currency; other units take none.",
            ),
        ]

    def __str__(self) -> str:
        return self.describe(
            subject=str(self.subject), label=self.label, year=self.year, kind=self.kind
        )

    @classmethod
    def describe(cls, *, subject: str, label: str, year: int, kind: str) -> str:
        """What ``str()`` says, from plain values (the CSV download has no instances)."""
        kind_label = dict(cls.Kind.choices).get(kind, kind)
        return f"{subject}: {label}, {year} ({str(kind_label).lower()})"

    @property
    def subject(self):
        return self.country or self.organization

    @property
    def absolute_value(self) -> Decimal:
        """The value in whole units, for machines: 0.2 trillion is 200000000000."""
        return self.in_units(self.value, self.scale)

    @classmethod
    def in_units(cls, value: Decimal, scale: str) -> Decimal:
        """``absolute_value`` from plain values (the CSV download has no instances)."""
        return value * cls.SCALE_FACTORS[scale]

    @property
    def value_display(self) -> str:
        """The figure as a reader says it: "11.2 trillion RUB", "80%", "7×"."""
        return display_value(self.value, self.scale, self.unit, self.currency)

    @property
    def usd_display(self) -> str:
        if self.usd_value is None:
            return ""
        return display_value(self.usd_value, self.usd_scale, self.Unit.CURRENCY, "USD")

    def clean(self) -> None:
        errors = {}
        if self.country_id and self.organization_id:
            errors["organization"] = (
                "A figure has one subject: clear the country or the organization."
            )
        elif not self.country_id and not self.organization_id:
            errors["country"] = "Choose what the figure is about: a country or an organization."
        if self.unit == self.Unit.CURRENCY and not self.currency:
            errors["currency"] = "Money needs an ISO 4217 currency code, such as RUB."
        elif self.unit and self.unit != self.Unit.CURRENCY and self.currency:
            errors["currency"] = "Only money takes a currency; clear this field."
        if self.usd_value is not None and self.unit != self.Unit.CURRENCY:
            errors["usd_value"] = "A US dollar equivalent only applies to money."
        if errors:
            raise ValidationError(errors)


def _number(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value).normalize():f}".partition(".")
    grouped = f"{int(whole):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"


def display_value(value: Decimal, scale: str, unit: str, currency: str) -> str:
    """``value_display`` from plain values (the CSV download has no instances)."""
    number = _number(value)
    scale_word = "" if scale == KeyFigure.Scale.ONE else f" {scale}"
    if unit == KeyFigure.Unit.PERCENT:
        return f"{number}%"
    if unit == KeyFigure.Unit.MULTIPLE:
        return f"{number}×"
    if unit == KeyFigure.Unit.CURRENCY:
        return f"{currency} {number}{scale_word}"
    return f"{number}{scale_word}"
