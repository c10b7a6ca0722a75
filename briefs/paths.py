"""Many addresses of one URL pattern, made without resolving the URL patterns for each."""

import re

from django.urls import reverse

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
