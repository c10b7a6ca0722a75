"""People the briefs quote or name, and the posts they hold."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models

from ..paths import KeyedPath
from .common import SlugNaturalKey, SlugQuerySet, TimeStampedModel, wikidata_field

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:person-detail", "slug")


class Person(SlugNaturalKey, TimeStampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.ForeignKey(
        "briefs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The country the person acts for or is based in.",
    )
    description = models.TextField(blank=True)
    wikidata_id = wikidata_field()
    aliases = GenericRelation("briefs.Alias")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)


class Role(TimeStampedModel):
    """A post a person holds, dated, so "President-elect at the time" stays true later."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200, help_text="For example: CEO, President.")
    organization = models.ForeignKey(
        "briefs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
    )
    country = models.ForeignKey(
        "briefs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        help_text="For a state office such as President of Russia.",
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    source = models.ForeignKey(
        "briefs.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )

    class Meta:
        ordering = ["person", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="role_ends_after_start",
                violation_error_message="A role cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        where = self.organization or self.country
        return f"{self.title}, {where}" if where else self.title

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A role cannot end before it starts."})
