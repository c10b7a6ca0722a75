"""The knowledge base's entities, each found by its natural key."""

from drf_spectacular.utils import OpenApiParameter, extend_schema_view

from ...selectors import ENTITY_ROWS
from .. import csv_tables, selectors
from ..filters import (
    AIModelFilterSet,
    BlocFilterSet,
    CountryFilterSet,
    EventFilterSet,
    MembershipFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    SourceFilterSet,
    TopicFilterSet,
)
from ..schema import id_key, resource_schema, slug_key
from ..serializers import entities as s
from .base import ID_PATTERN, CitedTableViewSet, ReadOnlyApiViewSet


@extend_schema_view(
    **resource_schema(
        plural="countries",
        list_description="All 249 ISO 3166-1 countries, by name, with their UN M49 region.",
        detail_description=(
            "One country with its bloc memberships, organizations, AI models and rankings, "
            f"and its newest key figures, events and published briefs ({ENTITY_ROWS} of each, "
            "with how many there are and the filtered list of all of them)."
        ),
        key=OpenApiParameter(
            "code",
            {"type": "string", "pattern": "^([A-Za-z]{2,3}|[0-9]{3})$", "example": "RU"},
            OpenApiParameter.PATH,
            description="ISO 3166-1 alpha-2, alpha-3 or numeric code, any case: RU, ru, RUS, 643.",
        ),
    )
)
class CountryViewSet(ReadOnlyApiViewSet):
    """Countries by ISO 3166-1 code: alpha-2, alpha-3 or numeric, any case."""

    lookup_field = "iso2"
    lookup_url_kwarg = "code"
    lookup_value_regex = r"[A-Za-z]{2,3}|[0-9]{3}"
    filterset_class = CountryFilterSet
    list_selector = staticmethod(selectors.country_list)
    detail_selector = staticmethod(selectors.country_detail)
    list_serializer_class = s.CountrySerializer
    detail_serializer_class = s.CountryDetailSerializer
    brief_field = "countries"
    nests_key_figures = True
    nests_events = True

    def find_by_key(self):
        code = self.kwargs["code"]
        return self.first_or_404(self.get_queryset().by_code(code), key=code.upper())


@extend_schema_view(
    **resource_schema(
        plural="blocs",
        list_description="Blocs, alliances and networks.",
        detail_description=(
            "One bloc with its memberships (who, in what role, since when, on what source), "
            "child blocs, sources, events and latest published briefs."
        ),
        key=slug_key("bloc", "brics"),
    )
)
class BlocViewSet(ReadOnlyApiViewSet):
    filterset_class = BlocFilterSet
    list_selector = staticmethod(selectors.bloc_list)
    detail_selector = staticmethod(selectors.bloc_detail)
    list_serializer_class = s.BlocSerializer
    detail_serializer_class = s.BlocDetailSerializer
    brief_field = "blocs"
    nests_events = True


@extend_schema_view(
    **resource_schema(
        plural="memberships",
        list_description=(
            "Who belongs to which bloc, in what role, from and until when, each with its sources. "
            "Also as CSV, at `memberships/csv/`."
        ),
        detail_description=("One membership with its sources."),
        key=id_key("membership", 1),
        csv_description=(
            "Every membership matching the filters (the list's), unpaginated, as CSV: one row "
            "a membership, its sources' fields joined by ` | `."
        ),
    )
)
class MembershipViewSet(CitedTableViewSet):
    filterset_class = MembershipFilterSet
    list_selector = staticmethod(selectors.membership_list)
    detail_selector = staticmethod(selectors.membership_list)
    list_serializer_class = s.MembershipSerializer
    csv_name = "memberships"
    csv_table = csv_tables.MEMBERSHIPS


@extend_schema_view(
    **resource_schema(
        plural="organizations",
        list_description=(
            "Companies, banks, government bodies, universities and other organizations."
        ),
        detail_description=(
            "One organization with its subsidiaries, AI models, memberships and people, and "
            f"its newest key figures, events and published briefs ({ENTITY_ROWS} of each, "
            "with how many there are and the filtered list of all of them)."
        ),
        key=slug_key("organization", "sberbank"),
    )
)
class OrganizationViewSet(ReadOnlyApiViewSet):
    filterset_class = OrganizationFilterSet
    list_selector = staticmethod(selectors.organization_list)
    detail_selector = staticmethod(selectors.organization_detail)
    list_serializer_class = s.OrganizationSerializer
    detail_serializer_class = s.OrganizationDetailSerializer
    brief_field = "organizations"
    nests_key_figures = True
    nests_events = True


@extend_schema_view(
    **resource_schema(
        plural="AI models",
        list_description=(
            "AI models with developers, release date and its precision, modality, access and size."
        ),
        detail_description=(
            "One AI model with its derived models, sources, events and latest published briefs."
        ),
        key=slug_key("AI model", "gigachat"),
    )
)
class AIModelViewSet(ReadOnlyApiViewSet):
    filterset_class = AIModelFilterSet
    list_selector = staticmethod(selectors.aimodel_list)
    detail_selector = staticmethod(selectors.aimodel_detail)
    list_serializer_class = s.AIModelSerializer
    detail_serializer_class = s.AIModelDetailSerializer
    brief_field = "ai_models"
    nests_events = True


@extend_schema_view(
    **resource_schema(
        plural="people",
        list_description="People the briefs name.",
        detail_description=(
            "One person with the posts they hold or held, events and latest published briefs."
        ),
        key=slug_key("person", "german-gref"),
    )
)
class PersonViewSet(ReadOnlyApiViewSet):
    filterset_class = PersonFilterSet
    list_selector = staticmethod(selectors.person_list)
    detail_selector = staticmethod(selectors.person_detail)
    list_serializer_class = s.PersonSerializer
    detail_serializer_class = s.PersonDetailSerializer
    brief_field = "people"
    nests_events = True


@extend_schema_view(
    **resource_schema(
        plural="events",
        list_description="Dated events, newest first.",
        detail_description=(
            "One event with everything it links: countries, blocs, organizations, AI models, "
            "people, sources and latest published briefs."
        ),
        key=slug_key("event", "ai-alliance-network-announced"),
    )
)
class EventViewSet(ReadOnlyApiViewSet):
    filterset_class = EventFilterSet
    list_selector = staticmethod(selectors.event_list)
    detail_selector = staticmethod(selectors.event_detail)
    list_serializer_class = s.EventSerializer
    detail_serializer_class = s.EventDetailSerializer
    brief_field = "events"


@extend_schema_view(
    **resource_schema(
        plural="sources",
        list_description="The documents every claim, figure and rank rests on.",
        detail_description=("One source with the latest published briefs citing it."),
        key=id_key("source", 1),
    )
)
class SourceViewSet(ReadOnlyApiViewSet):
    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN
    filterset_class = SourceFilterSet
    list_selector = staticmethod(selectors.source_list)
    detail_selector = staticmethod(selectors.source_detail)
    list_serializer_class = s.SourceSerializer
    detail_serializer_class = s.SourceDetailSerializer


@extend_schema_view(
    **resource_schema(
        plural="topics",
        list_description="The editors' topics.",
        detail_description=("One topic with its latest published briefs."),
        key=slug_key("topic", "ai-alliances"),
    )
)
class TopicViewSet(ReadOnlyApiViewSet):
    filterset_class = TopicFilterSet
    list_selector = staticmethod(selectors.topic_list)
    detail_selector = staticmethod(selectors.topic_detail)
    list_serializer_class = s.TopicSerializer
    detail_serializer_class = s.TopicDetailSerializer
    brief_field = "topics"
