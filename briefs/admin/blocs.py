from django.contrib import admin
from django.db.models import Count

from ..imports.resources import MembershipResource
from ..models import Bloc, Membership
from .aliases import AliasInline
from .base import RECORD_FIELDSET, BaseAdmin
from .imports import ImportAdminMixin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("country", "organization", "sources")
    fields = (
        "country",
        "organization",
        "role",
        "joined_on",
        "joined_precision",
        "left_on",
        "note",
        "sources",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country", "organization")
            .prefetch_related("sources")
        )


@admin.register(Bloc)
class BlocAdmin(BaseAdmin):
    list_display = ("name", "short_name", "kind", "founded_on", "parent", "member_count")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "short_name", "slug", "description", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "sources")
    inlines = [AliasInline, MembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "parent")}),
        ("Founding", {"fields": ("founded_on", "founded_precision")}),
        ("About", {"fields": ("description", "website", "wikidata_id", "sources")}),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description="Members", ordering="_member_count")
    def member_count(self, bloc):
        return bloc._member_count


@admin.register(Membership)
class MembershipAdmin(ImportAdminMixin, BaseAdmin):
    resource_classes = [MembershipResource]
    list_display = ("bloc", "member", "role", "joined_on", "left_on")
    list_filter = ("role", "bloc")
    list_select_related = ("bloc", "country", "organization")
    search_fields = ("bloc__name", "country__name", "organization__name")
    autocomplete_fields = ("bloc", "country", "organization", "sources")
    date_hierarchy = "joined_on"
    fieldsets = (
        (None, {"fields": ("bloc", "country", "organization", "role")}),
        ("Dates", {"fields": ("joined_on", "joined_precision", "left_on")}),
        ("Evidence", {"fields": ("note", "sources")}),
        RECORD_FIELDSET,
    )

    @admin.display(description="Member")
    def member(self, membership):
        return membership.member
