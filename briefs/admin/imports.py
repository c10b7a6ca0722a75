"""Import and export in the admin: CSV and XLSX, a preview before anything is saved,
and the list of imports, each of which an editor can undo whole.

Every changelist exports (``ExportMixin`` on ``BaseAdmin``) with the columns
its import reads; the kinds that import add ``ImportAdminMixin``. Importing needs
the ``briefs.import_data`` permission (Editors and Publishers, migration 0016).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm

from ..imports import batches
from ..imports.files import IMPORT_FORMATS, ImportFileError, check_size
from ..imports.resources import row_errors
from ..models import ImportBatch, IndicatorEdition, Source
from .base import audit_events_for

IMPORT_PERMISSION = "briefs.import_data"


class ImportFileForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class RankingImportForm(ImportFileForm):
    """Rankings: the edition and the source are chosen once for the whole file."""

    edition = forms.ModelChoiceField(
        queryset=IndicatorEdition.objects.select_related("indicator"),
        help_text="Every row of the file is a rank in this edition.",
    )
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        required=False,
        help_text="The source of every rank, unless a row names its own in a source column.",
    )
    field_order = ["edition", "source", "import_file", "format"]


class RankingConfirmForm(ConfirmImportForm):
    edition = forms.ModelChoiceField(
        queryset=IndicatorEdition.objects.all(), widget=forms.HiddenInput
    )
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), widget=forms.HiddenInput, required=False
    )


class ImportAdminMixin(ImportMixin):
    import_formats = IMPORT_FORMATS
    import_form_class = ImportFileForm
    import_template_name = "admin/briefs/import.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_error_display = ("message",)

    def has_import_permission(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        return {name: data[name] for name in ("edition", "source") if data.get(name)}

    def get_import_data_kwargs(self, **kwargs):
        return {}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            for name in ("edition", "source"):
                value = import_form.cleaned_data.get(name)
                if value is not None:
                    initial[name] = value.pk
        return initial

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result, request):
        batch = getattr(result, "batch", None)
        if batch is None:
            # The records changed between the preview and the confirmation.
            reasons = " ".join(row_errors(result)[:5])
            messages.error(request, f"Nothing was imported. {reasons}".strip())
            app_label, model_name = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{app_label}_{model_name}_import"))
        messages.success(request, f"Imported {batches.summary(batch)}. You can undo it here.")
        return HttpResponseRedirect(reverse("admin:briefs_importbatch_change", args=[batch.pk]))


class RankingImportAdminMixin(ImportAdminMixin):
    import_form_class = RankingImportForm
    confirm_form_class = RankingConfirmForm


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """The imports made, newest first; each can be undone once, by those who may import."""

    list_display = ("__str__", "imported_by", "imported_at", "counts", "undone_at")
    list_filter = ("kind", ("undone_at", admin.EmptyFieldListFilter))
    list_select_related = ("imported_by", "undone_by")
    search_fields = ("file_name",)
    readonly_fields = (
        "kind",
        "file_name",
        "imported_by",
        "imported_at",
        "revision",
        "row_count",
        "created_count",
        "changed_count",
        "unchanged_count",
        "undone_at",
        "undone_by",
        "objects",
    )
    fields = readonly_fields
    actions = ["undo_imports"]
    change_form_template = "admin/briefs/importbatch_change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_undo_permission(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)

    def get_urls(self):
        return [
            path(
                "<int:pk>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name="briefs_importbatch_undo",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="New / changed / unchanged")
    def counts(self, batch):
        return f"{batch.created_count} / {batch.changed_count} / {batch.unchanged_count}"

    @admin.display(description="Records")
    def objects(self, batch):
        created = sum(1 for entry in batch.changes if entry["created"])
        changed = len(batch.changes) - created
        return f"{created} created, {changed} changed"

    @admin.action(description="Undo the selected imports", permissions=["undo"])
    def undo_imports(self, request, queryset):
        for batch in queryset.filter(Q(undone_at__isnull=True)):
            self._undo(request, batch)

    def _undo(self, request, batch) -> bool:
        try:
            batches.undo(batch, user=request.user)
        except batches.UndoError as error:
            messages.error(request, str(error))
            return False
        messages.success(request, f"Undid {batches.summary(batch)}.")
        return True

    def undo_view(self, request, pk):
        batch = get_object_or_404(ImportBatch, pk=pk)
        if request.method != "POST" or not self.has_undo_permission(request):
            raise PermissionDenied
        self._undo(request, batch)
        return HttpResponseRedirect(reverse("admin:briefs_importbatch_change", args=[pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        context = {
            "can_undo": batch is not None
            and not batch.is_undone
            and self.has_undo_permission(request),
            "undo_url": reverse("admin:briefs_importbatch_undo", args=[object_id]),
            "audit_events": audit_events_for(batch) if batch else [],
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)
