from django.contrib import admin
from django.db.models import Case, Value, When

from ..models import Country
from ..models.country import country_code_q
from .aliases import AliasInline
from .base import RECORD_FIELDSET, BaseAdmin


@admin.register(Country)
class CountryAdmin(BaseAdmin):
    list_display = ("name", "iso2", "iso3", "numeric_code", "region", "sub_region", "wikidata_id")
    list_filter = ("region", "sub_region")
    search_fields = (
        "name",
        "official_name",
        "=iso2",
        "=iso3",
        "=numeric_code",
        "slug",
        "aliases__name",
    )
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AliasInline]
    fieldsets = (
        (None, {"fields": ("name", "official_name", "slug")}),
        ("ISO 3166-1 codes", {"fields": ("iso2", "iso3", "numeric_code")}),
        ("Place", {"fields": ("region", "sub_region", "wikidata_id")}),
        RECORD_FIELDSET,
    )

    def get_search_results(self, request, queryset, search_term):
        """Put the country whose ISO code was typed first: "RU" means Russia, not Peru."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        exact = country_code_q(search_term)
        if exact is not None:
            queryset = queryset.annotate(
                code_match=Case(When(exact, then=Value(0)), default=Value(1))
            ).order_by("code_match", "name")
        return queryset, may_have_duplicates
