"""The knowledge base's entities, each found by its natural key."""

from .. import selectors
from ..filters import (
    AIModelFilterSet,
    BlocFilterSet,
    CountryFilterSet,
    EventFilterSet,
    MembershipFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    SourceFilterSet,
)
from ..serializers import entities as s
from .base import ID_PATTERN, CSVMixin, ReadOnlyApiViewSet


class CountryViewSet(ReadOnlyApiViewSet):
    """Countries by ISO 3166-1 code: alpha-2 or alpha-3, any case."""

    lookup_field = "iso2"
    lookup_url_kwarg = "code"
    lookup_value_regex = r"[A-Za-z]{2,3}"
    filterset_class = CountryFilterSet
    list_selector = staticmethod(selectors.country_list)
    detail_selector = staticmethod(selectors.country_detail)
    list_serializer_class = s.CountrySerializer
    detail_serializer_class = s.CountryDetailSerializer

    def get_object(self):
        code = self.kwargs["code"].upper()
        lookup = {"iso2": code} if len(code) == 2 else {"iso3": code}
        return self.find(**lookup)


class BlocViewSet(ReadOnlyApiViewSet):
    filterset_class = BlocFilterSet
    list_selector = staticmethod(selectors.bloc_list)
    detail_selector = staticmethod(selectors.bloc_detail)
    list_serializer_class = s.BlocSerializer
    detail_serializer_class = s.BlocDetailSerializer


class MembershipViewSet(CSVMixin, ReadOnlyApiViewSet):
    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN
    filterset_class = MembershipFilterSet
    list_selector = staticmethod(selectors.membership_list)
    detail_selector = staticmethod(selectors.membership_list)
    list_serializer_class = s.MembershipSerializer
    csv_name = "memberships"

    def shows_briefs(self) -> bool:
        return False


class OrganizationViewSet(ReadOnlyApiViewSet):
    filterset_class = OrganizationFilterSet
    list_selector = staticmethod(selectors.organization_list)
    detail_selector = staticmethod(selectors.organization_detail)
    list_serializer_class = s.OrganizationSerializer
    detail_serializer_class = s.OrganizationDetailSerializer


class AIModelViewSet(ReadOnlyApiViewSet):
    filterset_class = AIModelFilterSet
    list_selector = staticmethod(selectors.aimodel_list)
    detail_selector = staticmethod(selectors.aimodel_detail)
    list_serializer_class = s.AIModelSerializer
    detail_serializer_class = s.AIModelDetailSerializer


class PersonViewSet(ReadOnlyApiViewSet):
    filterset_class = PersonFilterSet
    list_selector = staticmethod(selectors.person_list)
    detail_selector = staticmethod(selectors.person_detail)
    list_serializer_class = s.PersonSerializer
    detail_serializer_class = s.PersonDetailSerializer


class EventViewSet(ReadOnlyApiViewSet):
    filterset_class = EventFilterSet
    list_selector = staticmethod(selectors.event_list)
    detail_selector = staticmethod(selectors.event_detail)
    list_serializer_class = s.EventSerializer
    detail_serializer_class = s.EventDetailSerializer


class SourceViewSet(ReadOnlyApiViewSet):
    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN
    filterset_class = SourceFilterSet
    list_selector = staticmethod(selectors.source_list)
    detail_selector = staticmethod(selectors.source_detail)
    list_serializer_class = s.SourceSerializer
    detail_serializer_class = s.SourceDetailSerializer


class TopicViewSet(ReadOnlyApiViewSet):
    filterset_class = None
    list_selector = staticmethod(selectors.topic_list)
    detail_selector = staticmethod(selectors.topic_detail)
    list_serializer_class = s.TopicSerializer
    detail_serializer_class = s.TopicDetailSerializer
