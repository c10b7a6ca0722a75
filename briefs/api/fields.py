"""The two links every API object carries: its API `url` and its public `html_url`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..paths import KeyedPath


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The object's own API URL, e.g. https://…/api/v1/countries/RU/."""

    def __init__(self, view_name: str, lookup_field: str = "slug", url_kwarg: str | None = None):
        self.view_name = view_name
        self.lookup_field = lookup_field
        self.url_kwarg = url_kwarg or lookup_field
        self.path = KeyedPath(view_name, self.url_kwarg)
        super().__init__(source="*", read_only=True)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), self.path(getattr(obj, self.lookup_field)))


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The public page for the object: its get_absolute_url(), or, for objects
    without a page of their own, the page of the object at `source` (a key figure's
    subject, a ranking's indicator, a membership's bloc)."""

    def __init__(self, source: str = "*"):
        super().__init__(source=source, read_only=True)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())


def absolute(request, path: str) -> str:
    # Django's reverse(), not DRF's: DRF's would carry ?format=csv into every link.
    return request.build_absolute_uri(path) if request else path


class OptionalUrlField(serializers.URLField):
    """A URL the editors may leave blank: null then, since "" is no URL."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None
