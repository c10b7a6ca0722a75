from django.contrib import admin

from ..models import Event
from .base import RECORD_FIELDSET, BaseAdmin


@admin.register(Event)
class EventAdmin(BaseAdmin):
    list_display = ("title", "occurred_on", "precision", "kind")
    list_filter = ("kind", "precision")
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("countries", "blocs", "organizations", "ai_models", "people", "sources")
    date_hierarchy = "occurred_on"
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "occurred_on", "precision", "summary")}),
        ("Who", {"fields": ("countries", "blocs", "organizations", "ai_models", "people")}),
        ("Evidence", {"fields": ("sources",)}),
        RECORD_FIELDSET,
    )
