"""What each kind of file holds and how its rows become records, under every model rule.

A resource per kind (rankings of an edition, key figures, memberships, AI models,
organizations, sources, events). Each row is matched to an existing record by its
natural key (a ranking by country and pillar within the edition, an organization by
slug...), set from the file's columns, then checked with ``full_clean()`` as the
admin form checks it. Lookups and the existing records are read once per import
(``widgets``), and rankings are written in batches, so the number of queries does
not grow with the number of rows.

The same resources export every changelist, with the same columns, so a file
exported, edited in a spreadsheet and imported again changes exactly the edited rows.
"""

import copy
import json

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from import_export import fields, resources
from import_export.results import RowResult

from ..models import (
    AIModel,
    Bloc,
    Event,
    ImportBatch,
    IndicatorEdition,
    KeyFigure,
    Membership,
    Organization,
    Person,
    Ranking,
    Source,
)
from . import batches, widgets
from .files import ImportFileError, check_cells


def snapshot(obj) -> dict:
    """The object's field values (many-to-many included) as JSON-safe data."""
    data = serializers.serialize("json", [obj], cls=DjangoJSONEncoder)
    return json.loads(data)[0]["fields"]


class ChangeDiff(resources.Diff):
    """The preview's cells: a changed value as "old → new", others as they are."""

    def as_html(self):
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old, new = str(old if old is not None else ""), str(new if new is not None else "")
            if self.new or old == new:
                cells.append(new)
            else:
                cells.append(
                    format_html("<del>{}</del> → <ins>{}</ins>", old or "(blank)", new or "(blank)")
                )
        return cells


def copied_shallowly(instance):
    """Make import-export's ``deepcopy`` of a row's record (the "before" its diff and skip
    check compare with) a shallow copy: the related objects it holds (the edition, its
    indicator, the country...) are shared and never edited, and copying them deeply for
    every row was most of the time an import of thousands of rows took."""
    instance.__deepcopy__ = lambda memo: copy.copy(instance)
    return instance


def lookup(model, *keys) -> widgets.LookupWidget:
    return widgets.LookupWidget(model, keys)


def column(attribute, widget=None, **options) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=widget, **options)


class KnowledgeResource(resources.ModelResource):
    """What every kind shares: header checks, natural keys, full model rules, tracking.

    A subclass sets ``kind``, ``required_columns``, ``natural_key(obj)`` and
    ``row_key(row)`` (the same key read from a file's row, or None when it cannot
    be read: the row then fails on that column with the reason).
    """

    kind = ""
    required_columns: tuple[str, ...] = ()
    # Check unique constraints against the database row by row (small files), or only
    # within the file and the records read up front (rankings: thousands of rows).
    validate_in_database = True

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        store_instance = True
        use_transactions = True
        skip_html_diff = False

    def get_diff_class(self):
        return ChangeDiff

    def get_bulk_update_fields(self):
        """Model field names (import-export would give the resource's field names)."""
        keys = set(self.get_import_id_fields())
        return [
            field.attribute
            for name, field in self.fields.items()
            if name not in keys and field.attribute and not field.readonly
        ] + ["updated_at"]

    def __init__(self, *, edition=None, source=None, **kwargs):
        super().__init__(**kwargs)
        self.edition = edition
        self.source = source
        self.existing: dict = {}
        self.keys_seen: dict = {}
        self.before: dict[int, dict] = {}
        self.touched: list[tuple] = []  # (instance, created, before)
        self.line = 0
        self.on_row = None  # called after each row: the command's progress bar

    # Keys.

    def natural_key(self, obj) -> tuple:
        raise NotImplementedError

    def row_key(self, row) -> tuple | None:
        raise NotImplementedError

    def existing_queryset(self):
        return self.get_queryset()

    def clean_cell(self, name: str, row):
        """A cell's value as its column's widget reads it, or None if it cannot be read."""
        if name not in row:
            return None
        try:
            return self.fields[name].clean(row)
        except (ValueError, ValidationError):
            return None

    # Whole-file checks, before any row.

    def known_columns(self) -> set[str]:
        return {field.column_name for field in self.get_import_fields()}

    def check_headers(self, headers) -> None:
        known = self.known_columns()
        unknown = [header for header in headers if header not in known]
        if unknown:
            raise ImportFileError(
                f"Unknown column{'s' if len(unknown) > 1 else ''}: "
                f"{', '.join(repr(name) for name in unknown)}. "
                f"The columns this import reads are: {', '.join(self.column_order())}."
            )
        repeated = sorted({header for header in headers if list(headers).count(header) > 1})
        if repeated:
            raise ImportFileError(f"The header names {repeated[0]!r} twice.")
        missing = [name for name in self.required_columns if name not in headers]
        if missing:
            raise ImportFileError(
                f"The header lacks the required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(name) for name in missing)}."
            )

    def column_order(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        try:
            self.check_headers(dataset.headers)
            check_cells(dataset)
        except ImportFileError as error:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.append_base_error(self.get_error_result_class()(error))
            return result
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        if dry_run:
            return super().import_data(dataset, dry_run=True, raise_errors=raise_errors, **kwargs)
        return batches.import_as_batch(
            self,
            lambda: super(KnowledgeResource, self).import_data(
                dataset, dry_run=False, raise_errors=raise_errors, **kwargs
            ),
            file_name=kwargs.get("file_name") or "",
            user=kwargs.get("user"),
        )

    def before_import(self, dataset, **kwargs):
        self.existing = {self.natural_key(obj): obj for obj in self.existing_queryset()}

    # Rows.

    def before_import_row(self, row, **kwargs):
        self.line = kwargs.get("row_number", 0) + 1  # the header is the sheet's row 1

    def get_instance(self, instance_loader, row):
        key = self.row_key(row)
        instance = self.existing.get(key) if key is not None else None
        return copied_shallowly(instance) if instance is not None else None

    def init_instance(self, row=None):
        return copied_shallowly(self.new_instance())

    def new_instance(self):
        return self._meta.model()

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self.before[id(instance)] = snapshot(instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *self.trusted_fields()],
                validate_unique=self.validate_in_database,
                validate_constraints=self.validate_in_database,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        key = self.natural_key(instance)
        if not errors:
            if key in self.keys_seen:
                errors.setdefault(self.key_column, []).append(
                    ValidationError(
                        f"Row {self.keys_seen[key]} already gives this {self.key_description}."
                    )
                )
            else:
                self.keys_seen[key] = self.line
        if errors:
            raise ValidationError(errors)

    key_column = ""
    key_description = "record"

    def trusted_fields(self) -> list[str]:
        """Foreign keys set from objects read from the database: no need to look them up again."""
        return []

    def before_save_instance(self, instance, row, **kwargs):
        # bulk_update() skips auto_now: the record still says when it last changed.
        if instance.pk is not None and hasattr(instance, "updated_at"):
            instance.updated_at = timezone.now()

    def after_import_row(self, row, row_result, **kwargs):
        instance = row_result.instance
        if row_result.import_type == RowResult.IMPORT_TYPE_NEW:
            self.touched.append((instance, True, None))
        elif row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
            self.touched.append((instance, False, self.before.get(id(instance))))
        self.before.pop(id(instance), None)
        if self.on_row is not None:
            self.on_row()


class RankingResource(KnowledgeResource):
    """Ranks of one edition: the edition and the default source are chosen for the file."""

    kind = ImportBatch.Kind.RANKINGS
    required_columns = ("country", "rank")
    validate_in_database = False
    key_column = "country"
    key_description = "country's rank for this pillar"

    edition = None  # set per import
    edition_column = fields.Field(
        attribute="edition", column_name="edition", widget=widgets.widgets.Widget()
    )
    country = column("country", widgets.CountryWidget())
    rank = column("rank", widgets.IntegerWidget())
    score = column("score", widgets.DecimalWidget())
    pillar = column("pillar", widgets.widgets.CharWidget())
    source = column("source", lookup(Source, "url"))
    note = column("note", widgets.widgets.CharWidget())

    class Meta(KnowledgeResource.Meta):
        model = Ranking
        fields = ("edition_column", "country", "rank", "score", "pillar", "source", "note")
        import_id_fields = ("country",)
        use_bulk = True
        batch_size = 1000

    def get_queryset(self):
        rankings = Ranking.objects.select_related(
            "edition__indicator", "country", "source"
        ).order_by("edition__indicator__name", "-edition__year", "pillar", "rank")
        return rankings.filter(edition=self.edition) if self.edition else rankings

    def natural_key(self, obj) -> tuple:
        return (obj.country_id, obj.pillar or "")

    def row_key(self, row):
        country = self.clean_cell("country", row)
        return (country.pk, (row.get("pillar") or "").strip()) if country else None

    def trusted_fields(self) -> list[str]:
        return ["edition", "country", "source"]

    def new_instance(self):
        return Ranking(edition=self.edition, source=self.source)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "edition":
            named = str(row.get("edition") or "").strip()
            if named and named != str(self.edition):
                raise ValueError(
                    f"This row is for {named!r}, but the file is imported into {self.edition}."
                )
            return
        if field.column_name == "source" and not str(row.get("source") or "").strip():
            return  # the source chosen for the whole file
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.source_id is None and "source" not in errors:
            errors["source"] = [
                ValidationError("Every rank needs a source: choose one for the file or a row.")
            ]
        super().validate_instance(instance, errors, validate_unique)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        if self.edition is None:
            result = self.get_result_class()()
            result.append_base_error(
                self.get_error_result_class()(
                    ImportFileError("Choose the edition these ranks belong to.")
                )
            )
            return result
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)


class KeyFigureResource(KnowledgeResource):
    kind = ImportBatch.Kind.KEY_FIGURES
    required_columns = ("label", "value", "unit", "year")
    key_column = "label"
    key_description = "figure (subject, label, year and kind)"

    country = column("country", widgets.CountryWidget())
    organization = column("organization", lookup(Organization, "slug", "name"))
    label = column("label", widgets.widgets.CharWidget())
    value = column("value", widgets.DecimalWidget())
    scale = column("scale", widgets.widgets.CharWidget())
    unit = column("unit", widgets.widgets.CharWidget())
    currency = column("currency", widgets.widgets.CharWidget())
    usd_value = column("usd_value", widgets.DecimalWidget())
    usd_scale = column("usd_scale", widgets.widgets.CharWidget())
    year = column("year", widgets.IntegerWidget())
    kind_column = fields.Field(
        attribute="kind", column_name="kind", widget=widgets.widgets.CharWidget()
    )
    source = column("source", lookup(Source, "url"))
    locator = column("locator", widgets.widgets.CharWidget())
    note = column("note", widgets.widgets.CharWidget())

    class Meta(KnowledgeResource.Meta):
        model = KeyFigure
        fields = (
            "country", "organization", "label", "value", "scale", "unit", "currency",
            "usd_value", "usd_scale", "year", "kind_column", "source", "locator", "note",
        )  # fmt: skip
        import_id_fields = ("label",)

    def get_queryset(self):
        return KeyFigure.objects.select_related("country", "organization", "source")

    def natural_key(self, obj) -> tuple:
        return (obj.country_id, obj.organization_id, obj.label, obj.year, obj.kind)

    def row_key(self, row):
        country = self.clean_cell("country", row)
        organization = self.clean_cell("organization", row)
        year = self.clean_cell("year", row)
        kind = (row.get("kind") or KeyFigure.Kind.ACTUAL).strip()
        return (
            country.pk if country else None,
            organization.pk if organization else None,
            (row.get("label") or "").strip(),
            year,
            kind,
        )

    def new_instance(self):
        return KeyFigure(source=self.source)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "source" and not str(row.get("source") or "").strip():
            return
        if field.column_name in ("scale", "usd_scale", "kind") and not row.get(field.column_name):
            return  # the model's default
        super().import_field(field, instance, row, is_m2m, **kwargs)


class MembershipResource(KnowledgeResource):
    kind = ImportBatch.Kind.MEMBERSHIPS
    required_columns = ("bloc",)
    key_column = "bloc"
    key_description = "membership (bloc, member and joining date)"

    bloc = column("bloc", lookup(Bloc, "slug", "name", "short_name"))
    country = column("country", widgets.CountryWidget())
    organization = column("organization", lookup(Organization, "slug", "name"))
    role = column("role", widgets.widgets.CharWidget())
    joined_on = column("joined_on", widgets.DateWidget())
    joined_precision = column("joined_precision", widgets.widgets.CharWidget())
    left_on = column("left_on", widgets.DateWidget())
    note = column("note", widgets.widgets.CharWidget())
    sources = column("sources", widgets.ManyLookupWidget(lookup(Source, "url")))

    class Meta(KnowledgeResource.Meta):
        model = Membership
        fields = (
            "bloc", "country", "organization", "role", "joined_on", "joined_precision",
            "left_on", "note", "sources",
        )  # fmt: skip
        import_id_fields = ("bloc",)

    def get_queryset(self):
        return Membership.objects.select_related(
            "bloc", "country", "organization"
        ).prefetch_related("sources")

    def natural_key(self, obj) -> tuple:
        return (obj.bloc_id, obj.country_id, obj.organization_id, obj.joined_on)

    def row_key(self, row):
        bloc = self.clean_cell("bloc", row)
        country = self.clean_cell("country", row)
        organization = self.clean_cell("organization", row)
        if bloc is None:
            return None
        return (
            bloc.pk,
            country.pk if country else None,
            organization.pk if organization else None,
            self.clean_cell("joined_on", row),
        )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in ("role", "joined_precision") and not row.get(field.column_name):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)


class SluggedResource(KnowledgeResource):
    """Records found by slug; a blank slug is made from the name."""

    name_column = "name"
    key_column = "slug"
    key_description = "slug"

    def natural_key(self, obj) -> tuple:
        return (obj.slug,)

    def row_key(self, row):
        slug = str(row.get("slug") or "").strip() or slugify(row.get(self.name_column) or "")
        return (slug,) if slug else None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.slug:
            instance.slug = slugify(getattr(instance, self.name_column) or "")[:200]


class OrganizationResource(SluggedResource):
    kind = ImportBatch.Kind.ORGANIZATIONS
    required_columns = ("name", "kind")

    name = column("name", widgets.widgets.CharWidget())
    slug = column("slug", widgets.widgets.CharWidget())
    kind_column = fields.Field(
        attribute="kind", column_name="kind", widget=widgets.widgets.CharWidget()
    )
    country = column("country", widgets.CountryWidget())
    parent = column("parent", lookup(Organization, "slug", "name"))
    website = column("website", widgets.widgets.CharWidget())
    description = column("description", widgets.widgets.CharWidget())
    wikidata_id = column("wikidata_id", widgets.widgets.CharWidget())

    class Meta(KnowledgeResource.Meta):
        model = Organization
        fields = (
            "name", "slug", "kind_column", "country", "parent", "website", "description",
            "wikidata_id",
        )  # fmt: skip
        import_id_fields = ("name",)

    def get_queryset(self):
        return Organization.objects.select_related("country", "parent")

    def after_save_instance(self, instance, row, **kwargs):
        self.fields["parent"].widget.remember(instance)


class AIModelResource(SluggedResource):
    kind = ImportBatch.Kind.AI_MODELS
    required_columns = ("name", "developers")

    name = column("name", widgets.widgets.CharWidget())
    slug = column("slug", widgets.widgets.CharWidget())
    developers = column(
        "developers", widgets.ManyLookupWidget(lookup(Organization, "slug", "name"))
    )
    country = column("country", widgets.CountryWidget())
    released_on = column("released_on", widgets.DateWidget())
    release_precision = column("release_precision", widgets.widgets.CharWidget())
    modality = column("modality", widgets.widgets.CharWidget())
    access = column("access", widgets.widgets.CharWidget())
    parameters = column("parameters", widgets.IntegerWidget())
    base_model = column("base_model", lookup(AIModel, "slug", "name"))
    description = column("description", widgets.widgets.CharWidget())
    website = column("website", widgets.widgets.CharWidget())
    wikidata_id = column("wikidata_id", widgets.widgets.CharWidget())
    sources = column("sources", widgets.ManyLookupWidget(lookup(Source, "url")))

    class Meta(KnowledgeResource.Meta):
        model = AIModel
        fields = (
            "name", "slug", "developers", "country", "released_on", "release_precision",
            "modality", "access", "parameters", "base_model", "description", "website",
            "wikidata_id", "sources",
        )  # fmt: skip
        import_id_fields = ("name",)

    def get_queryset(self):
        return AIModel.objects.select_related("country", "base_model").prefetch_related(
            "developers", "sources"
        )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in ("release_precision", "modality") and not row.get(
            field.column_name
        ):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        developers = getattr(self, "_developers", None)
        if developers == [] and "developers" not in errors:
            errors["developers"] = [ValidationError("Name at least one developer.")]
        super().validate_instance(instance, errors, validate_unique)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        try:
            self._developers = self.fields["developers"].clean(row)
        except ValueError:
            self._developers = None


class SourceResource(KnowledgeResource):
    kind = ImportBatch.Kind.SOURCES
    required_columns = ("url", "title")
    key_column = "url"
    key_description = "URL"

    url = column("url", widgets.widgets.CharWidget())
    title = column("title", widgets.widgets.CharWidget())
    kind_column = fields.Field(
        attribute="kind", column_name="kind", widget=widgets.widgets.CharWidget()
    )
    publisher = column("publisher", lookup(Organization, "slug", "name"))
    author = column("author", widgets.widgets.CharWidget())
    published_on = column("published_on", widgets.DateWidget())
    accessed_on = column("accessed_on", widgets.DateWidget())
    archived_url = column("archived_url", widgets.widgets.CharWidget())
    language = column("language", widgets.widgets.CharWidget())
    notes = column("notes", widgets.widgets.CharWidget())

    class Meta(KnowledgeResource.Meta):
        model = Source
        fields = (
            "url", "title", "kind_column", "publisher", "author", "published_on",
            "accessed_on", "archived_url", "language", "notes",
        )  # fmt: skip
        import_id_fields = ("url",)

    def get_queryset(self):
        return Source.objects.select_related("publisher")

    def natural_key(self, obj) -> tuple:
        return (obj.url,)

    def row_key(self, row):
        url = str(row.get("url") or "").strip()
        return (url,) if url else None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in ("kind", "language") and not row.get(field.column_name):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)


class EventResource(SluggedResource):
    kind = ImportBatch.Kind.EVENTS
    required_columns = ("title", "kind", "occurred_on")
    name_column = "title"

    title = column("title", widgets.widgets.CharWidget())
    slug = column("slug", widgets.widgets.CharWidget())
    kind_column = fields.Field(
        attribute="kind", column_name="kind", widget=widgets.widgets.CharWidget()
    )
    occurred_on = column("occurred_on", widgets.DateWidget())
    precision = column("precision", widgets.widgets.CharWidget())
    summary = column("summary", widgets.widgets.CharWidget())
    countries = column("countries", widgets.ManyLookupWidget(widgets.CountryWidget()))
    blocs = column("blocs", widgets.ManyLookupWidget(lookup(Bloc, "slug", "name", "short_name")))
    organizations = column(
        "organizations", widgets.ManyLookupWidget(lookup(Organization, "slug", "name"))
    )
    ai_models = column("ai_models", widgets.ManyLookupWidget(lookup(AIModel, "slug", "name")))
    people = column("people", widgets.ManyLookupWidget(lookup(Person, "slug", "name")))
    sources = column("sources", widgets.ManyLookupWidget(lookup(Source, "url")))

    class Meta(KnowledgeResource.Meta):
        model = Event
        fields = (
            "title", "slug", "kind_column", "occurred_on", "precision", "summary", "countries",
            "blocs", "organizations", "ai_models", "people", "sources",
        )  # fmt: skip
        import_id_fields = ("title",)

    def get_queryset(self):
        return Event.objects.prefetch_related(
            "countries", "blocs", "organizations", "ai_models", "people", "sources"
        )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "precision" and not row.get("precision"):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)


RESOURCES: dict[str, type[KnowledgeResource]] = {
    resource.kind: resource
    for resource in (
        RankingResource,
        KeyFigureResource,
        MembershipResource,
        AIModelResource,
        OrganizationResource,
        SourceResource,
        EventResource,
    )
}


def edition_by_name(text: str) -> IndicatorEdition:
    """An edition named as "indicator-slug:year" or by its id, for the command line."""
    text = text.strip()
    editions = IndicatorEdition.objects.select_related("indicator")
    if text.isdigit():
        edition = editions.filter(pk=int(text)).first()
    else:
        slug, _, year = text.rpartition(":")
        edition = (
            editions.filter(indicator__slug=slug, year=int(year)).first()
            if year.isdigit()
            else None
        )
    if edition is None:
        raise ImportFileError(
            f"No edition {text!r}: give it as indicator-slug:year "
            "(such as tortoise-global-ai-index:2024) or by its id."
        )
    return edition


def source_by_name(text: str) -> Source:
    text = text.strip()
    source = (
        Source.objects.filter(pk=int(text)).first()
        if text.isdigit()
        else Source.objects.filter(url=text).first()
    )
    if source is None:
        raise ImportFileError(f"No source {text!r}: give its URL or its id.")
    return source


def row_errors(result) -> list[str]:
    """Every reason a result refuses its file, one line each, rows as the sheet numbers them."""
    lines = [str(error.error) for error in result.base_errors]
    for number, errors in result.row_errors():
        lines += [f"Row {number + 1}: {error.error}" for error in errors]
    for row in result.invalid_rows:
        for column, messages in row.field_specific_errors.items():
            lines += [f'Row {row.number + 1}, column "{column}": {message}' for message in messages]
        lines += [f"Row {row.number + 1}: {message}" for message in row.non_field_specific_errors]
    return lines
