"""OpenAPI 3 for the read API (drf-spectacular).

The views describe themselves (summaries, descriptions, path parameters, next to
the code); this module adds what all operations share, after generation: the
introduction, the one error shape and its responses, the caching headers and 304,
CSV as a second media type, and response examples from examples.json.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema

from . import examples
from .errors import ErrorCode

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
Requests are throttled per client address; past the limit the answer is `429` with a
`Retry-After` header (seconds).

**Natural keys.** Entities are addressed by slug, countries by ISO 3166-1 code
(alpha-2 or alpha-3, any case: `/countries/ru/`, `/countries/RUS/`), sources, rankings,
key figures and memberships by id. Every object carries `url` (its place in this API)
and `html_url` (its page on the site). Dates are ISO 8601 with a time zone.

**Only published briefs**, ever: drafts, briefs in review, withdrawn briefs and briefs
scheduled for later are absent from every list and every nested reference, and their
URLs answer `404`. A scheduled brief appears at its publication time.

**Paging.** Briefs page by cursor: follow `next` (stable while new briefs are
published). The other lists page by number (`page`, `page_size`). `page_size` is at
most 100; larger values are capped.

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

**Errors** share one JSON shape: `status`, `code`, `detail`, and `errors`, which
names each query parameter that could not be used. Invalid parameters give `400`,
unknown objects and paths `404`.

**CSV.** Rankings, key figures and memberships also come as CSV (`?format=csv` or
`Accept: text/csv`): every row matching the filters, with the source of each row in
its columns.
"""

ERROR_SCHEMA = {
    "type": "object",
    "description": "The one shape of every error this API returns.",
    "required": ["status", "code", "detail", "errors"],
    "properties": {
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
            "status": 404,
            "code": "not_found",
            "detail": "There is no published brief 'no-such-brief'.",
            "errors": [],
        },
    ),
    "406": (
        "The Accept header asks for a format this endpoint does not offer.",
        {
            "status": 406,
            "code": "not_acceptable",
            "detail": "Could not satisfy the request Accept header.",
            "errors": [],
        },
    ),
    "429": (
        "Too many requests from this address; retry after `Retry-After` seconds.",
        {
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

SUCCESS_DESCRIPTIONS = {
    "root": "Links to every endpoint.",
    "search": "The best hits, best first.",
    "brief-list": "One page of published briefs; follow `next` for the following page.",
    "ranking-list": "One page of ranks, or every matching rank as CSV.",
    "key-figure-list": "One page of key figures, or every matching figure as CSV.",
    "membership-list": "One page of memberships, or every matching membership as CSV.",
}

NOT_MODIFIED = {
    "description": (
        "Not Modified: the request's If-None-Match (or If-Modified-Since) still "
        "matches; use the copy you have."
    ),
    "headers": {name: SUCCESS_HEADERS[name] for name in ("ETag", "Last-Modified")},
}

FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": (
        "`json` (the default) or `csv`: every row matching the filters, unpaginated, "
        "nested fields as dotted columns (`source.document_url`)."
    ),
    "schema": {"type": "string", "enum": ["json", "csv"], "example": "csv"},
}


class ApiAutoSchema(AutoSchema):
    """Groups operations by resource rather than by the URL's first segment."""

    def get_tags(self):
        return [self.path.removeprefix(API_PREFIX).split("/", 1)[0] or "root"]


def resource_schema(
    *,
    plural: str,
    list_description: str,
    detail_description: str,
    key: OpenApiParameter,
) -> dict:
    """extend_schema_view() arguments for a list + detail resource."""
    return {
        "list": extend_schema(summary=f"List {plural}", description=list_description),
        "retrieve": extend_schema(
            summary=f"One of the {plural}", description=detail_description, parameters=[key]
        ),
    }


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
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method != "get":
                continue
            _document_operation(path, operation)
    return result


def _example_name(path: str) -> str:
    rest = path.removeprefix(API_PREFIX).strip("/")
    if not rest:
        return "root"
    segment = rest.split("/", 1)[0]
    if segment == "search":
        return "search"
    return f"{RESOURCES[segment]}-{'detail' if '{' in rest else 'list'}"


def _document_operation(path: str, operation: dict) -> None:
    name = _example_name(path)
    responses = operation["responses"]
    success = responses["200"]
    success["headers"] = SUCCESS_HEADERS
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
            "schema": {"type": "string", "description": "CSV with a header row."},
            "examples": {name: {"summary": "CSV", "value": examples.csv_example(name)}},
        }
        # drf-spectacular lists `format` bare; say what it does.
        operation["parameters"] = [
            *(p for p in operation.get("parameters", []) if p["name"] != "format"),
            FORMAT_PARAMETER,
        ]
    responses["304"] = NOT_MODIFIED
    parameters = operation.get("parameters", [])
    codes = ["406", "429"]
    if any(parameter["in"] == "query" for parameter in parameters):
        codes.append("400")
    if "{" in path or any(parameter["name"] == "page" for parameter in parameters):
        codes.append("404")
    for code in sorted(codes):
        description, example = ERROR_RESPONSES[code]
        response = {
            "description": description,
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/Error"},
                    "examples": {code: {"summary": description, "value": example}},
                }
            },
        }
        if code == "429":
            response["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "integer", "example": 12},
                }
            }
        responses[code] = response
