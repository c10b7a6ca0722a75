"""OpenAPI 3 for the read API (drf-spectacular).

The views describe themselves (summaries, descriptions, path parameters, next to
the code); this module adds what all operations share, after generation: the
introduction, the licence, the server, the one error shape (RFC 9457 problem
details) and its responses, the caching, paging and rate-limit headers and 304, and
response examples from examples.json.

It is OpenAPI 3.1 (SPECTACULAR_SETTINGS["OAS_VERSION"]), where a nullable reference
is plain JSON Schema (``oneOf: [{$ref}, {type: "null"}]``) rather than 3.0's
``nullable`` beside an ``allOf``, which has no type and which validators reject.
Operations declare no ``security``: the API is anonymous, and a generated client
should need no credentials.
"""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from . import examples
from .errors import PROBLEM_MEDIA_TYPE, ErrorCode
from .serializers.briefs import BODY_FIELDS

API_PREFIX = "/api/v1/"
# Path segment under /api/v1/: the name its examples are filed under.
RESOURCES = {
    "briefs": "brief",
    "countries": "country",
    "blocs": "bloc",
    "memberships": "membership",
    "organizations": "organization",
    "ai-models": "ai-model",
    "people": "person",
    "indicators": "indicator",
    "rankings": "ranking",
    "key-figures": "key-figure",
    "events": "event",
    "sources": "source",
    "topics": "topic",
    "changes": "change",
}

INTRODUCTION = """\
Read-only access to the AI Geopolitics Briefs knowledge base (countries, blocs,
organizations, AI models, people, indicators and rankings, key figures, events,
sources, topics) and to the published briefs written on top of it.

**Anonymous, read-only.** No key is needed. Only `GET`, `HEAD` and `OPTIONS` are
allowed; anything else gets `405`. Any origin may read the API from a browser (CORS).
Requests are throttled per client address: every answer says where you stand in the
headers of the IETF draft (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`
in seconds, `RateLimit-Policy`); past the limit the answer is `429` with a
`Retry-After` header (seconds). Responses are gzip-compressed when you ask
(`Accept-Encoding: gzip`).

**Strict parameters.** Each endpoint takes only the query parameters documented for
it. An unknown one (a typo), an empty one or one given twice is a `400` naming it.
Filters that take several values take them comma-separated in one parameter:
`country=ru,cn` lists what matches either.

**Sparse answers.** Lists and single objects take `fields`, comma-separated top-level
field names (`fields=slug,title,updated_at`): the objects then carry only those. A
brief's body comes in one format, chosen by `body_format`: `html` (the default, in
`body_html`), `markdown` (`body_markdown`) or `text` (`body_text`).

**Natural keys.** Entities are addressed by slug, countries by ISO 3166-1 code
(alpha-2 or alpha-3, any case: `/countries/ru/`, `/countries/RUS/`), sources, rankings,
key figures and memberships by id. Every object carries `url` (its place in this API)
and `html_url` (its page on the site). Dates are ISO 8601 with a time zone.

**Only published briefs**, ever: drafts, briefs in review, withdrawn briefs and briefs
scheduled for later are absent from every list and every nested reference, and their
URLs answer `404`. A scheduled brief appears at its publication time.

**Paging.** Briefs page by cursor: follow `next` (stable while new briefs are
published); `count` says how many match in all. A cursor belongs to the ordering and
filters it was made with, and is refused (`400`) with others. The other lists page by
number (`page`, `page_size`). `page_size` is at most 100; larger values are capped.
The `next` and `previous` pages are also in a `Link` header (RFC 8288, `rel="next"`
and `rel="prev"`).

**Incremental sync of briefs.** Ask for `ordering=updated_at&updated_since=<the
largest updated_at you hold>` and follow `next` until it is `null`. `updated_at`
moves when a brief is edited and when a scheduled brief goes live. A brief that is
withdrawn leaves the list: its URL answers `404`, so re-check the ones you hold now
and then (or re-read the full list). Repeating a few seconds of overlap is harmless:
upserts by slug are idempotent.

```sh
API=https://briefs.example.org/api/v1   # this API's address
SINCE=2024-12-11T00:00:00Z   # the largest updated_at from your last sync
URL="$API/briefs/?ordering=updated_at&updated_since=$SINCE&page_size=100"
while [ -n "$URL" ] && [ "$URL" != null ]; do
  curl -s "$URL" > page.json           # upsert each result by its slug
  URL=$(jq -r .next page.json)
done
```

**Keeping a copy in sync.** `/changes/?since=<time>` lists every change oldest first:
`{type, key, action, at, url}`, `action` being `created`, `updated` or `deleted`. A
brief that is withdrawn, unpublished or deleted appears as `deleted`; a scheduled
brief appears as `created` at its publication time; renaming an entity also updates
the briefs and rows that show it nested. Every entity list takes `updated_since`.
Read the changes from the last `at` you applied (less a minute: applying one twice is
harmless), drop what is `deleted`, read again what is `created` or `updated`.

**Caching.** Responses carry `ETag` and `Last-Modified`; send them back as
`If-None-Match` / `If-Modified-Since` to get `304 Not Modified`. `Cache-Control` is
public and short, and never lasts past the next scheduled publication.

**Errors** are problem details (RFC 9457, `application/problem+json`): `type`,
`title`, `status`, `detail`, and two members of this API: `code`, a stable name, and
`errors`, which names each query parameter that could not be used. Invalid
parameters give `400`; unknown objects and every unknown path under `/api/`, `404`.

**CSV.** Rankings, key figures and memberships also come as CSV, each at an address
of its own (`/api/v1/rankings/csv/`) that takes the list's filters: every matching
row, with the source of each row in its columns.

**Licence.** The compilation (this API's data and the briefs) is published under the
licence in this schema's `info.license`.
"""

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "The one shape of every error this API returns: RFC 9457 problem details, with "
        "`code` and `errors` as extension members."
    ),
    "required": ["type", "title", "status", "detail", "code", "errors"],
    "properties": {
        "type": {
            "type": "string",
            "format": "uri-reference",
            "description": "The problem type: `about:blank`, as each `code` is one status.",
            "example": "about:blank",
        },
        "title": {
            "type": "string",
            "description": "The status's name.",
            "example": "Bad Request",
        },
        "status": {"type": "integer", "description": "The HTTP status code.", "example": 400},
        "code": {
            "type": "string",
            "description": "A stable, machine-readable name for the error.",
            "enum": ErrorCode.values,
        },
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "errors": {
            "type": "array",
            "description": "One entry per query parameter that could not be used.",
            "items": {
                "type": "object",
                "required": ["parameter", "message"],
                "properties": {
                    "parameter": {"type": "string", "example": "published_after"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

ERROR_RESPONSES = {
    "400": (
        "A query parameter could not be used; `errors` names it.",
        {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "code": "invalid_parameter",
            "detail": "Invalid parameter: published_after.",
            "errors": [
                {
                    "parameter": "published_after",
                    "message": "Enter an ISO 8601 date or date-time, such as 2024-12-11 "
                    "or 2024-12-11T10:00:00Z.",
                }
            ],
        },
    ),
    "404": (
        "No such object (or no such page of results).",
        {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "code": "not_found",
            "detail": "There is no published brief 'no-such-brief'.",
            "errors": [],
        },
    ),
    "406": (
        "The Accept header asks for a format this endpoint does not offer.",
        {
            "type": "about:blank",
            "title": "Not Acceptable",
            "status": 406,
            "code": "not_acceptable",
            "detail": "Could not satisfy the request Accept header.",
            "errors": [],
        },
    ),
    "429": (
        "Too many requests from this address; retry after `Retry-After` seconds.",
        {
            "type": "about:blank",
            "title": "Too Many Requests",
            "status": 429,
            "code": "throttled",
            "detail": "Request was throttled. Expected available in 12 seconds.",
            "errors": [],
        },
    ),
}

SUCCESS_HEADERS = {
    "ETag": {
        "description": "Validator of this exact response; send it back as If-None-Match.",
        "schema": {"type": "string", "example": '"5d1c4f0a9b7e2d3c8a6f1e0b4c2d7a9e"'},
    },
    "Last-Modified": {
        "description": "When this response last changed; send it back as If-Modified-Since.",
        "schema": {"type": "string", "example": "Wed, 11 Dec 2024 10:00:00 GMT"},
    },
    "Cache-Control": {
        "description": "Public and short; never past the next scheduled publication.",
        "schema": {"type": "string", "example": "public, max-age=60"},
    },
}

RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": {
        "description": "Requests allowed in the window (IETF draft RateLimit header fields).",
        "schema": {"type": "integer", "example": 600},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer", "example": 599},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window frees a request.",
        "schema": {"type": "integer", "example": 60},
    },
    "RateLimit-Policy": {
        "description": "The quota and its window in seconds: `600;w=60`.",
        "schema": {"type": "string", "example": "600;w=60"},
    },
}
SUCCESS_HEADERS = {**SUCCESS_HEADERS, **RATE_LIMIT_HEADERS}
LINK_HEADER = {
    "description": (
        'The next and previous pages (RFC 8288): `<url>; rel="next", <url>; rel="prev"`; '
        "absent when there is only one page."
    ),
    "schema": {
        "type": "string",
        "example": '<https://briefs.example.org/api/v1/topics/?page=2>; rel="next"',
    },
}

SUCCESS_DESCRIPTIONS = {
    "root": "Links to every endpoint.",
    "search": "The best hits, best first.",
    "brief-list": "One page of published briefs; follow `next` for the following page.",
    "ranking-csv": "Every matching rank, as CSV with a header row.",
    "key-figure-csv": "Every matching key figure, as CSV with a header row.",
    "membership-csv": "Every matching membership, as CSV with a header row.",
}

NOT_MODIFIED = {
    "description": (
        "Not Modified: the request's If-None-Match (or If-Modified-Since) still "
        "matches; use the copy you have."
    ),
    "headers": {name: SUCCESS_HEADERS[name] for name in ("ETag", "Last-Modified")},
}


class ApiAutoSchema(AutoSchema):
    """Groups operations by resource rather than by the URL's first segment, declares
    no security (the API is anonymous), and documents ``fields`` where a view takes it."""

    def get_tags(self):
        return [self.path.removeprefix(API_PREFIX).split("/", 1)[0] or "root"]

    def get_auth(self):
        return []

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if hasattr(self.view, "fields_asked_for"):
            parameters = [*parameters, fields_parameter(self.view)]
        return parameters


def fields_parameter(view) -> OpenApiParameter:
    names = list(view.get_serializer_class()().fields)
    return OpenApiParameter(
        "fields",
        {"type": "array", "items": {"type": "string", "enum": names}, "example": names[:2]},
        OpenApiParameter.QUERY,
        style="form",
        explode=False,
        description=(
            "Only these top-level fields, comma-separated (a sparse answer; CSV: only "
            "their columns). A field not listed here is a 400."
        ),
    )


def resource_schema(
    *,
    plural: str,
    list_description: str,
    detail_description: str,
    key: OpenApiParameter,
    detail_parameters: tuple[OpenApiParameter, ...] = (),
    csv_description: str = "",
) -> dict:
    """extend_schema_view() arguments for a list + detail resource, and its CSV."""
    operations = {
        "list": extend_schema(summary=f"List {plural}", description=list_description),
        "retrieve": extend_schema(
            summary=f"One of the {plural}",
            description=detail_description,
            parameters=[key, *detail_parameters],
        ),
    }
    if csv_description:
        operations["csv"] = extend_schema(
            summary=f"All {plural} as CSV",
            operation_id=f"{plural.lower().replace(' ', '_')}_csv",
            description=csv_description,
            filters=True,
            responses={(200, "text/csv"): OpenApiTypes.STR},
        )
    return operations


SLUG = "^[-a-zA-Z0-9_]+$"
ID = "^[0-9]{1,18}$"


def slug_key(thing: str, example: str) -> OpenApiParameter:
    return OpenApiParameter(
        "slug",
        {"type": "string", "pattern": SLUG, "example": example},
        OpenApiParameter.PATH,
        description=f"The {thing}'s slug.",
    )


def id_key(thing: str, example: int) -> OpenApiParameter:
    return OpenApiParameter(
        "id",
        {"type": "integer", "minimum": 1, "maximum": 10**18 - 1, "example": example},
        OpenApiParameter.PATH,
        description=f"The {thing}'s id.",
    )


def postprocess_schema(result, generator, request, public):
    result["info"]["description"] = INTRODUCTION
    result["info"]["license"] = {
        "name": settings.SITE_LICENCE_NAME,
        "url": settings.SITE_LICENCE_URL,
    }
    # Paths start at the site's root; a schema fetched over HTTP names that host.
    root = request.build_absolute_uri("/").rstrip("/") if request is not None else "/"
    result["servers"] = [{"url": root or "/", "description": "This site"}]
    # Anonymous: no operation needs credentials. Stated once, at the root, as an empty
    # list (validators ask that security be stated; `[{}]` would make generated clients
    # demand an authenticated client).
    result["security"] = []
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    # A detail shows one body, in the format asked for; the others are absent.
    schemas["BriefDetail"]["required"] = [
        name for name in schemas["BriefDetail"]["required"] if name not in BODY_FIELDS.values()
    ]
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method != "get":
                continue
            _document_operation(path, operation)
    return _without_nullable(result)


def _without_nullable(node):
    """OpenAPI 3.0's ``nullable`` (DRF's paging schemas still write it) as 3.1's JSON
    Schema: a type list."""
    if isinstance(node, list):
        return [_without_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_nullable(value) for key, value in node.items()}
    if node.pop("nullable", False) and isinstance(node.get("type"), str):
        node["type"] = [node["type"], "null"]
    return node


def _example_name(path: str) -> str:
    rest = path.removeprefix(API_PREFIX).strip("/")
    if not rest:
        return "root"
    segment = rest.split("/", 1)[0]
    if segment == "search":
        return "search"
    if rest.endswith("/csv"):
        return f"{RESOURCES[segment]}-csv"
    return f"{RESOURCES[segment]}-{'detail' if '{' in rest else 'list'}"


def _document_operation(path: str, operation: dict) -> None:
    name = _example_name(path)
    responses = operation["responses"]
    success = responses["200"]
    success["headers"] = dict(SUCCESS_HEADERS)
    success["description"] = SUCCESS_DESCRIPTIONS.get(name, "") or (
        "The object in full." if name.endswith("-detail") else "One page of the list."
    )
    content = success.setdefault("content", {})
    if "application/json" in content:
        content["application/json"]["examples"] = {
            name: {"summary": "From the launch story", "value": examples.example(name)}
        }
    if "text/csv" in content:
        content["text/csv"] = {
            "schema": {
                "type": "string",
                "description": (
                    "CSV with a header row: nested fields as dotted columns "
                    "(`source.document_url`)."
                ),
            },
            "examples": {name: {"summary": "CSV", "value": examples.csv_example(name)}},
        }
    parameters = operation.get("parameters", [])
    if any(parameter["name"] in ("page", "cursor") for parameter in parameters):
        success["headers"]["Link"] = LINK_HEADER
    for parameter in parameters:
        # drf-spectacular puts the example of a multi-valued filter on its items.
        schema = parameter["schema"]
        if schema.get("type") == "array" and "example" not in schema:
            schema["example"] = [schema["items"].pop("example")]
    responses["304"] = NOT_MODIFIED
    codes = ["406", "429"]
    if any(parameter["in"] == "query" for parameter in parameters):
        codes.append("400")
    if "{" in path or any(parameter["name"] == "page" for parameter in parameters):
        codes.append("404")
    for code in sorted(codes):
        description, example = ERROR_RESPONSES[code]
        response = {
            "description": description,
            "headers": dict(RATE_LIMIT_HEADERS),
            "content": {
                PROBLEM_MEDIA_TYPE: {
                    "schema": {"$ref": "#/components/schemas/Error"},
                    "examples": {code: {"summary": description, "value": example}},
                }
            },
        }
        if code == "429":
            response["headers"]["Retry-After"] = {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "example": 12},
            }
        responses[code] = response
