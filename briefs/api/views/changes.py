"""The change feed: what to read again, or drop, to keep a copy in sync."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from ...models import Change
from ..caching import CacheValidatorsMixin
from ..filters import ChangeFilterSet
from ..pagination import ListingCursorPagination
from ..parameters import StrictQueryParametersMixin
from ..serializers.changes import ChangeSerializer
from ..throttling import RateLimitHeadersMixin


class ChangeCursorPagination(ListingCursorPagination):
    """Oldest first, by the time of each change; stable while new changes arrive."""

    page_size = 100
    ordering = ("at", "id")


@extend_schema_view(
    list=extend_schema(
        summary="List changes",
        description=(
            "Every change an app keeping a copy needs, oldest first: briefs and entities "
            "created, updated or deleted. A brief counts only while it is published: it "
            "is `created` when it goes public (a scheduled brief at its publication time) "
            "and `deleted` when it is withdrawn, unpublished or deleted. When an entity "
            "changes, the briefs and entities that show it nested (a country's name in its "
            "briefs) are `updated` too. Start from `since` and follow `next`; see "
            "“Keeping a copy in sync” above."
        ),
    )
)
class ChangeViewSet(
    RateLimitHeadersMixin,
    CacheValidatorsMixin,
    StrictQueryParametersMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "head", "options"]
    filterset_class = ChangeFilterSet
    pagination_class = ChangeCursorPagination
    serializer_class = ChangeSerializer

    def get_queryset(self):
        return Change.objects.visible().oldest_first()

    def shows_briefs(self) -> bool:
        # A scheduled brief's row appears at its publication time: cache no longer.
        return True
