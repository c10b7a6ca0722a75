"""Site search over briefs and the knowledge base.

On PostgreSQL, each searched table stores a weighted full-text vector in a
generated column, ``search_vector``, with a GIN index on it (the "simple"
configuration: no stemming, so Russian, English and names all behave alike),
and every word typed matches as a prefix: "sanction" finds "sanctions", "гига"
finds "ГигаЧат". The database keeps the column current on every write, so
matching and ranking never re-parse the text, whichever plan PostgreSQL picks.
The column exists only on PostgreSQL (migration 0004), not in the models.

On SQLite, which has no full-text vector in Django, a fallback gives the same
answers for the same words: each word must appear, case-folded (Cyrillic
included), in one of the fields, and the weights rank the hits.

Countries, blocs, organizations and AI models are also found by their aliases
("Сбербанк", "Sber", "ГигаЧат"): an entity matches when one of its aliases holds
every word, and such a match ranks as a name does.

Either way the work is bounded: only the newest ``COUNT_CAP + 1`` matches
(briefs.paging) are ranked, so a word in a third of 100,000 titles costs what it
costs in a third of 1,000.

Any string is a valid query: markup, punctuation, Cyrillic, control
characters and very long input are cleaned, never passed on raw.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    Func,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.db.models.sql import Query

from . import paging
from .models import AIModel, Alias, Bloc, Brief, Country, Event, Organization

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
CASEFOLD_FUNCTION = "briefs_casefold"
VECTOR_COLUMN = "search_vector"

# Field weights per searched model: A counts most, C least (PostgreSQL's letters).
SEARCH_FIELDS: dict[type[Model], dict[str, str]] = {
    Brief: {"title": "A", "summary": "B", "body": "C"},
    Country: {"name": "A", "iso2": "A", "iso3": "A", "official_name": "B"},
    Organization: {"name": "A", "description": "C"},
    AIModel: {"name": "A", "description": "C"},
    Bloc: {"name": "A", "short_name": "A", "description": "C"},
    Event: {"title": "A", "summary": "C"},
}
_FALLBACK_WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    summary: str
    score: float
    obj: Model


def clean_query(raw: str | None) -> str:
    """The query as searched: normalized, control characters dropped, whitespace
    collapsed, at most MAX_QUERY_LENGTH characters. "" means nothing to search."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_terms(query: str) -> list[str]:
    """The words of a query, case-folded; punctuation and markup are separators."""
    return _WORD.findall(clean_query(query).casefold())[:MAX_TERMS]


def search_vector(model: type[Model]) -> SearchVector:
    """The weighted vector a model is searched on: the generated column's expression."""
    vectors = [
        SearchVector(field, weight=weight, config="simple")
        for field, weight in SEARCH_FIELDS[model].items()
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def search_vector_sql(model: type[Model], schema_editor) -> str:
    """`search_vector(model)` as SQL on the model's own columns, for the generated column."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(search_vector(model).resolve_expression(query))
    return sql % tuple(schema_editor.quote_value(param) for param in params)


class StoredVector(Expression):
    """The generated ``search_vector`` column of the query's own table (PostgreSQL only).

    Compiled against the table's alias in the query at hand, so inside a subquery
    (Django renames the table there) it still reads the subquery's own row.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name(VECTOR_COLUMN)}", []


def search_briefs(query: str, briefs: QuerySet[Brief] | None = None) -> QuerySet[Brief]:
    """Briefs from `briefs` (default: the published ones) matching `query`, best first."""
    if briefs is None:
        briefs = Brief.objects.published()
    return _ranked(briefs, query).order_by("-search_rank", "-publish_at", "pk")


def search_site(query: str, *, limit: int = 50) -> list[SearchHit]:
    """The best hits across published briefs and the knowledge base, best first."""
    if not search_terms(query):
        return []
    sources = [
        ("brief", search_briefs(query), lambda b: (b.title, b.summary)),
        ("country", _ranked(Country.objects.all(), query), _country_line),
        ("organization", _ranked(Organization.objects.all(), query), _described("name")),
        ("aimodel", _ranked(AIModel.objects.all(), query), _described("name")),
        ("bloc", _ranked(Bloc.objects.all(), query), _described("name")),
        ("event", _ranked(Event.objects.all(), query), lambda e: (e.title, e.occurred_display)),
    ]
    hits = []
    for kind, queryset, describe in sources:
        for obj in queryset.order_by("-search_rank", "pk")[:limit]:
            title, summary = describe(obj)
            hits.append(
                SearchHit(
                    kind=kind,
                    title=title,
                    url=obj.get_absolute_url(),
                    summary=summary,
                    score=float(obj.search_rank),
                    obj=obj,
                )
            )
    hits.sort(key=lambda hit: -hit.score)
    return hits[:limit]


def _country_line(country: Country) -> tuple[str, str]:
    region = ", ".join(part for part in (country.sub_region, country.region) if part)
    return country.name, " · ".join(part for part in (country.iso2, region) if part)


def _described(title_field: str):
    def describe(obj) -> tuple[str, str]:
        description = obj.description or ""
        first_line = description.split("\n", 1)[0]
        return getattr(obj, title_field), first_line[:200]

    return describe


def _ranked(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to its best candidates for `query`, annotated with `search_rank`.

    The candidates are the rows matching every word, newest first, at most one more
    than the count cap (briefs.paging): ranking every match of a common word costs as
    much as the archive is large, ranking a bounded set does not. The results are the
    best among those candidates, and counting them reads "more than the cap" when the
    set is full.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).none()
    if connection.vendor == "postgresql":
        queryset, matches, rank = _postgresql_match(queryset, terms)
    else:
        queryset, matches, rank = _fallback_match(queryset, terms)
    candidates = _in_candidate_order(queryset.filter(matches)).values("pk")[: paging.COUNT_CAP + 1]
    return queryset.filter(pk__in=candidates).annotate(search_rank=rank)


def _in_candidate_order(queryset: QuerySet) -> QuerySet:
    """Briefs newest first, other rows latest added first: orders an index serves, so
    the database stops reading once it has the candidates."""
    if hasattr(queryset, "newest_first"):
        return queryset.newest_first()
    return queryset.order_by("-pk")


def _postgresql_match(queryset: QuerySet, terms: list[str]) -> tuple[QuerySet, Q, Expression]:
    # Terms hold letters and digits only, so the raw tsquery cannot be malformed.
    tsquery = SearchQuery(
        " & ".join(f"{term}:*" for term in terms), search_type="raw", config="simple"
    )
    vector = StoredVector()
    matches = Q(search_document=tsquery)
    rank = SearchRank(vector, tsquery)
    alias_match = _alias_match(queryset.model, terms)
    if alias_match is not None:
        matches |= alias_match
        rank = rank + _alias_rank(alias_match)
    return queryset.alias(search_document=vector), matches, rank


def _alias_match(model: type[Model], terms: list[str]) -> Q | None:
    """Rows with an alias holding every word, or None if the model has no aliases."""
    if not hasattr(model, "aliases"):
        return None
    folded = Lower("name") if connection.vendor == "postgresql" else _Casefold("name")
    aliases = Alias.objects.annotate(_folded=folded).filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        **{"_folded__contains": terms[0]},
    )
    for term in terms[1:]:
        aliases = aliases.filter(_folded__contains=term)
    return Q(pk__in=aliases.values("object_id"))


def _alias_rank(alias_match: Q) -> Case:
    return Case(
        When(alias_match, then=Value(_FALLBACK_WEIGHTS["A"])),
        default=Value(0.0),
        output_field=FloatField(),
    )


class _Casefold(Func):
    """Unicode case folding in SQLite, whose own lower() only knows ASCII."""

    function = CASEFOLD_FUNCTION
    output_field = TextField()


def _fallback_match(queryset: QuerySet, terms: list[str]) -> tuple[QuerySet, Q, Expression]:
    weights = SEARCH_FIELDS[queryset.model]
    folded = {
        f"_folded_{field}": _Casefold(Coalesce(F(field), Value(""), output_field=TextField()))
        for field in weights
    }
    queryset = queryset.annotate(**folded)
    match_all = Q()
    score = Value(0.0, output_field=FloatField())
    for term in terms:
        match_term = Q()
        for field, weight in weights.items():
            in_field = Q(**{f"_folded_{field}__contains": term})
            match_term |= in_field
            score = score + Case(
                When(in_field, then=Value(_FALLBACK_WEIGHTS[weight])),
                default=Value(0.0),
                output_field=FloatField(),
            )
        match_all &= match_term
    alias_match = _alias_match(queryset.model, terms)
    if alias_match is not None:
        match_all |= alias_match
        score = score + _alias_rank(alias_match)
    return queryset, match_all, score


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the case-folding function the fallback needs."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            CASEFOLD_FUNCTION,
            1,
            lambda value: value.casefold() if isinstance(value, str) else value,
            deterministic=True,
        )
