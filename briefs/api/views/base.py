"""What every API endpoint shares: read-only methods, natural keys, strict parameters,
sparse fieldsets (``fields=``), caching, rate-limit headers, CSV."""

from django.urls import reverse
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError

from .. import selectors
from ..caching import CacheValidatorsMixin
from ..filters import multi_valued_filters
from ..parameters import StrictQueryParametersMixin, several_values
from ..renderers import CSVRenderer
from ..throttling import RateLimitHeadersMixin

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
# Ids that fit a 64-bit column: a longer number is no id of ours, not a database error.
ID_PATTERN = r"[0-9]{1,18}"


class ReadOnlyApiViewSet(
    RateLimitHeadersMixin,
    CacheValidatorsMixin,
    StrictQueryParametersMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """List and detail over two selectors; GET, HEAD and OPTIONS only.

    Filters apply to lists only: a detail is found by its natural key alone. Lists and
    details take ``fields`` (comma-separated top-level field names) for a sparse answer.
    """

    http_method_names = ["get", "head", "options"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    list_selector = None
    detail_selector = None
    list_serializer_class = None
    detail_serializer_class = None
    # What a detail nests of what grows with the archive, its newest rows only
    # (``selectors.load_newest``): briefs through Brief.`brief_field`, key figures, events.
    brief_field = ""
    nests_key_figures = False
    nests_events = False

    def get_queryset(self):
        selector = self.detail_selector if self.action == "retrieve" else self.list_selector
        return selector()

    def query_parameters(self) -> set[str]:
        return {"fields", *super().query_parameters()}

    def parameters_taking_several_values(self) -> set[str]:
        several = {"fields"}
        if self.action != "retrieve" and self.filterset_class is not None:
            several |= multi_valued_filters(self.filterset_class)
        return several

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.requested_fields = self.fields_asked_for(
            several_values(request.query_params, "fields")
        )

    def withheld_fields(self) -> dict[str, str]:
        """Fields of the serializer this request does not show, each with the reason."""
        return {}

    def fields_asked_for(self, names: list[str] | None) -> list[str] | None:
        if names is None:
            return None
        names = [name.strip() for name in names]
        offered = list(self.get_serializer_class()().fields)
        withheld = self.withheld_fields()
        problems = []
        for name in names:
            if name in withheld:
                problems.append(f"{name!r} {withheld[name]}")
            elif name not in offered:
                problems.append(f"No field {name!r}; there are: {', '.join(offered)}.")
        if problems:
            raise ValidationError({"fields": problems})
        return names

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        shown = getattr(serializer, "child", serializer)
        keep = getattr(self, "requested_fields", None)
        withheld = self.withheld_fields()
        for name in list(shown.fields):
            if name in withheld or (keep is not None and name not in keep):
                shown.fields.pop(name)
        return serializer

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class or self.list_serializer_class
        return self.list_serializer_class

    def get_object(self):
        return selectors.load_newest(
            self.find_by_key(),
            brief_field=self.brief_field,
            key_figures=self.nests_key_figures,
            events=self.nests_events,
        )

    def find_by_key(self):
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
    """Lists that also come as CSV, at a URL of their own (``rankings/csv/``): every row
    matching the list's filters, unpaginated. An operation of its own, answering only
    text/csv, so a client generated from the schema reads it as text, not JSON.

    The CSV streams (``csv_tables``): the list's filtered queryset read as tuples, no
    serializer per row. Parameters are checked in ``initial()``, before the response
    exists, so a bad filter is still a 400 problem+json, never a broken stream."""

    csv_name = ""
    csv_table = None  # a csv_tables.CSVTable

    def initial(self, request, *args, **kwargs):
        if self.action == "list" and request.query_params.get("format") == CSVRenderer.format:
            csv_url = reverse(f"{request.resolver_match.namespace}:{self.basename}-csv")
            raise ValidationError({"format": [f"The CSV is at {csv_url}, with the same filters."]})
        super().initial(request, *args, **kwargs)

    @action(detail=False, url_path="csv", url_name="csv", renderer_classes=[CSVRenderer])
    def csv(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        fields = self.requested_fields
        withheld = self.withheld_fields()
        if withheld:
            offered = fields or list(self.get_serializer_class()().fields)
            fields = [name for name in offered if name not in withheld]
        return self.csv_table.response(
            queryset, request, fields=fields, filename=f"{self.csv_name}.csv"
        )


class CitedTableViewSet(CSVMixin, ReadOnlyApiViewSet):
    """The flat, cited tables (rankings, key figures, memberships): keyed by id, also
    CSV, and nesting no briefs."""

    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN

    def shows_briefs(self) -> bool:
        return False
