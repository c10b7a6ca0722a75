"""Search across published briefs and the knowledge base: /api/v1/search/?q=…"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ...search import MAX_QUERY_LENGTH, clean_query, search_site
from ..caching import CacheValidatorsMixin
from ..fields import absolute
from ..parameters import StrictQueryParametersMixin
from ..serializers.search import SearchResultsSerializer
from ..throttling import RateLimitHeadersMixin

MAX_HITS = 50
DETAIL_VIEWS = {
    "brief": ("api:brief-detail", "slug", "slug"),
    "country": ("api:country-detail", "code", "iso2"),
    "organization": ("api:organization-detail", "slug", "slug"),
    "aimodel": ("api:ai-model-detail", "slug", "slug"),
    "bloc": ("api:bloc-detail", "slug", "slug"),
    "event": ("api:event-detail", "slug", "slug"),
}


class SearchParameters(serializers.Serializer):
    q = serializers.CharField(max_length=10_000, trim_whitespace=True)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_HITS, default=20)

    def validate_q(self, value):
        query = clean_query(value)
        if not query:
            raise serializers.ValidationError("Enter something to search for.")
        return query


class SearchView(RateLimitHeadersMixin, CacheValidatorsMixin, StrictQueryParametersMixin, APIView):
    http_method_names = ["get", "head", "options"]

    def query_parameters(self) -> set[str]:
        return set(SearchParameters().fields)

    @extend_schema(
        summary="Search",
        description=(
            "The best matches for `q` across published briefs, countries, organizations, "
            "AI models, blocs and events, best first. Every word must match, as a prefix "
            "(`sanction` finds sanctions), in any script."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_QUERY_LENGTH,
                    "example": "gigachat",
                },
                OpenApiParameter.QUERY,
                required=True,
                description=f"What to search for (at most {MAX_QUERY_LENGTH} characters are used).",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_HITS, "example": 20},
                OpenApiParameter.QUERY,
                description=f"How many hits at most: 20 by default, up to {MAX_HITS}.",
            ),
        ],
        responses=SearchResultsSerializer,
    )
    def get(self, request):
        parameters = SearchParameters(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        query, limit = parameters.validated_data["q"], parameters.validated_data["limit"]
        hits = [
            {
                "kind": hit.kind,
                "title": hit.title,
                "summary": hit.summary,
                "score": hit.score,
                "api_url": self.api_url(hit),
                "obj": hit.obj,
            }
            for hit in search_site(query, limit=limit)
        ]
        results = {"query": query, "results": hits}
        data = SearchResultsSerializer(results, context={"request": request}).data
        return Response(data)

    def api_url(self, hit) -> str:
        view_name, kwarg, attribute = DETAIL_VIEWS[hit.kind]
        path = reverse(view_name, kwargs={kwarg: getattr(hit.obj, attribute)})
        return absolute(self.request, path)

    def shows_briefs(self) -> bool:
        return True
