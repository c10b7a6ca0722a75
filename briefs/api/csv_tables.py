"""Streamed CSV for the cited tables: rankings, key figures, memberships.

Each table is one declarative list of columns: the CSV header (the dotted name that
``csv_columns`` gives the list serializer's field), the ORM paths the column reads and,
where the cell is not the value as read, a small function from those values to the cell.
A plain value is written by the rule of the serializer field of the same name (a decimal
to its places, a date-time in ISO 8601, text through the formula rule of
``renderers.cell``), so the bytes are those the serializers gave before
(tests/api/test_csv.py compares the two on the same rows). A row's own date-times (its
``updated_at``) differ in every row, so the database writes them as that ISO 8601 text
(``UTCText``) and no date-time is parsed and formatted again per row.

Most of a row's ~36 cells describe a related object (its source, country, edition,
bloc), and a table of 47,000 rows names a few hundred of them. So a table declares those
relations (``Ref``): the rows read only their own values and the related ids with
``values_list``, one side query per relation reads the related objects' values, and
each object's cells are made once per response and joined onto every row that names
it. A membership's sources, several to a row, come per chunk in one query and are
joined the same way, once per distinct list. Only the row's own cells (its id, rank,
score, citation, links by id) are made per row; links are a prefix join, not a
reverse() per row.

A stream has no body to hash for its ETag, so ``validator()`` hashes what decides the
body instead: the request's URL, the day (citations say when they were retrieved), the
row count and the latest ``updated_at`` of every table a column reads (one aggregate
query). The page cache (``briefs.page_cache``) stores no streaming response, so these
downloads are never in it; the 304s this validator gives stand in for it.
"""

import csv
import dataclasses
import datetime
import decimal
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import CharField, Count, DateTimeField, Func, Max, Model, QuerySet, Sum
from django.db.models.sql.constants import MULTI
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from .. import citation
from ..models import (
    Bloc,
    Country,
    IndicatorEdition,
    KeyFigure,
    Membership,
    Organization,
    Ranking,
    Source,
)
from ..models.keyfigure import display_value
from ..paths import KeyedPath
from .renderers import LIST_SEPARATOR, CSVRenderer, cell, csv_columns, escaped
from .serializers.data import KeyFigureSerializer, RankingSerializer
from .serializers.entities import MembershipSerializer

CHUNK_SIZE = 2000  # rows a database round trip fetches and one piece of the body writes


@dataclass(frozen=True, eq=False)
class Links:
    """What a row's cells take from the request: the site's origin, the day, the time
    zone; and the citation texts already made for this response."""

    origin: str  # https://example.org, no trailing slash
    today: datetime.date
    licence: citation.Licence  # the site's, for its compilation
    zone: datetime.tzinfo
    language: str | None  # the rank ordinals' language, looked up once per response
    citations: dict = field(default_factory=dict)

    @property
    def utc(self) -> bool:
        return str(self.zone) == "UTC"

    @classmethod
    def of(cls, request) -> "Links":
        origin = request.build_absolute_uri("/").removesuffix("/")
        return cls(
            origin,
            timezone.localdate(),
            citation.site_licence(),
            timezone.get_current_timezone(),
            get_language(),
        )

    def iso_8601(self, value: datetime.datetime) -> str:
        """DRF's DateTimeField output (ISO 8601 in the current time zone, Z for UTC),
        the zone looked up once per response rather than once per value."""
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


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


@dataclass(frozen=True)
class Ref:
    """A related object (a foreign key `name` to `model`) whose cells are the same in
    every row naming it: read once per response in a side query, made once per id."""

    name: str
    model: type[Model]

    def values(self, queryset: QuerySet, paths: list[str]) -> dict:
        """{id: values at `paths`} for every object the rows of `queryset` name."""
        named = queryset.order_by().values(self.name)
        found = self.model._base_manager.filter(pk__in=named).values_list("pk", *paths)
        return {pk: tuple(values) for pk, *values in found.order_by()}


class Link:
    """A cell holding the absolute URL of `view_name` for the key read (none for none)."""

    def __init__(self, view_name: str, url_kwarg: str):
        self.path = KeyedPath(view_name, url_kwarg)

    def __call__(self, links: Links, key) -> str | None:
        return None if key is None else links.origin + self.path(key)

    def by_id(self, links: Links) -> Callable[[int], str]:
        """The link of an id, a prefix join (ids need no quoting)."""
        prefix, _, suffix = self.path(1).rpartition("/1/")
        prefix, suffix = f"{links.origin}{prefix}/", f"/{suffix}"
        return lambda key: f"{prefix}{key}{suffix}"


def link(view_name: str, url_kwarg: str) -> Link:
    return Link(view_name, url_kwarg)


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


TITLE_MARK = "\x00"  # where a row's title goes in a citation made once per page and year


def cited(
    links: Links, title: str, page: Callable[[], str], page_key, updated_at, publishers: tuple
) -> str:
    """A row's ``citation``, as CitationField writes it. ``Citation.full`` is made once
    per page (`page_key`), year and publishers, around a mark the row's title replaces."""
    key = (page_key, updated_at.year, publishers)
    frame = links.citations.get(key)
    if frame is None:
        frame = links.citations[key] = _citation_frame(links, page(), updated_at.year, publishers)
    if isinstance(frame, citation.Citation):  # the mark is in the page or a publisher
        return escaped(dataclasses.replace(frame, title=title).full)
    return escaped(frame[0] + title + frame[1])


def _citation_frame(links: Links, page: str, year: int, publishers: tuple):
    """(text before the title, text after it), or the Citation if the mark is ambiguous."""
    made = citation.Citation(
        title=TITLE_MARK,
        url=page,
        year=year,
        data_from=tuple(dict.fromkeys(name for name in publishers if name)),
        accessed_on=links.today,
    )
    frame = made.full.split(TITLE_MARK)
    return frame if len(frame) == 2 else made


class Related:
    """Values of a many-to-many relation per row (a membership's sources), in the order
    the list's prefetch gives them, fetched for a chunk of rows in one query. A row
    carries the tuple of its related ids; each distinct tuple's cells are made once."""

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

    def by_row(self, ids: list, items: dict) -> dict:
        """{row id: tuple of related ids}; `items` gains {related id: values dict}."""
        found = {pk: [] for pk in ids}
        rows = (
            self.through.objects.filter(**{f"{self.through_field}__in": ids})
            .order_by(*self.ordering)
            .values_list(
                self.through_field,
                self.target_field,
                *(f"{self.target_field}__{p}" for p in self.paths),
            )
        )
        for pk, target, *values in rows:
            found[pk].append(target)
            if target not in items:
                items[target] = dict(zip(self.paths, values, strict=True))
        return {pk: tuple(targets) for pk, targets in found.items()}


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


class Cells(dict):
    """{key: make(key)}, each made on first use: a related object's values and cells by
    its id, a plain column's cell by the value read."""

    def __init__(self, make: Callable):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        made = self[key] = self.make(key)
        return made


class CSVTable:
    """One cited table's CSV: its serializer (whose columns it must name, in order), its
    columns, the related objects whose cells are made once each (`refs`), and any
    many-valued relation read per chunk."""

    def __init__(
        self,
        serializer: type[serializers.Serializer],
        columns: list[Column],
        refs: Iterable[Ref] = (),
        related: Related | None = None,
    ):
        self.serializer, self.columns, self.related = serializer, columns, related
        self.refs = {ref.name: ref for ref in refs}
        self._written = None

    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def writers(self) -> dict[str, Callable]:
        """{plain column: f(links) -> how its value is written}, from the serializer."""
        if self._written is None:
            self._written = dict(self._writers())
        return self._written

    def _writers(self) -> Iterator[tuple[str, Callable]]:
        for name, found in _leaf_fields(self.serializer()):
            if isinstance(found, serializers.DateTimeField) and _iso_8601(found):
                yield name, lambda links: links.iso_8601
            elif isinstance(found, serializers.DecimalField):
                yield name, _decimal_writer(found)
            elif isinstance(found, serializers.DateTimeField):
                yield name, lambda links, found=found: found.to_representation
            elif isinstance(found, serializers.CharField | serializers.ChoiceField):
                yield name, lambda links: escaped
            elif isinstance(found, serializers.BooleanField):
                yield name, lambda links: cell

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

    def _owner(self, path: str) -> str | None:
        """The ref or related list a path reads through, if any."""
        head = path.split("__", 1)[0]
        if head in self.refs and head != path:
            return head
        if self.related and head == self.related.name:
            return head
        return None

    def body(self, queryset: QuerySet, columns: list[Column], links: Links) -> Iterator[bytes]:
        """The header, then the rows CHUNK_SIZE at a time.

        A row is laid out as one tuple: the values read (own values, then related ids),
        then each related object's values and pieces, looked up by id, then the row's own
        cells and the pieces the same in every row; ``pick`` takes the pieces from it in
        order. A piece is a run of adjacent columns made alike (``_runs``): a related
        object's run is joined once per object, not once per row.
        """
        related = self.related
        writers = self.writers()
        owners = {c.name: {self._owner(p) for p in c.paths} for c in columns}
        used = {owner for found in owners.values() for owner in found} - {None}
        read = list(dict.fromkeys(p for c in columns for p in c.paths if not self._owner(p)))
        read += [name for name in self.refs if name in used and name not in read]
        wants_related = related is not None and related.name in used
        if wants_related:
            read.append("pk")
        position = {path: number for number, path in enumerate(read)}
        width = len(read) + wants_related
        rows, converters = _raw_rows(queryset, read)
        runs = _runs(columns, lambda c: "" if not c.paths else _single(owners[c.name]))

        lookups, made = [], {}  # (position of the key, Cells); {column name: position}
        items = {}  # a related list's items by id, filled per chunk
        for name in [name for name in [*self.refs, related and related.name] if name in used]:
            own = [c for c in columns if owners[c.name] == {name}]
            if name not in self.refs:  # the related list: its items, by the row's ids
                paths = [name]
                key_at = len(read)
                fetched = None
            else:
                prefix = f"{name}__"
                paths = list(
                    dict.fromkeys(
                        p.removeprefix(prefix)
                        for c in columns
                        for p in c.paths
                        if p.startswith(prefix)
                    )
                )
                key_at = position[name]
                fetched = self.refs[name].values(queryset, paths)
            local = {path: number for number, path in enumerate(paths)}
            own_runs = [run for run in runs if run[0] in own]
            makers = [
                [_maker(c, [local[p.removeprefix(f"{name}__")] for p in c.paths], links,
                        writers.get(c.name), [None] * len(c.paths)) for c in run]
                for run in own_runs
            ]  # fmt: skip
            for path in paths:
                position[f"{name}__{path}" if fetched is not None else name] = width + local[path]
            for number, run in enumerate(own_runs):
                made[run[0].name] = width + len(paths) + number
            width += len(paths) + len(own_runs)
            lookups.append((key_at, Cells(_ref_cells(makers, fetched, items, len(paths)))))

        constant_runs = [run for run in runs if not run[0].paths]
        constants = tuple(
            ",".join(_maker(c, [], links, None, [])(()) for c in run) for run in constant_runs
        )
        per_row = [run[0] for run in runs if run[0].paths and run[0].name not in made]
        # A plain column's cell is remembered per distinct value read (a rank, a score, a
        # pillar recurs thousands of times), or is the value read (``_written``); the
        # others are made per row.
        pk = queryset.model._meta.pk.name
        plain = []  # (column, position of its value, its cell from the value)
        for c in [c for c in per_row if c.value is None]:
            at = position[c.paths[0]]
            cell = _written(converters.get(at), links, writers.get(c.name), unique=c.paths[0] == pk)
            if cell is None:
                made[c.name] = at
            else:
                plain.append((c, at, cell))
        others = [c for c in per_row if c.value is not None]
        row_makers = [
            _maker(
                c,
                [position[p] for p in c.paths],
                links,
                writers.get(c.name),
                [converters.get(position[p]) for p in c.paths],
            )
            for c in others
        ]
        for number, c in enumerate([c for c, _, _ in plain] + others):
            made[c.name] = width + number
        width += len(plain) + len(others)
        for number, run in enumerate(constant_runs):
            made[run[0].name] = width + number
        pick = itemgetter(*[made[run[0].name] for run in runs])
        if len(runs) == 1:
            single = pick
            pick = lambda row: (single(row),)  # noqa: E731

        header = io.StringIO()
        csv.writer(header, lineterminator="\r\n").writerow([c.name for c in columns])
        yield header.getvalue().encode(CSVRenderer.charset)
        for chunk in _chunks(rows, CHUNK_SIZE):
            if wants_related:
                found = related.by_row([row[-1] for row in chunk], items)
                chunk = [(*row, found[row[-1]]) for row in chunk]
            lines = []
            for row in chunk:
                for key_at, cells in lookups:
                    row += cells[row[key_at]]
                fields = (
                    *[cell(row[at]) for _, at, cell in plain],
                    *[make(row) for make in row_makers],
                )
                lines.append(",".join(pick(row + fields + constants)) or '""')
            lines.append("")
            yield "\r\n".join(lines).encode(CSVRenderer.charset)


def csv_field(value) -> str:
    """A cell as ``csv.writer`` writes it (excel dialect, QUOTE_MINIMAL) in a row of
    several: quoted if it holds a quote, comma or line break, quotes doubled. Each
    related object's cells are quoted once, so a row is a join of quoted fields; a row
    of one empty field is written ``""``, as csv.writer does (tests/api/test_csv.py
    checks the two agree)."""
    if value is None:
        return ""
    if type(value) is not str:
        value = str(value)
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def _ref_cells(makers: list[list], fetched: dict | None, items: dict, width: int) -> Callable:
    """How a related object's values and pieces (each run's cells joined) are made from
    its key: an id looked up in `fetched`, or (a related list) a tuple of ids whose
    items are in `items`."""

    def make(key) -> tuple:
        if fetched is None:
            values = ([items[target] for target in key],)
        else:
            values = fetched.get(key) or (None,) * width
        return values + tuple([",".join([cell_of(values) for cell_of in run]) for run in makers])

    return make


def _runs(columns: list[Column], source: Callable) -> list[list[Column]]:
    """The columns in runs of neighbours with the same `source` (a related object's name,
    "" for the same in every row); a column with none (None: made per row) runs alone."""
    runs = []
    for column in columns:
        if runs and source(column) is not None and source(column) == source(runs[-1][0]):
            runs[-1].append(column)
        else:
            runs.append([column])
    return runs


def _single(owners: set):
    """The one related object (or list) a column reads all its values through, if any."""
    return next(iter(owners)) if len(owners) == 1 else None


def _maker(
    column: Column, positions: list[int], links: Links, writer: Callable | None,
    converters: list[Callable | None],
) -> Callable:  # fmt: skip
    """A row's field (quoted) from the column's value of the values read (converted as
    the ORM would), then its serializer field's rule."""
    value = column.value
    write = writer(links) if writer else None
    if value is None:
        (position,) = positions
        (convert,) = converters
        cell = _written(convert, links, writer)  # not the value: a ref's, no UTCText
        return lambda row: cell(row[position])
    if isinstance(value, Link) and value.path.url_kwarg == "pk" and write is None:
        (position,) = positions  # an id: no converter, no quoting
        by_id = value.by_id(links)
        return lambda row: "" if (key := row[position]) is None else by_id(key)
    if not positions:  # the same in every row
        read = lambda row: value(links)  # noqa: E731
    elif len(positions) == 1:
        (position,), (convert,) = positions, converters
        get = itemgetter(position) if convert is None else lambda row: convert(row[position])
        read = lambda row: value(links, get(row))  # noqa: E731
    else:
        pick = itemgetter(*positions)
        converting = [(number, convert) for number, convert in enumerate(converters) if convert]

        def read(row):
            values = list(pick(row))
            for number, convert in converting:
                values[number] = convert(values[number])
            return value(links, *values)

    if write is None:
        return lambda row: csv_field(read(row))

    def written(row):
        found = read(row)
        return "" if found is None else csv_field(write(found))

    return written


def _written(
    convert: Callable | None, links: Links, writer: Callable | None, *, unique: bool = False
) -> Callable | None:
    """A plain column's cell (its field, quoted) from its value as the database gives
    it, converted as the ORM would, written by the serializer field's rule; remembered
    per value unless each row's is `unique` (its id). None if the value is the cell:
    a date-time's ``UTCText`` while the response's zone is UTC."""
    write = writer(links) if writer else None
    if convert is UTCText.value and write == links.iso_8601 and links.utc:
        return None

    def make(raw) -> str:
        found = raw if convert is None or raw is None else convert(raw)
        if found is None:
            return ""
        return csv_field(found if write is None else write(found))

    return make if unique else Cells(make).__getitem__


def _raw_rows(queryset: QuerySet, read: list[str]) -> tuple[Iterator[tuple], dict]:
    """The rows of ``values_list(*read)`` as the database gives them, and {position: a
    function converting a value as the ORM would}: the ORM converts every value of every
    row (on SQLite, each date-time and decimal), the stream once per distinct value.

    A date-time of the row's own is read as its UTC text (``UTCText``), its cell as it
    comes; its converter makes the value the ORM would give from that text."""
    connection = connections[queryset.db]
    as_text = {
        path: UTCText(path)
        for path in read
        if UTCText.reads(connection) and _is_date_time(queryset.model, path)
    }
    compiler = queryset.values_list(*[as_text.get(p, p) for p in read]).query.get_compiler(
        queryset.db
    )
    chunked = not compiler.connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    results = compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=CHUNK_SIZE)
    fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
    converters = {
        position: _converter(functions, expression, compiler.connection)
        for position, (functions, expression) in compiler.get_converters(fields).items()
    }
    converters |= {read.index(path): UTCText.value for path in as_text}
    return chain.from_iterable(results), converters


class UTCText(Func):
    """A date-time as DRF writes it in UTC (ISO 8601, "Z" for +00:00, no fraction when
    its microseconds are 0; "" for none), made by the database: no date-time is made
    per row, and the text is the cell while the response's time zone is UTC."""

    output_field = CharField()
    FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS'

    @staticmethod
    def reads(connection) -> bool:
        """Whether the text is made here: SQLite stores Django's date-times as the str()
        of their value in the connection's zone, which must then be UTC."""
        if not settings.USE_TZ:
            return False
        if connection.vendor == "sqlite":
            return str(connection.timezone) == "UTC"
        return connection.vendor == "postgresql"

    @staticmethod
    def value(text: str) -> datetime.datetime | None:
        """The aware date-time the ORM reads (the same instant, in UTC)."""
        return datetime.datetime.fromisoformat(text) if text else None

    def as_sqlite(self, compiler, connection, **extra):
        template = "COALESCE(REPLACE(%(expressions)s, ' ', 'T') || 'Z', '')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        at = "%(expressions)s"
        template = (
            f"COALESCE(TO_CHAR({at} AT TIME ZONE 'UTC', CASE WHEN DATE_TRUNC('second', {at}) "
            f"= {at} THEN '{self.FORMAT}\"Z\"' ELSE '{self.FORMAT}.US\"Z\"' END), '')"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def _is_date_time(model, path: str) -> bool:
    """Whether `path` names a date-time field of `model` itself."""
    try:
        found = model._meta.get_field(path)
    except FieldDoesNotExist:
        return False
    return isinstance(found, DateTimeField)


def _converter(functions: list, expression, connection) -> Callable:
    def convert(value):
        for function in functions:
            value = function(value, expression, connection)
        return value

    return convert


def _decimal_writer(found: serializers.DecimalField) -> Callable:
    """DRF's DecimalField output: quantized to its places and written without exponent,
    the quantum and context made once per response rather than once per value."""
    coerce = getattr(found, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if not coerce or found.localize or found.normalize_output or found.decimal_places is None:
        return lambda links: found.to_representation

    def writer(links: Links) -> Callable:
        quantum = decimal.Decimal(".1") ** found.decimal_places
        context = decimal.getcontext().copy()
        if found.max_digits is not None:
            context.prec = found.max_digits
        rounding = found.rounding
        return lambda value: format(value.quantize(quantum, rounding, context), "f")

    return writer


def _iso_8601(found: serializers.DateTimeField) -> bool:
    """Whether the field writes ISO 8601 in the current time zone, as ``Links.iso_8601``
    does."""
    chosen = getattr(found, "format", serializers.empty)
    if chosen is serializers.empty:
        chosen = api_settings.DATETIME_FORMAT
    return chosen == ISO_8601 and getattr(found, "timezone", None) is None


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _leaf_fields(serializer, prefix: str = "") -> Iterator[tuple[str, serializers.Field]]:
    """(dotted column name, field) for every leaf field, as ``csv_columns`` names them."""
    for name, found in serializer.fields.items():
        if isinstance(found, serializers.ListSerializer):
            found = found.child
        if isinstance(found, serializers.Serializer):
            yield from _leaf_fields(found, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", found


def _updated_at_paths(model, paths: Iterable[str]) -> set[str]:
    """``updated_at`` of the model and of every related model the paths pass through."""
    found = set()
    for path in paths:
        current, walked = model, []
        for part in ["", *path.split("__")[:-1]]:
            if part:
                relation = current._meta.get_field(part)
                if not relation.is_relation:
                    break
                current, walked = relation.related_model, [*walked, part]
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
        country=country,
        rank=rank,
        out_of=out_of,
        pillar=pillar,
        edition=edition,
        language=links.language,
    )
    page = lambda: indicator_page(links, slug)  # noqa: E731
    return cited(links, title, page, ("indicator", slug), updated_at, (publisher,))


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
    refs=[Ref("edition", IndicatorEdition), Ref("country", Country), Ref("source", Source)],
)


def key_figure_citation(
    links, country, organization, country_slug, organization_slug, label, year, kind,
    updated_at, publisher,
) -> str:  # fmt: skip
    title = KeyFigure.describe(subject=country or organization, label=label, year=year, kind=kind)
    page = lambda: subject_link(links, country_slug, organization_slug)  # noqa: E731
    key = ("subject", country_slug, organization_slug)
    return cited(links, title, page, key, updated_at, (publisher,))


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
    refs=[Ref("country", Country), Ref("organization", Organization), Ref("source", Source)],
)


def membership_citation(links, country, organization, bloc, slug, updated_at, sources) -> str:
    title = Membership.describe(member=country or organization, bloc=bloc)
    publishers = tuple(source["publisher__name"] for source in sources)
    page = lambda: bloc_page(links, slug)  # noqa: E731
    return cited(links, title, page, ("bloc", slug), updated_at, publishers)


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
    refs=[Ref("bloc", Bloc), Ref("country", Country), Ref("organization", Organization)],
    related=Related(
        "sources",
        Membership,
        "membership",
        "source",
        [path for _, path, _ in SOURCE_FIELDS] + ["licence", "licence_url"],
    ),
)
