"""Briefs: published ones only, newest first, paged by cursor."""

from django.utils import timezone

from .. import selectors
from ..filters import BriefFilterSet
from ..pagination import BriefCursorPagination
from ..serializers.briefs import BriefDetailSerializer, BriefListSerializer
from .base import ReadOnlyApiViewSet


class BriefViewSet(ReadOnlyApiViewSet):
    filterset_class = BriefFilterSet
    pagination_class = BriefCursorPagination
    list_serializer_class = BriefListSerializer
    detail_serializer_class = BriefDetailSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.brief_detail()
        # The schema generator asks for a queryset outside any request.
        since = getattr(self, "request_started_at", None) or timezone.now()
        return selectors.brief_list(since=since)

    def shows_briefs(self) -> bool:
        # A list changes when a scheduled brief comes due; a brief's own page does not.
        return self.action == "list"

    def next_publication(self):
        page = getattr(self.paginator, "page", None)
        if page:
            return page[0].next_publication_at
        return super().next_publication()
