"""The API root: where everything is."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..caching import CacheValidatorsMixin
from ..parameters import StrictQueryParametersMixin
from ..throttling import RateLimitHeadersMixin

ENDPOINTS = [
    ("briefs", "api:brief-list"),
    ("countries", "api:country-list"),
    ("blocs", "api:bloc-list"),
    ("memberships", "api:membership-list"),
    ("organizations", "api:organization-list"),
    ("ai_models", "api:ai-model-list"),
    ("people", "api:person-list"),
    ("indicators", "api:indicator-list"),
    ("rankings", "api:ranking-list"),
    ("key_figures", "api:key-figure-list"),
    ("events", "api:event-list"),
    ("sources", "api:source-list"),
    ("topics", "api:topic-list"),
    ("changes", "api:change-list"),
    ("search", "api:search"),
    ("schema", "api:schema"),
    ("docs", "api:docs"),
    ("redoc", "api:redoc"),
]


class ApiRootSerializer(serializers.Serializer):
    """One absolute URL per endpoint, named as in ENDPOINTS."""

    def get_fields(self):
        return {name: serializers.URLField(read_only=True) for name, _ in ENDPOINTS}


class ApiRootView(RateLimitHeadersMixin, CacheValidatorsMixin, StrictQueryParametersMixin, APIView):
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        summary="API root",
        description="Links to every list endpoint, the search, the schema and the docs.",
        responses={200: ApiRootSerializer},
    )
    def get(self, request):
        return Response({name: reverse(view, request=request) for name, view in ENDPOINTS})
