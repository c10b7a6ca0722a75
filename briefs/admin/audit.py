"""One list of every editorial decision, and the redirects renamed pages left behind."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from ..models import AuditEvent, SlugRedirect


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the workflow, never typed in."""

    list_display = ("at", "actor", "action", "what", "content_type", "note")
    list_filter = ("action", "content_type", ("actor", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("actor", "content_type")
    search_fields = ("object_repr", "note", "actor__username")
    date_hierarchy = "at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="What", ordering="object_repr")
    def what(self, event):
        if event.action == AuditEvent.Action.DELETED:
            return event.object_repr
        opts = event.content_type
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model}_change", args=[event.object_id])
        except NoReverseMatch:
            return event.object_repr
        return format_html('<a href="{}">{}</a>', url, event.object_repr)


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Made when a slug changes; delete one only if the old address must stop working."""

    list_display = ("old_path", "target_path", "content_type", "created_at")
    list_select_related = ("content_type",)
    search_fields = ("old_path",)
    readonly_fields = ("old_path", "content_type", "object_id", "created_at")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Now at")
    def target_path(self, redirect):
        target = redirect.target
        return target.get_absolute_url() if target is not None else "(deleted)"
