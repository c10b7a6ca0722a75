from django.contrib import admin

from ..imports.resources import AIModelResource
from ..models import AIModel
from .aliases import AliasInline
from .base import RECORD_FIELDSET, BaseAdmin
from .imports import ImportAdminMixin


@admin.register(AIModel)
class AIModelAdmin(ImportAdminMixin, BaseAdmin):
    resource_classes = [AIModelResource]
    list_display = ("name", "developer_names", "country", "released_on", "modality", "access")
    list_filter = ("modality", "access", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("name", "slug", "description", "developers__name", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("developers", "country", "base_model", "sources")
    date_hierarchy = "released_on"
    inlines = [AliasInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "developers", "country", "base_model")}),
        ("Release", {"fields": ("released_on", "release_precision", "modality", "access")}),
        ("Size", {"fields": ("parameters",)}),
        ("About", {"fields": ("description", "website", "wikidata_id", "sources")}),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("developers")

    @admin.display(description="Developers")
    def developer_names(self, ai_model):
        return ", ".join(developer.name for developer in ai_model.developers.all())
