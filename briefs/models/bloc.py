"""Blocs, alliances and networks, and who belongs to them since when."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

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
PAGE_PATH = KeyedPath("briefs:bloc-detail", "slug")


class Bloc(SlugNaturalKey, TimeStampedModel):
    class Kind(models.TextChoices):
        ECONOMIC = "economic", "Economic bloc"
        ALLIANCE = "alliance", "Alliance or network"
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
        SECURITY = "security", "Security alliance"
        STANDARDS = "standards", "Standards or policy forum"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text="For example: BRICS, G7.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    founded_on = models.DateField(null=True, blank=True)
    founded_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent bloc",
        help_text="The bloc this one grew out of or is tied to.",
    )
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    wikidata_id = wikidata_field()
    aliases = GenericRelation("briefs.Alias")
    sources = models.ManyToManyField("briefs.Source", blank=True, related_name="blocs")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)

    @property
    def founded_display(self) -> str:
        return format_partial_date(self.founded_on, self.founded_precision)

    def clean(self) -> None:
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "A bloc cannot be its own parent."})


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            models.Q(joined_on__isnull=True) | models.Q(joined_on__lte=on),
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=on),
        )


class Membership(TimeStampedModel):
    """A country or an organization (exactly one) belonging to a bloc."""

    class Role(models.TextChoices):
        FOUNDING_MEMBER = "founding_member", "Founding member"
        MEMBER = "member", "Member"
        PARTNER = "partner", "Partner"
        OBSERVER = "observer", "Observer"

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(
        "briefs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        "briefs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(null=True, blank=True)
    joined_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    left_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    sources = models.ManyToManyField("briefs.Source", blank=True, related_name="memberships")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["bloc", "joined_on", "country__name", "organization__name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, organization__isnull=True)
                    | models.Q(country__isnull=True, organization__isnull=False)
                ),
                name="membership_exactly_one_member",
                violation_error_message="Name either a country or an organization, not both.",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_left_not_before_joined",
                violation_error_message="A member cannot leave before it joined.",
            ),
            models.UniqueConstraint(
                fields=["bloc", "country", "joined_on"],
                condition=models.Q(country__isnull=False),
                name="membership_unique_country_spell",
                violation_error_message="This country already has a membership from that date.",
            ),
            models.UniqueConstraint(
                fields=["bloc", "organization", "joined_on"],
                condition=models.Q(organization__isnull=False),
                name="membership_unique_organization_spell",
                violation_error_message=(
                    "This organization already has a membership from that date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.describe(member=str(self.member), bloc=str(self.bloc))

    @staticmethod
    def describe(*, member: str, bloc: str) -> str:
        """What ``str()`` says, from plain values (the CSV download has no instances)."""
        return f"{member} in {bloc}"

    @property
    def member(self):
        return self.country or self.organization

    @property
    def joined_display(self) -> str:
        return format_partial_date(self.joined_on, self.joined_precision)

    def clean(self) -> None:
        errors = {}
        if self.country_id and self.organization_id:
            errors["organization"] = (
                "A membership names one member: clear either the country or the organization."
            )
        elif not self.country_id and not self.organization_id:
            errors["country"] = "Choose the member: a country or an organization."
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = "A member cannot leave before it joined."
        if errors:
            raise ValidationError(errors)
