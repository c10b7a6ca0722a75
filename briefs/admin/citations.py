"""Where each source is cited: a cross-reference for editors checking a source's reach.

Citations are written on their brief (the inline), so the brief's revision,
concurrency guard and "Updated" date see every change; this list only reads.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

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

    def get_actions(self, request):
        return {}

    # Deleting a brief deletes its citations, and Django asks this admin whether
    # that is allowed, so the permission stays the model's own. Removing one
    # citation happens on its brief, where the revision and "Updated" see it.
    def delete_view(self, request, object_id, extra_context=None):
        citation = self.get_object(request, object_id)
        messages.info(request, "Remove a citation on its brief, in the Citations section.")
        if citation is None:
            return redirect(reverse("admin:briefs_briefcitation_changelist"))
        return redirect(reverse("admin:briefs_brief_change", args=[citation.brief_id]))
