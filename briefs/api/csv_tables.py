"""Streamed CSV for the cited tables: rankings, key figures, memberships.

Each table is one declarative list of columns: the CSV header (the dotted name that
``csv_columns`` gives the list serializer's field), the ORM paths the column reads with
``values_list`` and, where the cell is not the value as read, a small function from
those values to the cell. A plain value is written by the rule of the serializer field
of the same name (a decimal to its places, a date-time in ISO 8601, text through the
formula rule of ``renderers.cell``), so the bytes are those the serializers gave before
(tests/api/test_csv.py compares the two on the same rows).

Rows come from the list's own filtered, ordered queryset as tuples, read with
``iterator(chunk_size=CHUNK_SIZE)``: no model instance and no serializer per row. A
membership's sources, several to a row, come per chunk in one query. Links are a
prefix join (``fields.KeyedPath``), not a reverse() per row.

A stream has no body to hash for its ETag, so ``validator()`` hashes what decides the
body instead: the request's URL, the day (citations say when they were retrieved), the
row count and the latest ``updated_at`` of every table a column reads (one aggregate
query). The page cache (``briefs.page_cache``) stores no streaming response, so these
downloads are never in it; the 304s this validator gives stand in for it.
"""

import csv
import datetime
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter

from django.conf import settings
from django.db.models import Count, Max, QuerySet, Sum
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from .. import citation
from ..models import IndicatorEdition, KeyFigure, Membership, Ranking, Source
from ..models.keyfigure import display_value
from .fields import KeyedPath
from .renderers import LIST_SEPARATOR, CSVRenderer, cell, csv_columns, escaped
from .serializers.data import KeyFigureSerializer, RankingSerializer
from .serializers.entities import MembershipSerializer

CHUNK_SIZE = 2000  # rows a database round trip fetches, and a membership's sources query
ROWS_PER_WRITE = 500  # rows in one piece of the response body (about 300 kB)


@dataclass(frozen=True)
class Links:
    """What a row's cells take from the request: the site's origin and the day."""

    origin: str  # https://example.org, no trailing slash
    today: datetime.date
    licence: citation.Licence  # the site's, for its compilation

    @classmethod
    def of(cls, request) -> "Links":
        origin = request.build_absolute_uri("/").removesuffix("/")
        return cls(origin, timezone.localdate(), citation.site_licence())


@dataclass(frozen=True)
class Column:
    """One CSV column: `paths` are read with values_list; `value(links, *values)` makes
    the cell, or, if None, the one value is written by its serializer field's rule."""

    name: str
    paths: tuple[str, ...]
    value: Callable | None = None


def column(name: str, *paths: str, value: Callable | None = None) -> Column:
    """A column reading `paths`, by default the path its dotted name spells."""
    return Column(name, paths or (name.replace(".", "__"),), value)


def link(view_name: str, url_kwarg: str) -> Callable:
    """A cell holding the absolute URL of `view_name` for the key read (none for none)."""
    path = KeyedPath(view_name, url_kwarg)

    def value(links: Links, key) -> str | None:
        return None if key is None else links.origin + path(key)

    return value


def subject_link(links: Links, country_slug, organization_slug) -> str:
    """The page of a key figure's subject, as ``KeyFigure.subject`` picks it."""
    if country_slug is not None:
        return country_page(links, country_slug)
    return organization_page(links, organization_slug)


country_page = link("briefs:country-detail", "slug")
organization_page = link("briefs:organization-detail", "slug")
indicator_page = link("briefs:indicator-detail", "slug")
bloc_page = link("briefs:bloc-detail", "slug")


def named_ref(name: str, path: str, *, api: str, page: Callable) -> list[Column]:
    """The columns of a NamedRefSerializer: slug, name, html_url, url."""
    slug = f"{path}__slug"
    return [
        column(f"{name}.slug", slug),
        column(f"{name}.name", f"{path}__name"),
        column(f"{name}.html_url", slug, value=page),
        column(f"{name}.url", slug, value=link(api, "slug")),
    ]


def country_ref(name: str = "country") -> list[Column]:
    """The columns of a CountryRefSerializer."""
    return [
        column(f"{name}.iso2"),
        column(f"{name}.iso3"),
        column(f"{name}.slug"),
        column(f"{name}.name"),
        column(f"{name}.url", f"{name}__iso2", value=link("api:country-detail", "code")),
        column(f"{name}.html_url", f"{name}__slug", value=country_page),
    ]


# A CitedSourceSerializer: (field, path from the source, value or None for as read).
SOURCE_FIELDS = [
    ("id", "id", None),
    ("title", "title", None),
    ("document_url", "url", None),
    ("published_on", "published_on", None),
    ("url", "id", link("api:source-detail", "pk")),
    ("html_url", "id", link("briefs:source-detail", "pk")),
    ("publisher", "publisher__name", None),
    ("archived_url", "archived_url", None),
]


def cited_source(name: str = "source") -> list[Column]:
    return [
        column(f"{name}.{field}", f"{name}__{path}", value=value)
        for field, path, value in SOURCE_FIELDS
    ]


def site_licence(name: str = "licence") -> list[Column]:
    """The compilation half of a LicenceSerializer: the same in every row."""
    return [
        Column(f"{name}.compilation", (), lambda links: links.licence.name),
        Column(f"{name}.compilation_url", (), lambda links: links.licence.url),
    ]


def cited(links: Links, title: str, page: str, updated_at, publishers: Iterable) -> str:
    """A row's ``citation``, as CitationField writes it."""
    return citation.Citation(
        title=title,
        url=page,
        year=updated_at.year,
        data_from=tuple(dict.fromkeys(name for name in publishers if name)),
        accessed_on=links.today,
    ).full


class Related:
    """Values of a many-to-many relation per row (a membership's sources), in the order
    the list's prefetch gives them, fetched for a chunk of rows in one query."""

    def __init__(self, name: str, model, through_field: str, target_field: str, paths):
        self.name, self.model = name, model
        self.through = getattr(model, name).through
        self.through_field, self.target_field = through_field, target_field
        self.paths = list(dict.fromkeys(paths))
        target = getattr(model, name).field.related_model
        self.ordering = [
            f"-{target_field}__{order[1:]}" if order.startswith("-") else f"{target_field}__{order}"
            for order in target._meta.ordering
        ]

    def by_row(self, ids: list) -> dict:
        found = {pk: [] for pk in ids}
        rows = (
            self.through.objects.filter(**{f"{self.through_field}__in": ids})
            .order_by(*self.ordering)
            .values_list(self.through_field, *(f"{self.target_field}__{p}" for p in self.paths))
        )
        for pk, *values in rows:
            found[pk].append(dict(zip(self.paths, values, strict=True)))
        return found


def joined(name: str, fields) -> list[Column]:
    """Columns for a list inside a row: each field's values joined by " | "."""

    def joiner(path: str, value: Callable | None) -> Callable:
        def cells(links: Links, items: list[dict]) -> str:
            if value is None:
                return LIST_SEPARATOR.join(cell(item[path]) for item in items)
            return LIST_SEPARATOR.join(cell(value(links, item[path])) for item in items)

        return cells

    return [
        Column(f"{name}.{field}", (name,), joiner(path, value)) for field, path, value in fields
    ]


class CSVTable:
    """One cited table's CSV: its serializer (whose columns it must name, in order), its
    columns, and any many-valued relation read per chunk."""

    def __init__(
        self,
        serializer: type[serializers.Serializer],
        columns: list[Column],
        related: Related | None = None,
    ):
        self.serializer, self.columns, self.related = serializer, columns, related
        self._written = None

    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def cell_makers(self, columns: list[Column], paths: list[str], links: Links) -> list:
        """One function per column, from a row's tuple of values to its cell."""
        if self._written is None:
            self._written = self._writers()
        index = {path: position for position, path in enumerate(paths)}
        makers = []
        for column in columns:
            positions = [index[path] for path in column.paths]
            makers.append(_maker(column, positions, links, self._written.get(column.name)))
        return makers

    def _writers(self) -> dict[str, Callable]:
        """How each plain column's value is written, from the serializer field's class."""
        writers = {}
        for name, field in _leaf_fields(self.serializer()):
            if isinstance(field, serializers.DateTimeField) and _iso_8601(field):
                writers[name] = iso_8601
            elif isinstance(field, serializers.DecimalField | serializers.DateTimeField):
                writers[name] = field.to_representation
            elif isinstance(field, serializers.CharField | serializers.ChoiceField):
                writers[name] = escaped
        return writers

    def validator(self, queryset: QuerySet, request) -> str:
        """A strong ETag for the stream, from what decides its bytes (module docstring)."""
        paths = {path for column in self.columns for path in column.paths}
        if self.related:
            paths.discard(self.related.name)
            paths |= {f"{self.related.name}__{path}" for path in self.related.paths}
        aggregates = {
            f"changed_{number}": Max(path)
            for number, path in enumerate(sorted(_updated_at_paths(queryset.model, paths)))
        }
        aggregates["rows"] = Count("pk", distinct=True)
        if self.related:
            aggregates["links"] = Count(self.related.name)
            aggregates["linked"] = Sum(f"{self.related.name}__id")
        state = queryset.order_by().aggregate(**aggregates)
        parts = [
            CSVRenderer.media_type,
            request.build_absolute_uri(),
            str(timezone.localdate()),
            settings.SITE_NAME,
            settings.SITE_LICENCE_NAME,
            settings.SITE_LICENCE_URL,
            ",".join(self.column_names()),
            *(f"{key}={value}" for key, value in sorted(state.items())),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f'"{digest[:32]}"'

    def response(
        self, queryset: QuerySet, request, *, fields: list[str] | None, filename: str
    ) -> StreamingHttpResponse:
        """The CSV of `queryset` (the list's, filtered and ordered), `fields` its columns
        by top-level name (None: all), streamed."""
        columns = [c for c in self.columns if fields is None or c.name.split(".")[0] in fields]
        queryset = queryset.prefetch_related(None)  # values are read, not instances
        response = StreamingHttpResponse(
            self.body(queryset, columns, Links.of(request)),
            content_type=f"{CSVRenderer.media_type}; charset={CSVRenderer.charset}",
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["ETag"] = self.validator(queryset, request)
        return response

    def body(self, queryset: QuerySet, columns: list[Column], links: Links) -> Iterator[bytes]:
        related = self.related
        wants_related = related is not None and any(related.name in c.paths for c in columns)
        paths = list(dict.fromkeys(path for c in columns for path in c.paths))
        if wants_related:
            paths.remove(related.name)
            paths = ["pk", *paths, related.name]  # the related list is added last
        makers = self.cell_makers(columns, paths, links)
        read = paths[:-1] if wants_related else paths
        rows = queryset.values_list(*read).iterator(chunk_size=CHUNK_SIZE)

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.name for c in columns])
        for chunk in _chunks(rows, CHUNK_SIZE):
            if wants_related:
                found = related.by_row([row[0] for row in chunk])
                chunk = [(*row, found[row[0]]) for row in chunk]
            for start in range(0, len(chunk), ROWS_PER_WRITE):
                writer.writerows(
                    [make(row) for make in makers] for row in chunk[start : start + ROWS_PER_WRITE]
                )
                yield buffer.getvalue().encode(CSVRenderer.charset)
                buffer.seek(0)
                buffer.truncate()
        if buffer.tell():  # the header of an empty table
            yield buffer.getvalue().encode(CSVRenderer.charset)


def _maker(column: Column, positions: list[int], links: Links, writer: Callable | None):
    """A row's cell: the column's value (or the one value read), then its field's rule."""
    value = column.value
    if value is None:
        (position,) = positions
        if writer is None:
            return itemgetter(position)
        return lambda row: None if (found := row[position]) is None else writer(found)
    if len(positions) == 1:
        (position,) = positions
        read = lambda row: value(links, row[position])  # noqa: E731
    else:
        read = lambda row: value(links, *[row[p] for p in positions])  # noqa: E731
    if writer is None:
        return read

    def written(row):
        found = read(row)
        return None if found is None else writer(found)

    return written


def _iso_8601(field: serializers.DateTimeField) -> bool:
    """Whether the field writes ISO 8601 in the current time zone, as ``iso_8601`` does."""
    chosen = getattr(field, "format", serializers.empty)
    if chosen is serializers.empty:
        chosen = api_settings.DATETIME_FORMAT
    return chosen == ISO_8601 and getattr(field, "timezone", None) is None


def iso_8601(value: datetime.datetime) -> str:
    """DRF's DateTimeField output, without its per-value time zone lookups: the current
    time zone, and Z for UTC."""
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _leaf_fields(serializer, prefix: str = "") -> Iterator[tuple[str, serializers.Field]]:
    """(dotted column name, field) for every leaf field, as ``csv_columns`` names them."""
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            yield from _leaf_fields(field, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", field


def _updated_at_paths(model, paths: Iterable[str]) -> set[str]:
    """``updated_at`` of the model and of every related model the paths pass through."""
    found = set()
    for path in paths:
        current, walked = model, []
        for part in ["", *path.split("__")[:-1]]:
            if part:
                field = current._meta.get_field(part)
                if not field.is_relation:
                    break
                current, walked = field.related_model, [*walked, part]
            if any(f.name == "updated_at" for f in current._meta.get_fields()):
                found.add("__".join([*walked, "updated_at"]))
    return found


def check_columns(table: CSVTable) -> None:
    """The table names the serializer's columns, in the serializer's order."""
    expected = csv_columns(table.serializer())
    assert table.column_names() == expected, (table.column_names(), expected)


# The tables. Each column is named as the serializer's field flattens, in the
# serializer's order, so the JSON list and the CSV show one shape (check_columns).


def licence_data(links: Links, licence: str, licence_url: str) -> str:
    return Source.describe_licence(licence, licence_url)


def ranking_citation(
    links, country, rank, out_of, pillar, indicator, year, slug, updated_at, publisher
) -> str:
    edition = IndicatorEdition.describe(indicator=indicator, year=year)
    title = Ranking.describe(
        country=country, rank=rank, out_of=out_of, pillar=pillar, edition=edition
    )
    return escaped(cited(links, title, indicator_page(links, slug), updated_at, [publisher]))


RANKINGS = CSVTable(
    RankingSerializer,
    [
        column("id"),
        *named_ref(
            "indicator", "edition__indicator", api="api:indicator-detail", page=indicator_page
        ),
        column("year", "edition__year"),
        *country_ref(),
        column("rank"),
        column("out_of", "edition__countries_covered"),
        column("score"),
        column("pillar"),
        column("note"),
        *cited_source(),
        column("licence.data", "source__licence", "source__licence_url", value=licence_data),
        column("licence.data_url", "source__licence_url"),
        *site_licence(),
        column(
            "citation",
            "country__name",
            "rank",
            "edition__countries_covered",
            "pillar",
            "edition__indicator__name",
            "edition__year",
            "edition__indicator__slug",
            "updated_at",
            "source__publisher__name",
            value=ranking_citation,
        ),
        column("updated_at"),
        column("url", "id", value=link("api:ranking-detail", "pk")),
        column("html_url", "edition__indicator__slug", value=indicator_page),
    ],
)


def key_figure_citation(
    links, country, organization, country_slug, organization_slug, label, year, kind,
    updated_at, publisher,
) -> str:  # fmt: skip
    title = KeyFigure.describe(subject=country or organization, label=label, year=year, kind=kind)
    page = subject_link(links, country_slug, organization_slug)
    return escaped(cited(links, title, page, updated_at, [publisher]))


KEY_FIGURES = CSVTable(
    KeyFigureSerializer,
    [
        column("id"),
        *country_ref(),
        *named_ref(
            "organization", "organization", api="api:organization-detail", page=organization_page
        ),
        column("label"),
        column("value"),
        column("scale"),
        column("unit"),
        column("currency"),
        column(
            "absolute_value",
            "value",
            "scale",
            value=lambda links, value, scale: KeyFigure.in_units(value, scale),
        ),
        column(
            "value_display",
            "value",
            "scale",
            "unit",
            "currency",
            value=lambda links, *values: display_value(*values),
        ),
        column("usd_value"),
        column("usd_scale"),
        column("year"),
        column("kind"),
        column("locator"),
        column("note"),
        *cited_source(),
        column("licence.data", "source__licence", "source__licence_url", value=licence_data),
        column("licence.data_url", "source__licence_url"),
        *site_licence(),
        column(
            "citation",
            "country__name",
            "organization__name",
            "country__slug",
            "organization__slug",
            "label",
            "year",
            "kind",
            "updated_at",
            "source__publisher__name",
            value=key_figure_citation,
        ),
        column("updated_at"),
        column("url", "id", value=link("api:key-figure-detail", "pk")),
        column("html_url", "country__slug", "organization__slug", value=subject_link),
    ],
)


def membership_citation(links, country, organization, bloc, slug, updated_at, sources) -> str:
    title = Membership.describe(member=country or organization, bloc=bloc)
    publishers = [source["publisher__name"] for source in sources]
    return escaped(cited(links, title, bloc_page(links, slug), updated_at, publishers))


def sources_licence(links: Links, sources: list[dict]) -> str:
    return LIST_SEPARATOR.join(
        Source.describe_licence(source["licence"], source["licence_url"]) for source in sources
    )


def sources_licence_url(links: Links, sources: list[dict]) -> str:
    return LIST_SEPARATOR.join(s["licence_url"] for s in sources if s["licence_url"])


MEMBERSHIPS = CSVTable(
    MembershipSerializer,
    [
        column("id"),
        *named_ref("bloc", "bloc", api="api:bloc-detail", page=bloc_page),
        *country_ref(),
        *named_ref(
            "organization", "organization", api="api:organization-detail", page=organization_page
        ),
        column("role"),
        column("joined_on"),
        column("joined_precision"),
        column("left_on"),
        column("note"),
        *joined("sources", SOURCE_FIELDS),
        column("licence.data", "sources", value=sources_licence),
        column("licence.data_url", "sources", value=sources_licence_url),
        *site_licence(),
        column(
            "citation",
            "country__name",
            "organization__name",
            "bloc__name",
            "bloc__slug",
            "updated_at",
            "sources",
            value=membership_citation,
        ),
        column("updated_at"),
        column("url", "id", value=link("api:membership-detail", "pk")),
        column("html_url", "bloc__slug", value=bloc_page),
    ],
    related=Related(
        "sources",
        Membership,
        "membership",
        "source",
        [path for _, path, _ in SOURCE_FIELDS] + ["licence", "licence_url"],
    ),
)
