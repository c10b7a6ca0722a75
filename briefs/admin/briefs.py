from django import forms
from django.contrib import admin

from ..models import Brief, BriefCitation
from .base import RECORD_FIELDSET, BaseAdmin


class CitationFormSet(forms.BaseInlineFormSet):
    """Numbers new citations after the last one, so editors need not count."""

    def clean(self):
        forms_in_use = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        taken = [
            form.cleaned_data["position"]
            for form in forms_in_use
            if form.cleaned_data.get("position")
        ]
        next_position = max(taken, default=0) + 1
        for form in forms_in_use:
            if not form.cleaned_data.get("position") and form.cleaned_data.get("source"):
                form.cleaned_data["position"] = next_position
                form.instance.position = next_position
                next_position += 1
        super().clean()


class CitationInline(admin.TabularInline):
    model = BriefCitation
    formset = CitationFormSet
    extra = 1
    autocomplete_fields = ("source",)
    fields = ("position", "source", "supports", "locator")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            # No default number: a blank row is numbered after the last citation.
            field.initial = None
            field.required = False
            field.help_text = "Leave empty to number it after the last citation."
        return field


@admin.register(Brief)
class BriefAdmin(BaseAdmin):
    list_display = ("title", "status", "publish_at", "author_names", "featured", "updated_at")
    list_filter = ("status", "featured", "topics")
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "publish_at"
    autocomplete_fields = (
        "authors",
        "topics",
        "countries",
        "blocs",
        "organizations",
        "ai_models",
        "people",
        "events",
        "key_figures",
    )
    inlines = [CitationInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("Publishing", {"fields": ("status", "publish_at", "featured", "authors")}),
        (
            "Hero image",
            {"classes": ("collapse",), "fields": ("hero_image", "hero_alt", "hero_credit")},
        ),
        (
            "What the brief is about",
            {
                "fields": (
                    "topics",
                    "countries",
                    "blocs",
                    "organizations",
                    "ai_models",
                    "people",
                    "events",
                    "key_figures",
                )
            },
        ),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("authors", [request.user.pk])
        return initial

    @admin.display(description="Authors")
    def author_names(self, brief):
        return ", ".join(
            author.get_full_name() or author.get_username() for author in brief.authors.all()
        )
