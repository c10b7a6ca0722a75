"""Paging: a cursor for briefs, page numbers for the small tables.

Both take ``page_size`` (default 20 for briefs, 50 for tables; larger values are
capped at 100) and answer 400, naming the parameter, for anything that is not a
positive whole number or a cursor this API issued. Both give the next and previous
pages twice: in the body, and in an RFC 8288 ``Link`` header.

A cursor carries a fingerprint of the listing it was made for (the ordering and
every filter), so a cursor taken under one ordering or filter and replayed under
another is refused instead of silently starting somewhere wrong.
"""

import hashlib
from base64 import b64decode, b64encode
from urllib import parse

from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .. import paging

MAX_PAGE_SIZE = 100
# Parameters that shape a page but not which rows it lists, or in what order.
NOT_THE_LISTING = frozenset({"cursor", "page", "page_size", "fields"})
# How briefs.search.search_briefs() orders its results: best match first.
RELEVANCE = "-search_rank"


def requested_page_size(request, *, default: int) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({"page_size": [f"Enter a whole number from 1 to {MAX_PAGE_SIZE}."]})
    return min(int(raw), MAX_PAGE_SIZE)


def page_size_parameter(default: int) -> dict:
    return {
        "name": "page_size",
        "required": False,
        "in": "query",
        "description": (
            f"How many results per page: {default} by default; values above "
            f"{MAX_PAGE_SIZE} are capped at {MAX_PAGE_SIZE}."
        ),
        "schema": {"type": "integer", "minimum": 1, "example": default},
    }


def link_header(links: dict[str, str | None]) -> str:
    """RFC 8288: ``<url>; rel="next", <url>; rel="prev"`` for the links there are."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


class LinkHeaderMixin:
    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        header = link_header({"next": self.get_next_link(), "prev": self.get_previous_link()})
        if header:
            response["Link"] = header
        return response


def listing_fingerprint(request) -> str:
    """A short hash of the ordering and filters of a request, whatever their order."""
    listing = sorted(
        (name, value)
        for name, values in request.query_params.lists()
        if name not in NOT_THE_LISTING
        for value in values
    )
    return hashlib.sha256(parse.urlencode(listing).encode()).hexdigest()[:16]


class TablePagination(LinkHeaderMixin, PageNumberPagination):
    """Page numbers for the knowledge base's small tables."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return requested_page_size(request, default=self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({"page": ["Enter a page number: a whole number from 1."]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            # Only a page past the last one gets here; the number itself was valid.
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            message = f"There is no page {raw}; the last is {last}."
            missing = NotFound(message)
            missing.parameter_errors = [{"parameter": "page", "message": message}]
            raise missing from error

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Which page of results, from 1.",
                "schema": {"type": "integer", "minimum": 1, "example": 1},
            },
            page_size_parameter(self.page_size),
        ]


class ListingCursorPagination(LinkHeaderMixin, CursorPagination):
    """A cursor over the list's ordering, stable while new rows arrive, and bound to the
    ordering and filters it was made for (refused with others).

    With a search (``q``) the order is relevance, which no timestamp can mark, so the
    cursor then carries an offset into the ranked results (up to ``offset_cutoff``).
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    offset_cutoff = 1000
    ordering = ("-date_published_at", "-id")
    invalid_cursor = "This is not a cursor from this API: follow the next or previous links."
    other_listing = (
        "This cursor belongs to another ordering or other filters: follow the next or "
        "previous links of the listing you are paging through, or start again without it."
    )

    def get_page_size(self, request):
        return requested_page_size(request, default=self.page_size)

    def get_ordering(self, request, queryset, view):
        # The FilterSet has ordered the queryset (allow-listed fields, or relevance).
        return tuple(queryset.query.order_by) or self.ordering

    def paginate_queryset(self, queryset, request, view=None):
        self.fingerprint = listing_fingerprint(request)
        if self.get_ordering(request, queryset, view)[0] == RELEVANCE:
            return self.paginate_by_offset(queryset, request)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        # DRF's own examples carry a stray quote, which is no URI.
        for rel in ("next", "previous"):
            paginated["properties"][rel]["example"] = (
                "https://briefs.example.org/api/v1/briefs/?cursor=aD1lM2IwYzQ0Mjk4ZmMxYzE0"
            )
        return paginated

    def encode_cursor(self, cursor):
        tokens = {"h": self.fingerprint}
        if cursor.offset != 0:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = cursor.position
        encoded = b64encode(parse.urlencode(tokens).encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def paginate_by_offset(self, queryset, request):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.cursor = self.decode_cursor(request)
        offset = self.cursor.offset if self.cursor else 0
        if self.cursor and (self.cursor.reverse or self.cursor.position is not None):
            raise ValidationError({"cursor": [self.invalid_cursor]})
        results = list(queryset[offset : offset + self.page_size + 1])
        self.page = results[: self.page_size]
        self.offset_links = {
            "next": (
                self.encode_cursor(
                    Cursor(offset=offset + self.page_size, reverse=False, position=None)
                )
                if len(results) > self.page_size and offset + self.page_size <= self.offset_cutoff
                else None
            ),
            "previous": self.offset_link(offset - self.page_size) if offset > 0 else None,
        }
        return self.page

    def offset_link(self, offset: int) -> str:
        if offset <= 0:
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self.encode_cursor(Cursor(offset=offset, reverse=False, position=None))

    def get_next_link(self):
        if hasattr(self, "offset_links"):
            return self.offset_links["next"]
        return super().get_next_link()

    def get_previous_link(self):
        if hasattr(self, "offset_links"):
            return self.offset_links["previous"]
        return super().get_previous_link()

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        try:
            tokens = parse.parse_qs(
                b64decode(encoded.encode("ascii"), validate=True).decode("ascii"),
                keep_blank_values=True,
                strict_parsing=True,
            )
            offset = int(tokens.get("o", ["0"])[0])
            reverse = tokens.get("r", ["0"])[0]
            position = tokens.get("p", [None])[0]
            fingerprint = tokens["h"][0]
        except (TypeError, ValueError, KeyError):
            raise ValidationError({"cursor": [self.invalid_cursor]}) from None
        if fingerprint != listing_fingerprint(request):
            raise ValidationError({"cursor": [self.other_listing]})
        if not 0 <= offset <= self.offset_cutoff or reverse not in ("0", "1"):
            raise ValidationError({"cursor": [self.invalid_cursor]})
        if position is not None and not valid_datetime(position):
            raise ValidationError({"cursor": [self.invalid_cursor]})
        return Cursor(offset=offset, reverse=reverse == "1", position=position)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": (
                    "Where the page starts. Do not build it: take it from the `next` or "
                    "`previous` link of the page before. It holds the ordering and filters "
                    "it was made for; with others it is refused (400)."
                ),
                "schema": {
                    "type": "string",
                    "example": (
                        "aD1lM2IwYzQ0Mjk4ZmMxYzE0JnA9MjAyNC0xMi0xMSsxMCUzQTAwJTNBMDAlMkIwMCUzQTAw"
                    ),
                },
            },
            page_size_parameter(self.page_size),
        ]


class BriefCursorPagination(ListingCursorPagination):
    """The briefs' cursor; the page also says how many briefs match in all (``count``),
    counted up to the cap (briefs.paging): exact up to it, "more than" past it."""

    def paginate_queryset(self, queryset, request, view=None):
        self.count = paging.capped_count(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {
            "count": min(self.count, paging.COUNT_CAP),
            "count_is_exact": paging.count_is_exact(self.count),
            **response.data,
        }
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["count", "count_is_exact", *paginated["required"]]
        paginated["properties"] = {
            "count": {
                "type": "integer",
                "description": (
                    f"How many briefs match, on all pages, counted up to {paging.COUNT_CAP}: "
                    "exact when `count_is_exact` is true; when it is false, more than this "
                    "many match."
                ),
                "maximum": paging.COUNT_CAP,
                "example": 123,
            },
            "count_is_exact": {
                "type": "boolean",
                "description": (
                    f"False when more than {paging.COUNT_CAP} briefs match: counting stops there, "
                    "so every page costs the same however large the archive."
                ),
                "example": True,
            },
            **paginated["properties"],
        }
        return paginated


def valid_datetime(text: str) -> bool:
    """Positions are timestamps this API wrote; anything else is a forged cursor."""
    try:
        parsed = parse_datetime(text)
    except ValueError:
        return False
    return parsed is not None and parsed.tzinfo is not None
