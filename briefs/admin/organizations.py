from django.contrib import admin

from ..imports.resources import OrganizationResource
from ..models import Organization, Person, Role
from .aliases import AliasInline
from .base import RECORD_FIELDSET, BaseAdmin
from .imports import ImportAdminMixin


@admin.register(Organization)
class OrganizationAdmin(ImportAdminMixin, BaseAdmin):
    resource_classes = [OrganizationResource]
    list_display = ("name", "kind", "country", "parent", "updated_at")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country", "parent")
    search_fields = ("name", "slug", "description", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country", "parent")
    inlines = [AliasInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "country", "parent")}),
        ("About", {"fields": ("description", "website", "wikidata_id")}),
        RECORD_FIELDSET,
    )


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ("organization", "country", "source")
    fields = ("title", "organization", "country", "started_on", "ended_on", "source")


@admin.register(Person)
class PersonAdmin(BaseAdmin):
    list_display = ("name", "country", "current_roles", "updated_at")
    list_filter = (("country", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("country",)
    search_fields = ("name", "slug", "description", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    inlines = [AliasInline, RoleInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "country")}),
        ("About", {"fields": ("description", "wikidata_id")}),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("roles__organization", "roles__country")
        )

    @admin.display(description="Roles")
    def current_roles(self, person):
        return "; ".join(str(role) for role in person.roles.all())


@admin.register(Role)
class RoleAdmin(BaseAdmin):
    list_display = ("person", "title", "organization", "country", "started_on", "ended_on")
    list_filter = (("organization", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("person", "organization", "country")
    search_fields = ("person__name", "title", "organization__name", "country__name")
    autocomplete_fields = ("person", "organization", "country", "source")
    fieldsets = (
        (None, {"fields": ("person", "title", "organization", "country")}),
        ("Dates and evidence", {"fields": ("started_on", "ended_on", "source")}),
        RECORD_FIELDSET,
    )
