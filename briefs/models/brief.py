"""Briefs: short analyses tying the knowledge base together, and their citations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Min, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.functional import cached_property

from ..markdown import RENDERER_VERSION, render_markdown
from ..paths import KeyedPath
from .common import SlugNaturalKey, SlugQuerySet, TimeStampedModel

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:brief-detail", "slug")

# How many years back publication_years() probes one by one (see there).
PROBED_YEARS = 30
# "Date published" as readers see it: the first publication, else the scheduled time.
DATE_PUBLISHED = Coalesce("first_published_at", "publish_at")
# The last time a brief changed for a reader: its last revision, else its publication.
DATE_LAST_CHANGED = Coalesce("revised_at", "first_published_at", "publish_at")
# When a brief last changed for an app keeping a copy: the later of its last save and
# the moment it went live (a brief scheduled last week changed for readers this morning).
READER_UPDATED_AT = Greatest("updated_at", "publish_at")


def _visibility_rules(now) -> dict[str, dict]:
    """The one statement of when a brief is live or scheduled, as field lookups.

    ``BriefQuerySet`` filters with these lookups in SQL and ``Brief.is_published`` /
    ``is_scheduled`` evaluate the very same lookups in Python, so the two cannot drift.
    """
    published = Brief.Status.PUBLISHED
    return {
        "live": {"status": published, "publish_at__lte": now},
        "scheduled": {"status": published, "publish_at__gt": now},
    }


_COMPARE = {
    "exact": lambda value, bound: value == bound,
    "lte": lambda value, bound: value is not None and value <= bound,
    "gt": lambda value, bound: value is not None and value > bound,
}


def _matches(instance, lookups: dict) -> bool:
    """Evaluate simple field lookups (exact, lte, gt) against an unsaved or loaded row."""
    for lookup, bound in lookups.items():
        field_name, _, operator = lookup.partition("__")
        if not _COMPARE[operator or "exact"](getattr(instance, field_name), bound):
            return False
    return True


class BriefQuerySet(SlugQuerySet):
    """Every read rule about briefs, once: visibility, the public dates, their order."""

    @staticmethod
    def live_q(*, now=None) -> Q:
        """The condition ``published()`` filters on, for aggregates and subqueries."""
        return Q(**_visibility_rules(now or timezone.now())["live"])

    def published_links(self, through: type[models.Model]) -> models.QuerySet:
        """The rows of a brief's link table (``Brief.countries.through``...) whose brief
        is published, for per-row probes and counts ("does any published brief name
        this country?").

        The brief is compared as ``brief_id + 0`` against the published briefs, listed
        once: the arithmetic keeps the brief's own index from SQLite's planner, which
        otherwise walked every published brief for each row probed (6 s for the brief
        list's country choices at 100,000 briefs; 30 ms this way). The link's own index
        on the other side (the country) is still used.
        """
        return through.objects.annotate(unindexed_brief_id=F("brief_id") + 0).filter(
            unindexed_brief_id__in=self.published().values("pk")
        )

    @staticmethod
    def scheduled_q(*, now=None) -> Q:
        """Published by an editor, with a publication time still to come."""
        return Q(**_visibility_rules(now or timezone.now())["scheduled"])

    def published(self):
        """The one gate for every public surface: published, and due by now.

        Visibility is computed from the clock, so a scheduled brief goes live at
        its ``publish_at`` with no job having to run.
        """
        return self.filter(self.live_q())

    def scheduled(self):
        return self.filter(self.scheduled_q())

    def with_date_published(self):
        """Annotate ``date_published_at``: the date readers see (see DATE_PUBLISHED)."""
        return self.annotate(date_published_at=DATE_PUBLISHED)

    def with_reader_updated_at(self):
        """Annotate ``reader_updated_at`` (see READER_UPDATED_AT): what sync follows."""
        return self.annotate(reader_updated_at=READER_UPDATED_AT)

    def newest_first(self):
        """Newest by the date readers see, then by schedule, then by id (stable pages)."""
        return self.with_date_published().order_by("-date_published_at", "-publish_at", "-pk")

    def published_in_year(self, year: int):
        return self.annotate(published_year=ExtractYear(DATE_PUBLISHED)).filter(published_year=year)

    def publication_years(self) -> list[int]:
        """The years that have briefs in this queryset, newest first.

        One query of an EXISTS probe per year, for the PROBED_YEARS up to next year, each
        a seek in the date index: taking every brief's year read the whole archive
        (1.8 s at 100,000 briefs on SQLite; 0.1 s this way). Only when a brief is
        older than that (an imported archive) are all the years read.
        """
        dated = self.with_date_published()
        this_year = timezone.now().year
        first = this_year - PROBED_YEARS
        probes = {
            f"in_{year}": Exists(dated.filter(date_published_at__year=year))
            for year in range(first, this_year + 2)
        }
        probes["older"] = Exists(dated.filter(date_published_at__year__lt=first))
        found = self.model.objects.annotate(**probes).values(*probes).first() or {}
        if found.get("older"):
            return self._every_publication_year()
        return [int(name[3:]) for name, hit in reversed(found.items()) if hit]

    def _every_publication_year(self) -> list[int]:
        return list(
            self.annotate(published_year=ExtractYear(DATE_PUBLISHED))
            .order_by("-published_year")
            .values_list("published_year", flat=True)
            .distinct()
        )

    def last_changed(self):
        """The latest date any of these briefs changed for a reader, or None.

        The first row in the order of the ``brief_status_last_changed`` index: a MAX
        read every brief (1.5 s for the sitemap index at 100,000 briefs on SQLite).
        """
        return (
            self.annotate(last_changed_at=DATE_LAST_CHANGED)
            .filter(last_changed_at__isnull=False)
            .order_by("-last_changed_at")
            .values_list("last_changed_at", flat=True)
            .first()
        )

    def next_publication_after(self, moment):
        """The earliest ``publish_at`` after `moment` among these briefs, or None.

        Callers that only need to bound how long a response may be cached ask this of
        all briefs (drafts with a future time included): it keeps the status rule in
        ``published()`` alone, at worst shortening a cache lifetime.
        """
        return self.filter(publish_at__gt=moment).aggregate(next=Min("publish_at"))["next"]

    def next_publication_subquery(self, moment) -> Subquery:
        """``next_publication_after`` as a subquery, to ride along on a list's own query."""
        upcoming = self.filter(publish_at__gt=moment).order_by("publish_at").values("publish_at")
        return Subquery(upcoming[:1], output_field=models.DateTimeField())


class Brief(SlugNaturalKey, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=300,
        help_text="Plain text, at most 300 characters: shown in lists, feeds and link previews.",
    )
    body = models.TextField(
        help_text="Markdown. Raw HTML is not rendered; links to javascript: are removed."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        db_index=True,
        help_text="When it goes live. Empty when publishing means now; a future time schedules it.",
    )
    first_published_at = models.DateTimeField(
        "first published at",
        null=True,
        blank=True,
        editable=False,
        help_text="When the brief first went public; kept through later edits and re-publishing.",
    )
    revised_at = models.DateTimeField(
        "revised at",
        null=True,
        blank=True,
        editable=False,
        help_text="The last substantive edit after first publication, shown as Updated.",
    )
    stored_body_html = models.TextField(
        "body as HTML",
        blank=True,
        editable=False,
        help_text="The body rendered from Markdown when the brief was saved.",
    )
    stored_body_html_version = models.PositiveSmallIntegerField(
        "renderer version",
        default=0,
        editable=False,
        help_text="The renderer version (briefs.markdown.RENDERER_VERSION) that made it.",
    )
    featured = models.BooleanField(default=False, help_text="Lead the home page with it.")
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="briefs")
    hero_image = models.ImageField(upload_to="briefs/hero/%Y/%m/", blank=True)
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Required with an image.",
    )
    hero_credit = models.CharField(
        "hero image credit",
        max_length=200,
        blank=True,
        help_text="Who made the image and under what licence. Required with an image.",
    )
    hero_renditions = models.JSONField(
        "hero image renditions",
        default=list,
        blank=True,
        editable=False,
        help_text="WebP copies of the hero image at fixed widths, made once when it is uploaded.",
    )
    topics = models.ManyToManyField("briefs.Topic", blank=True, related_name="briefs")
    countries = models.ManyToManyField("briefs.Country", blank=True, related_name="briefs")
    blocs = models.ManyToManyField("briefs.Bloc", blank=True, related_name="briefs")
    organizations = models.ManyToManyField("briefs.Organization", blank=True, related_name="briefs")
    ai_models = models.ManyToManyField(
        "briefs.AIModel", blank=True, related_name="briefs", verbose_name="AI models"
    )
    people = models.ManyToManyField("briefs.Person", blank=True, related_name="briefs")
    events = models.ManyToManyField("briefs.Event", blank=True, related_name="briefs")
    key_figures = models.ManyToManyField("briefs.KeyFigure", blank=True, related_name="briefs")
    sources = models.ManyToManyField(
        "briefs.Source", through="briefs.BriefCitation", related_name="briefs"
    )

    objects = BriefQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        permissions = [
            ("publish_brief", "Can publish, schedule and withdraw briefs"),
            ("edit_any_brief", "Can edit any brief, not only their own drafts"),
        ]
        indexes = [
            # The lists' order (``newest_first``) under the status, so the newest page of
            # published briefs is read in order, not found by sorting the whole archive.
            # It also serves ``published()`` alone: publish_at is in it.
            models.Index(
                "status",
                DATE_PUBLISHED.desc(),
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="brief_status_newest",
            ),
            # ``last_changed``: the newest change for readers, under the status, with
            # publish_at so ``published()`` is answered from the index alone.
            models.Index(
                "status",
                DATE_LAST_CHANGED.desc(),
                models.F("publish_at"),
                name="brief_status_last_changed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="brief_published_has_publish_at",
                violation_error_message="A published brief needs a publication time.",
            ),
            models.CheckConstraint(
                condition=models.Q(hero_image="") | ~models.Q(hero_alt=""),
                name="brief_hero_image_has_alt",
                violation_error_message="An image needs alt text.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)

    def render_body(self) -> None:
        """Store the body as HTML, with the renderer version that made it (on save)."""
        self.stored_body_html = render_markdown(self.body)
        self.stored_body_html_version = RENDERER_VERSION

    @cached_property
    def body_html(self) -> str:
        """The body as HTML: as stored at save, unless an older renderer stored it."""
        if self.stored_body_html_version == RENDERER_VERSION:
            return self.stored_body_html
        return render_markdown(self.body)

    @property
    def date_published(self):
        """The publication date readers see: the first publication, else the scheduled time."""
        return self.first_published_at or self.publish_at

    @property
    def date_modified(self):
        """The "Updated" date readers see, or None if never substantively revised."""
        return self.revised_at

    @property
    def hero_srcset(self) -> str:
        """The renditions as an ``srcset`` value: "…-480.webp 480w, …-960.webp 960w"."""
        return ", ".join(
            f"{self.hero_image.storage.url(rendition['name'])} {rendition['width']}w"
            for rendition in self.hero_renditions
        )

    @property
    def hero_fallback(self) -> dict | None:
        """The widest rendition, for browsers that ignore ``srcset``; None without renditions."""
        if not self.hero_renditions:
            return None
        widest = max(self.hero_renditions, key=lambda rendition: rendition["width"])
        return {**widest, "url": self.hero_image.storage.url(widest["name"])}

    @property
    def is_published(self) -> bool:
        """Whether ``Brief.objects.published()`` would include this brief now."""
        return _matches(self, _visibility_rules(timezone.now())["live"])

    @property
    def is_scheduled(self) -> bool:
        """Whether ``Brief.objects.scheduled()`` would include this brief now."""
        return _matches(self, _visibility_rules(timezone.now())["scheduled"])

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            # Publishing without a time means publishing now.
            self.publish_at = timezone.now()
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the image for readers who cannot see it."
        if self.hero_image and not self.hero_credit.strip():
            errors["hero_credit"] = "Credit the image: who made it, and under what licence."
        if errors:
            raise ValidationError(errors)


class BriefCitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, brief_slug: str, position: int):
        return self.get(brief__slug=brief_slug, position=position)


class BriefCitation(models.Model):
    """A numbered citation: which source supports what, and where in it."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey("briefs.Source", on_delete=models.PROTECT, related_name="citations")
    position = models.PositiveSmallIntegerField(
        default=1, help_text="The citation's number in the brief: [1], [2]..."
    )
    supports = models.CharField(
        "what it supports", max_length=500, help_text="The claim this source backs."
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Page, section or paragraph in the source."
    )

    objects = BriefCitationQuerySet.as_manager()

    class Meta:
        ordering = ["brief", "position"]
        verbose_name = "citation"
        constraints = [
            models.UniqueConstraint(
                fields=["brief", "position"],
                name="citation_unique_position",
                violation_error_message="Two citations in a brief cannot share a number.",
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.position}] {self.source}"

    def natural_key(self) -> tuple:
        return (*self.brief.natural_key(), self.position)

    natural_key.dependencies = ["briefs.brief"]


def render_body_on_save(sender, instance: Brief, raw: bool = False, **kwargs) -> None:
    """pre_save receiver: every save stores the body rendered, so no read renders it."""
    if not raw:
        instance.render_body()
