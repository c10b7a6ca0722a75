"""Indices that rank countries, their yearly editions, and the ranks they give."""

from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language

from ..paths import KeyedPath
from .common import SlugNaturalKey, SlugQuerySet, TimeStampedModel

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:indicator-detail", "slug")


class Indicator(SlugNaturalKey, TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    publisher = models.ForeignKey(
        "briefs.Organization", on_delete=models.PROTECT, related_name="indicators"
    )
    description = models.TextField(blank=True)
    methodology = models.TextField(
        blank=True, help_text="What it measures and how, in a sentence or two."
    )
    website = models.URLField(max_length=500, blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)


class IndicatorEditionQuerySet(models.QuerySet):
    def get_by_natural_key(self, indicator_slug: str, year: int):
        return self.get(indicator__slug=indicator_slug, year=year)


class IndicatorEdition(TimeStampedModel):
    """One year's edition; the number of countries it covers changes between editions."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="editions")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The edition's year as its publisher names it.",
    )
    published_on = models.DateField(null=True, blank=True)
    data_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The year the data describes, where it differs from the edition's year.",
    )
    countries_covered = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(249)],
        help_text="How many countries this edition ranks; ranks cannot exceed it.",
    )
    url = models.URLField("URL", max_length=500, blank=True)
    source = models.ForeignKey(
        "briefs.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_editions",
        help_text="Where the edition's details (year, coverage) come from.",
    )
    note = models.CharField(max_length=500, blank=True)

    objects = IndicatorEditionQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="edition_unique_year",
                violation_error_message="This indicator already has an edition for that year.",
            ),
            models.CheckConstraint(
                condition=models.Q(countries_covered__gte=1),
                name="edition_covers_a_country",
                violation_error_message="An edition covers at least one country.",
            ),
        ]

    def __str__(self) -> str:
        return self.describe(indicator=str(self.indicator), year=self.year)

    @staticmethod
    def describe(*, indicator: str, year: int) -> str:
        """What ``str()`` says, from plain values (the CSV download has no instances)."""
        return f"{indicator} {year}"

    def get_absolute_url(self) -> str:
        return self.indicator.get_absolute_url()

    def natural_key(self) -> tuple:
        return (*self.indicator.natural_key(), self.year)

    natural_key.dependencies = ["briefs.indicator"]

    def clean(self) -> None:
        if self.pk and self.countries_covered:
            highest = self.rankings.aggregate(models.Max("rank"))["rank__max"]
            if highest and highest > self.countries_covered:
                raise ValidationError(
                    {
                        "countries_covered": (
                            f"A ranking in this edition already has rank {highest}; "
                            f"the edition must cover at least {highest} countries."
                        )
                    }
                )


class RankingQuerySet(models.QuerySet):
    def get_by_natural_key(self, indicator_slug: str, year: int, country_iso3: str, pillar: str):
        return self.get(
            edition__indicator__slug=indicator_slug,
            edition__year=year,
            country__iso3=country_iso3,
            pillar=pillar,
        )


class Ranking(TimeStampedModel):
    """A country's rank in one edition, overall (no pillar) or on one pillar."""

    edition = models.ForeignKey(IndicatorEdition, on_delete=models.CASCADE, related_name="rankings")
    country = models.ForeignKey("briefs.Country", on_delete=models.PROTECT, related_name="rankings")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    score = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    pillar = models.CharField(
        max_length=100, blank=True, help_text="Leave blank for the overall rank."
    )
    source = models.ForeignKey("briefs.Source", on_delete=models.PROTECT, related_name="rankings")
    note = models.CharField(max_length=500, blank=True)

    objects = RankingQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "pillar", "rank"]
        # An edition's overall (or one pillar's) ranks in order: the home page's
        # snapshot and the indicator page read them so, however many ranks there are.
        indexes = [
            models.Index(fields=["edition", "pillar", "rank"], name="ranking_edition_pillar")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "country", "pillar"],
                name="ranking_unique_per_edition_country_pillar",
                violation_error_message=(
                    "This country already has a rank in this edition for this pillar."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1),
                name="ranking_rank_positive",
                violation_error_message="Ranks start at 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.describe(
            country=str(self.country),
            rank=self.rank,
            out_of=self.edition.countries_covered,
            pillar=self.pillar,
            edition=str(self.edition),
        )

    @staticmethod
    def describe(
        *, country: str, rank: int, out_of: int, pillar: str, edition: str, language=None
    ) -> str:
        """What ``str()`` says, from plain values (the CSV download has no instances;
        it passes the `language`, looked up once, for ``rank_text``)."""
        pillar = f" ({pillar})" if pillar else ""
        return f"{country}: {Ranking.rank_text(rank, out_of, language)}{pillar} in {edition}"

    def natural_key(self) -> tuple:
        return (*self.edition.natural_key(), *self.country.natural_key(), self.pillar)

    natural_key.dependencies = ["briefs.indicatoredition", "briefs.country"]

    @property
    def rank_display(self) -> str:
        """ "31st of 83": the rank only means something next to the field's size."""
        return self.rank_text(self.rank, self.edition.countries_covered)

    @staticmethod
    def rank_text(rank: int, out_of: int, language: str | None = None) -> str:
        """ "31st of 83" in `language`, by default the current one."""
        return f"{_ordinal(rank, language or get_language())} of {out_of}"

    @property
    def percentile(self) -> int:
        """The share of the other countries in the edition that rank below this one,
        0 to 100: 31st of 83 is ahead of 52 of the other 82, the 63rd percentile."""
        covered = self.edition.countries_covered
        if covered <= 1:
            return 100
        return round(100 * (covered - self.rank) / (covered - 1))

    def clean(self) -> None:
        # A database check cannot look across tables, so the edition's size is checked here.
        try:
            edition = self.edition  # in an admin inline, the edition being edited
        except ObjectDoesNotExist:
            return
        covered = edition.countries_covered
        if self.rank and covered and self.rank > covered:
            message = f"Rank {self.rank} is beyond the {covered} countries this edition covers."
            raise ValidationError({"rank": message})


@lru_cache(maxsize=2048)
def _ordinal(rank: int, language: str | None) -> str:
    """humanize's ordinal, remembered per language: it goes through the translation
    machinery on every call, and an import or a page names thousands of ranks."""
    return ordinal(rank)
