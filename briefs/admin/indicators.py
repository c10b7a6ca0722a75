from django.contrib import admin

from ..imports.resources import KeyFigureResource, RankingResource
from ..models import Indicator, IndicatorEdition, KeyFigure, Ranking
from .base import RECORD_FIELDSET, BaseAdmin
from .imports import ImportAdminMixin, RankingImportAdminMixin


class EditionInline(admin.TabularInline):
    model = IndicatorEdition
    extra = 0
    show_change_link = True
    autocomplete_fields = ("source",)
    fields = ("year", "published_on", "data_year", "countries_covered", "source", "note")


@admin.register(Indicator)
class IndicatorAdmin(BaseAdmin):
    list_display = ("name", "publisher", "updated_at")
    list_select_related = ("publisher",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("publisher",)
    inlines = [EditionInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "publisher")}),
        ("About", {"fields": ("description", "methodology", "website")}),
        RECORD_FIELDSET,
    )


class RankingInline(admin.TabularInline):
    model = Ranking
    extra = 1
    autocomplete_fields = ("country", "source")
    fields = ("country", "rank", "score", "pillar", "source", "note")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "source")


@admin.register(IndicatorEdition)
class IndicatorEditionAdmin(BaseAdmin):
    list_display = ("__str__", "indicator", "year", "countries_covered", "published_on")
    list_filter = ("indicator", "year")
    list_select_related = ("indicator",)
    search_fields = ("indicator__name", "year")
    autocomplete_fields = ("indicator", "source")
    inlines = [RankingInline]
    fieldsets = (
        (None, {"fields": ("indicator", "year", "countries_covered")}),
        ("Publication", {"fields": ("published_on", "data_year", "url", "source", "note")}),
        RECORD_FIELDSET,
    )


@admin.register(Ranking)
class RankingAdmin(RankingImportAdminMixin, BaseAdmin):
    resource_classes = [RankingResource]
    list_display = ("country", "edition", "rank_of", "pillar", "score", "source")
    list_filter = ("edition__indicator", "edition__year")
    list_select_related = ("country", "edition", "edition__indicator", "source")
    search_fields = ("country__name", "country__iso2", "edition__indicator__name", "pillar")
    autocomplete_fields = ("edition", "country", "source")
    fields = ("edition", "country", "rank", "score", "pillar", "source", "note")

    @admin.display(description="Rank", ordering="rank")
    def rank_of(self, ranking):
        return ranking.rank_display


@admin.register(KeyFigure)
class KeyFigureAdmin(ImportAdminMixin, BaseAdmin):
    resource_classes = [KeyFigureResource]
    list_display = ("label", "subject", "year", "kind", "figure", "source")
    list_filter = ("kind", "unit", "year")
    list_select_related = ("country", "organization", "source")
    search_fields = ("label", "country__name", "organization__name", "note")
    autocomplete_fields = ("country", "organization", "source")
    fieldsets = (
        (None, {"fields": ("country", "organization", "label", "year", "kind")}),
        ("Value", {"fields": ("value", "scale", "unit", "currency", "usd_value", "usd_scale")}),
        ("Evidence", {"fields": ("source", "locator", "note")}),
        RECORD_FIELDSET,
    )

    @admin.display(description="Subject")
    def subject(self, figure):
        return figure.subject

    @admin.display(description="Value")
    def figure(self, figure):
        return figure.value_display
