"""Briefs: published ones only, newest first, paged by cursor."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework.exceptions import ValidationError

from .. import selectors
from ..filters import BriefFilterSet
from ..pagination import BriefCursorPagination
from ..schema import resource_schema, slug_key
from ..serializers.briefs import BODY_FIELDS, BriefDetailSerializer, BriefListSerializer
from .base import ReadOnlyApiViewSet

BODY_FORMAT = OpenApiParameter(
    "body_format",
    {"type": "string", "enum": list(BODY_FIELDS), "default": "html", "example": "markdown"},
    OpenApiParameter.QUERY,
    description=(
        "The body's format, in the one field of that name: `html` (`body_html`, the "
        "default), `markdown` (`body_markdown`, as written) or `text` (`body_text`, plain)."
    ),
)


@extend_schema_view(
    **resource_schema(
        plural="briefs",
        list_description=(
            "Published briefs, newest first, each with its topics, countries, blocs, "
            "organizations and AI models as references. Paged by cursor: follow `next`. "
            "For incremental sync use `ordering=updated_at` with `updated_since`. With `q`, "
            "the best matches come first and `ordering` is not allowed."
        ),
        detail_description=(
            "One published brief in full: the body as sanitized HTML, its authors, every "
            "linked entity as a reference, and its numbered citations with their sources. "
            "Drafts, briefs in review, withdrawn briefs and briefs scheduled for later "
            "answer 404."
        ),
        key=slug_key("brief", "russia-ai-alliance-network-brics"),
        detail_parameters=(BODY_FORMAT,),
    )
)
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

    def query_parameters(self) -> set[str]:
        accepted = super().query_parameters()
        return accepted | {"body_format"} if self.action == "retrieve" else accepted

    def body_format(self) -> str:
        value = self.request.query_params.get("body_format", "html")
        if value not in BODY_FIELDS:
            raise ValidationError({"body_format": [f"Use one of: {', '.join(BODY_FIELDS)}."]})
        return value

    def withheld_fields(self) -> dict[str, str]:
        if self.action != "retrieve":
            return {}
        wanted = self.body_format()
        return {
            field: f"comes with body_format={value}."
            for value, field in BODY_FIELDS.items()
            if value != wanted
        }

    def shows_briefs(self) -> bool:
        # A list changes when a scheduled brief comes due; a brief's own page does not.
        return self.action == "list"

    def next_publication(self):
        page = getattr(self.paginator, "page", None)
        if page:
            return page[0].next_publication_at
        return super().next_publication()
