from django.contrib import admin

from ..imports.resources import SourceResource
from ..models import Source, Topic
from .base import RECORD_FIELDSET, BaseAdmin
from .imports import ImportAdminMixin


@admin.register(Source)
class SourceAdmin(ImportAdminMixin, BaseAdmin):
    resource_classes = [SourceResource]
    list_display = ("title", "publisher", "kind", "published_on", "language", "has_archive")
    list_filter = ("kind", "language", ("publisher", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("publisher",)
    search_fields = ("title", "url", "author", "publisher__name")
    autocomplete_fields = ("publisher",)
    date_hierarchy = "published_on"
    fieldsets = (
        (None, {"fields": ("url", "title", "kind", "publisher", "author")}),
        ("Dates and copies", {"fields": ("published_on", "accessed_on", "archived_url")}),
        ("Licence", {"fields": ("licence", "licence_url")}),
        ("More", {"fields": ("language", "notes")}),
        RECORD_FIELDSET,
    )

    @admin.display(description="Archived", boolean=True)
    def has_archive(self, source):
        return bool(source.archived_url)


@admin.register(Topic)
class TopicAdmin(BaseAdmin):
    list_display = ("name", "slug", "updated_at")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "created_at", "updated_at")
