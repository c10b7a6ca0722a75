"""Query parameters, as django-filter FilterSets so each one is in the OpenAPI schema.

Each parameter validates its value and answers 400, naming itself, when it cannot
use it: a malformed date, an ISO code or slug that names nothing, a choice not on
the list. The schema of each is written out here, next to the code that reads it.

Countries, slugs and choices take several values, comma-separated (``country=ru,cn``):
a row matches if it matches any of them. django-filter's ``BaseInFilter`` splits
them, and drf-spectacular documents each as an array (``style: form, explode: false``).
"""

import datetime
import re

import django_filters as filters
from django import forms
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone
from django_filters.fields import BaseCSVField
from django_filters.widgets import BaseCSVWidget
from drf_spectacular.utils import extend_schema_field

from ..models import (
    AIModel,
    Bloc,
    Brief,
    Change,
    Country,
    Event,
    Indicator,
    KeyFigure,
    Membership,
    Organization,
    Person,
    Ranking,
    Source,
    Topic,
)
from ..models.country import country_code_q
from ..paging import COUNT_CAP
from ..search import MAX_QUERY_LENGTH, search_briefs
from .parameters import several_values

SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
LEAP_SECOND = re.compile(r"(T\d\d:\d\d):60")


class CountryCodeField(forms.Field):
    """An ISO 3166-1 code, alpha-2, alpha-3 or numeric, any case: the Country it names."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if country_code_q(value) is None:
            raise forms.ValidationError(
                "Enter an ISO 3166-1 country code: two letters (RU), three (RUS) "
                "or three digits (643)."
            )
        country = Country.objects.by_code(value).first()
        if country is None:
            raise forms.ValidationError(f"No country has the ISO 3166-1 code {value.upper()}.")
        return country


class SlugField(forms.Field):
    """A slug naming one object of `model`: the object."""

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        name = self.model._meta.verbose_name
        if not SLUG.match(value):
            raise forms.ValidationError(
                f"Enter the slug of a {name}: letters, digits, hyphens, underscores."
            )
        found = self.model.objects.filter(slug=value).first()
        if found is None:
            raise forms.ValidationError(f"No {name} has the slug {value!r}.")
        return found


class TimestampField(forms.Field):
    """ISO 8601 / RFC 3339 date or date-time; without an offset, UTC is meant."""

    message = "Enter an ISO 8601 date or date-time, such as 2024-12-11 or 2024-12-11T10:00:00Z."

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        # RFC 3339 allows a lower-case t and z, and a leap second, which Python does not.
        text = LEAP_SECOND.sub(r"\1:59", value.upper())
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(self.message) from None
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=datetime.UTC)
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError("That date is out of range.") from None


class StrictBooleanField(forms.Field):
    def to_python(self, value):
        value = (value or "").strip().lower()
        if not value:
            return None
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise forms.ValidationError("Enter true or false.")


MAX_VALUES = 20


class CommaSeparatedWidget(BaseCSVWidget):
    """Reads every copy of the parameter, not only the last (briefs/api/parameters.py)."""

    def value_from_datadict(self, data, files, name):
        if not hasattr(data, "getlist"):
            return super().value_from_datadict(data, files, name)
        return several_values(data, name)


class CommaSeparatedField(BaseCSVField):
    """Several values in one parameter: none of them empty, and a bounded number."""

    base_widget_class = CommaSeparatedWidget

    def clean(self, value):
        if value and any(not item.strip() for item in value):
            raise forms.ValidationError("Leave no empty value between the commas.")
        if value and len(value) > MAX_VALUES:
            raise forms.ValidationError(f"Give at most {MAX_VALUES} values.")
        return super().clean(value)


class AnyOfFilter(filters.BaseInFilter):
    """Matches any of the comma-separated values. Across a to-many relation a row linked
    to two of the values would come twice, so the rows are then made distinct."""

    base_field_class = CommaSeparatedField

    def filter(self, qs, value):
        filtered = super().filter(qs, value)
        if value and not self.distinct and crosses_to_many(qs.model, self.field_name):
            return filtered.distinct()
        return filtered


def crosses_to_many(model, path: str) -> bool:
    """Whether a lookup path (``memberships__country``) passes through a to-many relation."""
    for name in path.split(LOOKUP_SEP):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def multi_valued_filters(filterset_class) -> set[str]:
    """The parameters of a FilterSet that take several values."""
    return {
        name
        for name, filter_ in filterset_class.base_filters.items()
        if isinstance(filter_, AnyOfFilter)
    }


class CountryFilter(AnyOfFilter):
    field_class = CountryCodeField


class SlugFilter(AnyOfFilter):
    field_class = SlugField


class ChoicesFilter(AnyOfFilter, filters.ChoiceFilter):
    pass


class TimestampFilter(filters.Filter):
    field_class = TimestampField


class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


def described(schema: dict, filter_):
    """Attach the parameter's OpenAPI schema (with its description and example)."""
    return extend_schema_field(schema)(filter_)


ANY_OF = " Several, comma-separated, match any of them."


def country_param(field_name: str, description: str, **kwargs):
    schema = {
        "type": "string",
        "pattern": "^([A-Za-z]{2,3}|[0-9]{3})$",
        "description": description
        + " ISO 3166-1 alpha-2, alpha-3 or numeric code, any case."
        + ANY_OF,
        "example": "RU",
    }
    return described(schema, CountryFilter(field_name=field_name, **kwargs))


def slug_param(model, field_name: str, description: str, example: str, **kwargs):
    schema = {
        "type": "string",
        "pattern": "^[-a-zA-Z0-9_]+$",
        "description": description + ANY_OF,
        "example": example,
    }
    return described(schema, SlugFilter(field_name=field_name, model=model, **kwargs))


def choice_param(field_name: str, choices, description: str, **kwargs):
    values = [value for value, _ in choices]
    schema = {
        "type": "string",
        "enum": values,
        "description": description
        + ANY_OF
        + "\n\n"
        + "\n".join(f"* `{value}`: {label}" for value, label in choices),
        "example": values[0],
    }
    return described(schema, ChoicesFilter(field_name=field_name, choices=choices, **kwargs))


def timestamp_param(field_name: str, lookup_expr: str, description: str, example: str):
    schema = {
        "type": "string",
        "format": "date-time",
        "description": description,
        "example": example,
    }
    return described(schema, TimestampFilter(field_name=field_name, lookup_expr=lookup_expr))


def date_param(field_name: str, lookup_expr: str, description: str, example: str):
    schema = {"type": "string", "format": "date", "description": description, "example": example}
    return described(schema, filters.DateFilter(field_name=field_name, lookup_expr=lookup_expr))


def year_param(field_name: str, description: str, example: int):
    schema = {
        "type": "integer",
        "minimum": 1,
        "maximum": 9999,
        "description": description,
        "example": example,
    }
    return described(
        schema,
        filters.NumberFilter(
            field_name=field_name, min_value=1, max_value=9999, max_digits=4, decimal_places=0
        ),
    )


def text_param(field_name: str, description: str, example: str, lookup_expr="iexact", **kwargs):
    schema = {"type": "string", "description": description, "example": example}
    return described(
        schema, filters.CharFilter(field_name=field_name, lookup_expr=lookup_expr, **kwargs)
    )


# Briefs ---------------------------------------------------------------------------

BRIEF_ORDERINGS = {
    "-date_published": ("-date_published_at", "-id"),
    "date_published": ("date_published_at", "id"),
    "-updated_at": ("-reader_updated_at", "-id"),
    "updated_at": ("reader_updated_at", "id"),
}


class BriefFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("q") and cleaned.get("ordering"):
            self.add_error(
                "ordering",
                "A search (q) is ordered by relevance; leave out ordering, or leave out q.",
            )
        return cleaned


class BriefFilterSet(filters.FilterSet):
    country = country_param("countries", "Briefs about this country.")
    bloc = slug_param(Bloc, "blocs", "Briefs about this bloc (its slug).", "brics")
    organization = slug_param(
        Organization, "organizations", "Briefs about this organization (its slug).", "sberbank"
    )
    model = slug_param(AIModel, "ai_models", "Briefs about this AI model (its slug).", "gigachat")
    topic = slug_param(Topic, "topics", "Briefs on this topic (its slug).", "ai-alliances")
    person = slug_param(Person, "people", "Briefs about this person (its slug).", "german-gref")
    event = slug_param(
        Event, "events", "Briefs about this event (its slug).", "ai-alliance-network-announced"
    )
    published_after = timestamp_param(
        "date_published_at",
        "gte",
        "Briefs whose `date_published` is at or after this time (a date means its midnight, UTC).",
        "2024-12-01T00:00:00Z",
    )
    published_before = timestamp_param(
        "date_published_at",
        "lt",
        "Briefs whose `date_published` is before this time (a date means its midnight, UTC).",
        "2025-01-01T00:00:00Z",
    )
    updated_since = timestamp_param(
        "reader_updated_at",
        "gte",
        "Briefs whose `updated_at` is at or after this time: edited, or gone live (a "
        "scheduled brief counts from the moment it is published). For incremental sync: "
        "pass the largest `updated_at` you have seen, with `ordering=updated_at`.",
        "2024-12-11T10:00:00Z",
    )
    q = described(
        {
            "type": "string",
            "maxLength": MAX_QUERY_LENGTH,
            "description": (
                "Full-text search in title, summary and body; every word must match (as a "
                f"prefix). The newest {COUNT_CAP + 1} matches are ranked, best match "
                "first; `ordering` cannot be combined with it; the cursor pages through them."
            ),
            "example": "BRICS",
        },
        filters.CharFilter(method="search"),
    )
    ordering = described(
        {
            "type": "string",
            "enum": list(BRIEF_ORDERINGS),
            "description": (
                "Sort order: `-date_published` (newest first, the default), `date_published`, "
                "`-updated_at`, or `updated_at` (oldest change first: use it to sync)."
            ),
            "example": "-date_published",
        },
        filters.ChoiceFilter(choices=[(value, value) for value in BRIEF_ORDERINGS], method="order"),
    )

    class Meta:
        model = Brief
        fields = []
        form = BriefFilterForm

    def search(self, queryset, name, value):
        return search_briefs(value, queryset)

    def order(self, queryset, name, value):
        return queryset.order_by(*BRIEF_ORDERINGS[value])


# The knowledge base -----------------------------------------------------------------


class UpdatedSinceFilterSet(filters.FilterSet):
    """``updated_since`` for an entity list: rows changed, or whose nested references
    changed, at or after a time."""

    updated_since = timestamp_param(
        "updated_at",
        "gte",
        "Rows whose `updated_at` is at or after this time: edited, or showing a linked "
        "object that was (a country renamed moves the organizations based there).",
        "2024-12-11T10:00:00Z",
    )


class CountryFilterSet(UpdatedSinceFilterSet):
    region = text_param("region", "UN M49 region, any case.", "Europe")
    sub_region = text_param("sub_region", "UN M49 sub-region, any case.", "Eastern Europe")

    class Meta:
        model = Country
        fields = []


class BlocFilterSet(UpdatedSinceFilterSet):
    kind = choice_param("kind", Bloc.Kind.choices, "Kind of bloc.")
    member = country_param(
        "memberships__country", "Blocs this country has belonged to.", distinct=True
    )

    class Meta:
        model = Bloc
        fields = []


class MembershipFilterSet(UpdatedSinceFilterSet):
    bloc = slug_param(Bloc, "bloc", "Memberships of this bloc (its slug).", "brics")
    country = country_param("country", "Memberships of this country.")
    organization = slug_param(
        Organization, "organization", "Memberships of this organization (its slug).", "sberbank"
    )
    role = choice_param("role", Membership.Role.choices, "Role in the bloc.")
    current = described(
        {
            "type": "boolean",
            "description": "`true`: only memberships in force today; `false`: only past ones.",
            "example": True,
        },
        StrictBooleanFilter(method="in_force"),
    )

    class Meta:
        model = Membership
        fields = []

    def in_force(self, queryset, name, value):
        current = Membership.objects.current()
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class OrganizationFilterSet(UpdatedSinceFilterSet):
    kind = choice_param("kind", Organization.Kind.choices, "Kind of organization.")
    country = country_param("country", "Organizations headquartered in this country.")

    class Meta:
        model = Organization
        fields = []


class AIModelFilterSet(UpdatedSinceFilterSet):
    country = country_param("country", "Models from this country.")
    developer = slug_param(
        Organization, "developers", "Models this organization developed (its slug).", "sberbank"
    )
    modality = choice_param("modality", AIModel.Modality.choices, "What the model works on.")
    access = choice_param("access", AIModel.Access.choices, "How the model can be used.")

    class Meta:
        model = AIModel
        fields = []


class PersonFilterSet(UpdatedSinceFilterSet):
    country = country_param("country", "People acting for or based in this country.")

    class Meta:
        model = Person
        fields = []


class RankingFilterSet(UpdatedSinceFilterSet):
    indicator = slug_param(
        Indicator,
        "edition__indicator",
        "Ranks in this indicator (its slug).",
        "tortoise-global-ai-index",
    )
    year = year_param("edition__year", "Ranks in this edition year.", 2024)
    country = country_param("country", "Ranks of this country.")

    class Meta:
        model = Ranking
        fields = []


class KeyFigureFilterSet(UpdatedSinceFilterSet):
    country = country_param("country", "Figures about this country.")
    organization = slug_param(
        Organization, "organization", "Figures about this organization (its slug).", "sberbank"
    )
    kind = choice_param("kind", KeyFigure.Kind.choices, "Actual, forecast or target.")
    unit = choice_param("unit", KeyFigure.Unit.choices, "What the value counts.")
    year = year_param("year", "The year the figure refers to.", 2030)

    class Meta:
        model = KeyFigure
        fields = []


class EventFilterSet(UpdatedSinceFilterSet):
    kind = choice_param("kind", Event.Kind.choices, "Kind of event.")
    country = country_param("countries", "Events involving this country.")
    bloc = slug_param(Bloc, "blocs", "Events involving this bloc (its slug).", "brics")
    organization = slug_param(
        Organization, "organizations", "Events involving this organization (its slug).", "sberbank"
    )
    model = slug_param(AIModel, "ai_models", "Events involving this AI model.", "gigachat")
    person = slug_param(Person, "people", "Events involving this person (its slug).", "german-gref")
    occurred_after = date_param("occurred_on", "gte", "Events on or after this date.", "2024-01-01")
    occurred_before = date_param("occurred_on", "lt", "Events before this date.", "2025-01-01")

    class Meta:
        model = Event
        fields = []


class SourceFilterSet(UpdatedSinceFilterSet):
    kind = choice_param("kind", Source.Kind.choices, "Kind of source.")
    publisher = slug_param(
        Organization,
        "publisher",
        "Sources this organization published (its slug).",
        "tortoise-media",
    )
    language = text_param("language", "ISO 639-1 language code.", "ru")

    class Meta:
        model = Source
        fields = []


# Incremental sync ---------------------------------------------------------------------


class ChangeFilterSet(filters.FilterSet):
    since = timestamp_param(
        "at",
        "gte",
        "Changes at or after this time. Pass the `at` of the last change you applied, "
        "less a minute of overlap: applying a change twice is harmless.",
        "2024-12-11T10:00:00Z",
    )

    class Meta:
        model = Change
        fields = []


class IndicatorFilterSet(UpdatedSinceFilterSet):
    class Meta:
        model = Indicator
        fields = []


class TopicFilterSet(UpdatedSinceFilterSet):
    class Meta:
        model = Topic
        fields = []
