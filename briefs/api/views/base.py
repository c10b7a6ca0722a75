"""What every API endpoint shares: read-only methods, natural keys, caching, CSV."""

from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ..caching import CacheValidatorsMixin
from ..renderers import CSVRenderer, csv_columns

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
# Ids that fit a 64-bit column: a longer number is no id of ours, not a database error.
ID_PATTERN = r"[0-9]{1,18}"


class ReadOnlyApiViewSet(CacheValidatorsMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail over two selectors; GET, HEAD and OPTIONS only.

    Filters apply to lists only: a detail is found by its natural key alone.
    """

    http_method_names = ["get", "head", "options"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    list_selector = None
    detail_selector = None
    list_serializer_class = None
    detail_serializer_class = None

    def get_queryset(self):
        selector = self.detail_selector if self.action == "retrieve" else self.list_selector
        return selector()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class or self.list_serializer_class
        return self.list_serializer_class

    def get_object(self):
        key = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        return self.find(**{self.lookup_field: key})

    def find(self, **lookup):
        key = ", ".join(str(value) for value in lookup.values())
        return self.first_or_404(self.get_queryset().filter(**lookup), key=key)

    def first_or_404(self, queryset, *, key: str):
        found = queryset.first()
        if found is None:
            name = queryset.model._meta.verbose_name
            raise NotFound(
                f"There is no published {name} {key!r}."
                if name == "brief"
                else f"There is no {name} {key!r}."
            )
        return found

    def shows_briefs(self) -> bool:
        # Details nest their latest published briefs.
        return self.action == "retrieve"


class CSVMixin:
    """Lists that also answer in CSV: every row matching the filters, unpaginated."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    csv_name = ""

    def get_renderers(self):
        if self.action == "list":
            return super().get_renderers()
        return [JSONRenderer()]

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        return Response(self.get_serializer(queryset, many=True).data)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context["csv_columns"] = csv_columns(self.get_serializer_class()())
        context["csv_filename"] = f"{self.csv_name}.csv"
        return context


class CitedTableViewSet(CSVMixin, ReadOnlyApiViewSet):
    """The flat, cited tables (rankings, key figures, memberships): keyed by id, also
    CSV, and nesting no briefs."""

    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN

    def shows_briefs(self) -> bool:
        return False
