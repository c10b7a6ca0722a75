"""The two links every API object carries: its API `url` and its public `html_url`."""

import re

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Keys a URL carries as they are (slugs, ISO codes, ids): joined without reverse().
PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


class KeyedPath:
    """The path of a URL pattern taking one key, e.g. /api/v1/countries/<code>/.

    reverse() once, then a prefix join per key: the same path, without resolving the URL
    patterns again for each of a list's hundreds of objects (or a CSV's thousands)."""

    def __init__(self, view_name: str, url_kwarg: str):
        self.view_name, self.url_kwarg = view_name, url_kwarg
        self._parts = None

    def __call__(self, key) -> str:
        plain = isinstance(key, int)  # an id: no need to look
        key = str(key)
        if not plain and not PLAIN_KEY.fullmatch(key):  # anything reverse() would quote
            return reverse(self.view_name, kwargs={self.url_kwarg: key})
        if self._parts is None:
            path = reverse(self.view_name, kwargs={self.url_kwarg: key})
            prefix, _, suffix = path.rpartition(f"/{key}/")
            self._parts = (f"{prefix}/", f"/{suffix}")
        prefix, suffix = self._parts
        return f"{prefix}{key}{suffix}"


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
