from django.contrib import admin

from ..imports.resources import EventResource
from ..models import Event
from .base import RECORD_FIELDSET, BaseAdmin
from .imports import ImportAdminMixin


@admin.register(Event)
class EventAdmin(ImportAdminMixin, BaseAdmin):
    resource_classes = [EventResource]
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
