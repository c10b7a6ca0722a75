"""Where each source is cited: a cross-reference for editors checking a source's reach.

Citations are written on their brief (the inline), so the brief's revision,
concurrency guard and "Updated" date see every change; this list only reads.
"""

from django.contrib import admin

from ..models import BriefCitation


@admin.register(BriefCitation)
class BriefCitationAdmin(admin.ModelAdmin):
    list_display = ("source", "brief", "position", "supports", "locator")
    list_filter = (("source__publisher", admin.RelatedOnlyFieldListFilter), "brief__status")
    list_select_related = ("source", "brief")
    search_fields = ("source__title", "source__url", "brief__title", "supports")
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
