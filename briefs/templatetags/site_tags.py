"""Template tags of the public site: absolute URLs, JSON-LD and list links."""

import json

from django import template
from django.utils.safestring import SafeData, mark_safe

from .. import links
from ..users import display_name

register = template.Library()

# Keys whose site-relative values become absolute URLs in JSON-LD.
URL_KEYS = {"url", "@id", "image", "mainEntityOfPage", "urlTemplate"}

# The characters that could end a <script> element early, escaped as JSON allows.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """The full URL of a site path, for canonical links, previews and feeds."""
    request = context.get("request")
    if request is None or not path or "://" in path:
        return path or ""
    return request.build_absolute_uri(path)


def _absolutize(value, request, key=None):
    if isinstance(value, dict):
        return {k: _absolutize(v, request, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_absolutize(item, request, key) for item in value]
    if key in URL_KEYS and isinstance(value, str) and value.startswith("/") and request:
        # build_absolute_uri would percent-encode the braces of a URL template.
        return request.build_absolute_uri("/").rstrip("/") + value
    return value


@register.simple_tag(takes_context=True)
def json_ld(context, data) -> str:
    """A JSON-LD data block: not executed, so a strict Content-Security-Policy allows it.

    A block already rendered (the brief page's, kept as a fragment) passes through."""
    if not data:
        return ""
    if isinstance(data, SafeData):
        return data
    text = json.dumps(_absolutize(data, context.get("request")), ensure_ascii=False)
    return mark_safe(
        f'<script type="application/ld+json">{text.translate(_SCRIPT_ESCAPES)}</script>'
    )


# {{ author|display_name }}: a person's name as the feeds, JSON-LD and API give it.
register.filter(display_name)


@register.simple_tag
def numbered_sources(rows) -> dict:
    """Number the distinct sources of a table's rows (each with a ``source``), so a table
    cites "[1]" on each row and lists the sources once below, instead of repeating them."""
    numbers: dict[int, int] = {}
    sources = []
    numbered_rows = []
    for row in rows:
        source = row.source
        if source.pk not in numbers:
            numbers[source.pk] = len(numbers) + 1
            sources.append((numbers[source.pk], source))
        numbered_rows.append((row, numbers[source.pk]))
    return {"rows": numbered_rows, "sources": sources}


# {{ source.url|safe_url }}: a stored URL as an href, only if http, https or mailto.
register.filter("safe_url", links.safe_url)
