"""The knowledge base's entities: compact list items and full details.

Details nest linked objects as references. What grows with the archive (briefs,
key figures, events) is nested as its newest ENTITY_ROWS only, with its total and
the URL of the list endpoint filtered to this object, which pages through them all.
"""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import AIModel, Bloc, Event, Membership, Organization, Source
from ...selectors import ENTITY_ROWS
from ..fields import ApiUrlField, HtmlUrlField, OptionalUrlField, absolute
from .licensing import CitationField, LicenceSerializer
from .refs import (
    AIModelRefSerializer,
    BlocRefSerializer,
    BriefRefSerializer,
    CitedSourceSerializer,
    CountryRefSerializer,
    EventRefSerializer,
    KeyFigureRefSerializer,
    OrganizationRefSerializer,
    PersonRefSerializer,
    RankingRefSerializer,
    SourceRefSerializer,
)

LATEST_BRIEFS_HELP = f"The {ENTITY_ROWS} most recent published briefs; `briefs_url` lists them all."


@extend_schema_field(OpenApiTypes.URI)
class FilteredListUrlField(serializers.Field):
    """A list endpoint filtered to this object, e.g. /api/v1/briefs/?country=RU."""

    def __init__(self, list_name: str, parameter: str, lookup_field: str = "slug", **kwargs):
        self.list_name = list_name
        self.parameter = parameter
        self.lookup_field = lookup_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        url = absolute(self.context.get("request"), reverse(self.list_name))
        return f"{url}?{urlencode({self.parameter: getattr(obj, self.lookup_field)})}"


class BriefsUrlField(FilteredListUrlField):
    """/api/v1/briefs/ filtered to this object: every published brief about it."""

    def __init__(self, parameter: str, lookup_field: str = "slug"):
        super().__init__("api:brief-list", parameter, lookup_field)


class KeyFiguresUrlField(FilteredListUrlField):
    """/api/v1/key-figures/ filtered to this object: all `key_figures_total` of them."""

    def __init__(self, parameter: str, lookup_field: str = "slug"):
        super().__init__("api:key-figure-list", parameter, lookup_field)


class EventsUrlField(FilteredListUrlField):
    """/api/v1/events/ filtered to this object: all `events_total` of them."""

    def __init__(self, parameter: str, lookup_field: str = "slug"):
        super().__init__("api:event-list", parameter, lookup_field)


def newest_key_figures_field():
    return KeyFigureRefSerializer(
        many=True,
        read_only=True,
        source="newest_key_figures.rows",
        help_text=(
            f"The {ENTITY_ROWS} newest key figures, latest year first; `key_figures_url` "
            "lists all `key_figures_total` of them."
        ),
    )


def newest_events_field():
    return EventRefSerializer(
        many=True,
        read_only=True,
        source="newest_events.rows",
        help_text=f"The {ENTITY_ROWS} latest events; `events_url` lists all `events_total`.",
    )


def total_field(newest: str):
    return serializers.IntegerField(
        read_only=True, source=f"{newest}.total", help_text="How many there are in all."
    )


class CountrySerializer(serializers.Serializer):
    iso2 = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-2 code.")
    iso3 = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-3 code.")
    numeric_code = serializers.CharField(read_only=True, help_text="ISO 3166-1 numeric code.")
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    official_name = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True, help_text="UN M49 region.")
    sub_region = serializers.CharField(read_only=True, help_text="UN M49 sub-region.")
    wikidata_id = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:country-detail", lookup_field="iso2", url_kwarg="code")
    html_url = HtmlUrlField()


class MemberOfSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    bloc = BlocRefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Membership.Role.choices, read_only=True)
    joined_on = serializers.DateField(read_only=True, allow_null=True)
    left_on = serializers.DateField(read_only=True, allow_null=True)
    url = ApiUrlField("api:membership-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField(source="bloc")


class CountryDetailSerializer(CountrySerializer):
    memberships = MemberOfSerializer(many=True, read_only=True)
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    ai_models = AIModelRefSerializer(many=True, read_only=True)
    rankings = RankingRefSerializer(many=True, read_only=True)
    key_figures = newest_key_figures_field()
    key_figures_total = total_field("newest_key_figures")
    key_figures_url = KeyFiguresUrlField("country", lookup_field="iso2")
    events = newest_events_field()
    events_total = total_field("newest_events")
    events_url = EventsUrlField("country", lookup_field="iso2")
    latest_briefs = BriefRefSerializer(many=True, read_only=True, help_text=LATEST_BRIEFS_HELP)
    briefs_url = BriefsUrlField("country", lookup_field="iso2")


class MembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    bloc = BlocRefSerializer(read_only=True)
    country = CountryRefSerializer(read_only=True, allow_null=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    role = serializers.ChoiceField(choices=Membership.Role.choices, read_only=True)
    joined_on = serializers.DateField(read_only=True, allow_null=True)
    joined_precision = serializers.CharField(read_only=True)
    left_on = serializers.DateField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)
    sources = CitedSourceSerializer(many=True, read_only=True)
    licence = LicenceSerializer(sources="sources", many_sources=True)
    citation = CitationField(page="bloc", sources="sources", many=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:membership-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField(source="bloc")


class BlocSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Bloc.Kind.choices, read_only=True)
    founded_on = serializers.DateField(read_only=True, allow_null=True)
    founded_precision = serializers.CharField(read_only=True)
    parent = BlocRefSerializer(read_only=True, allow_null=True)
    website = OptionalUrlField()
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:bloc-detail")
    html_url = HtmlUrlField()


class BlocDetailSerializer(BlocSerializer):
    description = serializers.CharField(read_only=True)
    wikidata_id = serializers.CharField(read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)
    children = BlocRefSerializer(many=True, read_only=True)
    sources = SourceRefSerializer(many=True, read_only=True)
    events = newest_events_field()
    events_total = total_field("newest_events")
    events_url = EventsUrlField("bloc")
    latest_briefs = BriefRefSerializer(many=True, read_only=True, help_text=LATEST_BRIEFS_HELP)
    briefs_url = BriefsUrlField("bloc")


class OrganizationSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, read_only=True)
    country = CountryRefSerializer(read_only=True, allow_null=True)
    parent = OrganizationRefSerializer(read_only=True, allow_null=True)
    website = OptionalUrlField()
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:organization-detail")
    html_url = HtmlUrlField()


class OrganizationRoleSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    person = PersonRefSerializer(read_only=True)
    started_on = serializers.DateField(read_only=True, allow_null=True)
    ended_on = serializers.DateField(read_only=True, allow_null=True)


class OrganizationDetailSerializer(OrganizationSerializer):
    description = serializers.CharField(read_only=True)
    wikidata_id = serializers.CharField(read_only=True)
    subsidiaries = OrganizationRefSerializer(many=True, read_only=True)
    ai_models = AIModelRefSerializer(many=True, read_only=True)
    memberships = MemberOfSerializer(many=True, read_only=True)
    key_figures = newest_key_figures_field()
    key_figures_total = total_field("newest_key_figures")
    key_figures_url = KeyFiguresUrlField("organization")
    roles = OrganizationRoleSerializer(many=True, read_only=True)
    events = newest_events_field()
    events_total = total_field("newest_events")
    events_url = EventsUrlField("organization")
    latest_briefs = BriefRefSerializer(many=True, read_only=True, help_text=LATEST_BRIEFS_HELP)
    briefs_url = BriefsUrlField("organization")


class AIModelSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    developers = OrganizationRefSerializer(many=True, read_only=True)
    country = CountryRefSerializer(read_only=True, allow_null=True)
    released_on = serializers.DateField(read_only=True, allow_null=True)
    release_precision = serializers.CharField(
        read_only=True, help_text="How much of released_on is known: day, month or year."
    )
    modality = serializers.ChoiceField(choices=AIModel.Modality.choices, read_only=True)
    access = serializers.ChoiceField(
        choices=[("", "Unknown"), *AIModel.Access.choices],
        read_only=True,
        help_text="Epoch AI's accessibility categories; empty when unknown.",
    )
    parameters = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Parameter count; null when unknown."
    )
    base_model = AIModelRefSerializer(read_only=True, allow_null=True)
    website = OptionalUrlField()
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:ai-model-detail")
    html_url = HtmlUrlField()


class AIModelDetailSerializer(AIModelSerializer):
    description = serializers.CharField(read_only=True)
    wikidata_id = serializers.CharField(read_only=True)
    derived_models = AIModelRefSerializer(many=True, read_only=True)
    sources = SourceRefSerializer(many=True, read_only=True)
    events = newest_events_field()
    events_total = total_field("newest_events")
    events_url = EventsUrlField("model")
    latest_briefs = BriefRefSerializer(many=True, read_only=True, help_text=LATEST_BRIEFS_HELP)
    briefs_url = BriefsUrlField("model")


class PersonSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    country = CountryRefSerializer(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:person-detail")
    html_url = HtmlUrlField()


class PersonRoleSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    country = CountryRefSerializer(read_only=True, allow_null=True)
    started_on = serializers.DateField(read_only=True, allow_null=True)
    ended_on = serializers.DateField(read_only=True, allow_null=True)
    source = SourceRefSerializer(read_only=True, allow_null=True)


class PersonDetailSerializer(PersonSerializer):
    description = serializers.CharField(read_only=True)
    wikidata_id = serializers.CharField(read_only=True)
    roles = PersonRoleSerializer(many=True, read_only=True)
    events = newest_events_field()
    events_total = total_field("newest_events")
    events_url = EventsUrlField("person")
    latest_briefs = BriefRefSerializer(many=True, read_only=True, help_text=LATEST_BRIEFS_HELP)
    briefs_url = BriefsUrlField("person")


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Event.Kind.choices, read_only=True)
    occurred_on = serializers.DateField(read_only=True)
    precision = serializers.CharField(
        read_only=True, help_text="How much of occurred_on is known: day, month or year."
    )
    summary = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:event-detail")
    html_url = HtmlUrlField()


class EventDetailSerializer(EventSerializer):
    countries = CountryRefSerializer(many=True, read_only=True)
    blocs = BlocRefSerializer(many=True, read_only=True)
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    ai_models = AIModelRefSerializer(many=True, read_only=True)
    people = PersonRefSerializer(many=True, read_only=True)
    sources = SourceRefSerializer(many=True, read_only=True)
    latest_briefs = BriefRefSerializer(many=True, read_only=True, help_text=LATEST_BRIEFS_HELP)
    briefs_url = BriefsUrlField("event")


class SourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Source.Kind.choices, read_only=True)
    document_url = serializers.URLField(
        source="url", read_only=True, help_text="The source document itself."
    )
    archived_url = OptionalUrlField(help_text="A copy in a web archive, if any.")
    publisher = OrganizationRefSerializer(read_only=True, allow_null=True)
    author = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    accessed_on = serializers.DateField(read_only=True, allow_null=True)
    language = serializers.CharField(read_only=True, help_text="ISO 639-1 code.")
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:source-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField()


class SourceDetailSerializer(SourceSerializer):
    notes = serializers.CharField(read_only=True)
    latest_briefs = BriefRefSerializer(
        many=True,
        read_only=True,
        help_text=f"The {ENTITY_ROWS} most recent published briefs citing it.",
    )


class TopicSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:topic-detail")
    html_url = HtmlUrlField()


class TopicDetailSerializer(TopicSerializer):
    latest_briefs = BriefRefSerializer(many=True, read_only=True, help_text=LATEST_BRIEFS_HELP)
    briefs_url = BriefsUrlField("topic")
