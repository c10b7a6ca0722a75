"""What every admin page of the knowledge base shares.

Every model is versioned with django-reversion (each save stores a revision
with its author and the admin's change message as comment); history pages list
the revisions, compare any two and restore any one. Change forms refuse stale
saves (see ``concurrency``), and a save a read-only database or a failing media
storage refuses is shown again with a message and the input kept (``faults``).
Creating and deleting are written to the audit trail, and a deleted object keeps a
final revision so it can be recovered. A changed slug leaves a permanent redirect
behind (``briefs.redirects``, on every save); only restoring a revision records its
own, as django-reversion writes the old version raw.
"""

import reversion
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from import_export.admin import ExportMixin
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import faults, workflow
from ..imports.files import EXPORT_FORMATS
from ..models import AuditEvent, ImportBatch
from ..redirects import has_slugged_url, record_slug_change
from .concurrency import TOKEN_FIELD, ConcurrencyFormMixin, display_user, ensure_baseline
from .revisions import compare


class ConcurrencyModelForm(ConcurrencyFormMixin, forms.ModelForm):
    pass


class VersionedAdmin(VersionAdmin):
    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the changelist in a revision (a transaction) for
        # list_editable; none is used here, and actions make their own revisions.
        return admin.ModelAdmin.changelist_view(self, request, extra_context)


class BaseAdmin(ExportMixin, VersionedAdmin):
    # Every changelist exports CSV and XLSX, with the columns its import reads.
    export_formats = EXPORT_FORMATS
    # Django 6.0's default, chosen now: a URL typed without a scheme means https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    form = ConcurrencyModelForm
    save_on_top = True
    list_per_page = 50
    readonly_fields = ("created_at", "updated_at")
    object_history_template = "admin/briefs/object_history.html"
    change_list_template = "admin/briefs/change_list.html"
    history_latest_first = True

    # The hidden revision token rides in the first fieldset, so every form
    # that edits the object (change, restore, recover) carries it.
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        fields = tuple(options["fields"])
        if TOKEN_FIELD not in fields:
            options = {**options, "fields": (*fields, TOKEN_FIELD)}
        return [(name, options), *rest]

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.save_refusal = getattr(request, "_save_refusal", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (DatabaseError, OSError) as error:
            refusal = faults.refusal_for(request, error)
            if refusal is None:
                raise
        # The save was rolled back: show the form again with the editor's input and the
        # reason (the form is invalid now, so this second pass only reads).
        request._save_refusal = refusal
        if refusal.file_fields:
            request._files = MultiValueDict()
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                ensure_baseline(obj)
        return super().change_view(request, object_id, form_url, extra_context)

    # Saving: the audit trail (slug redirects are the model layer's).

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            workflow.record(obj, AuditEvent.Action.CREATED, user=request.user)

    # Deleting: a last revision first, so the object can be recovered.

    def _keep_for_recovery(self, request, objects):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Deleted.")
            for obj in objects:
                reversion.add_to_revision(obj)
        for obj in objects:
            workflow.record(obj, AuditEvent.Action.DELETED, user=request.user)

    def delete_model(self, request, obj):
        self._keep_for_recovery(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._keep_for_recovery(request, list(queryset))
        super().delete_queryset(request, queryset)

    # Recovering deleted objects is for those who may delete them.

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            version = get_object_or_404(Version, pk=version_id)
            obj = self.model._default_manager.filter(pk=version.object_id).first()
            if obj is not None:
                workflow.record(obj, AuditEvent.Action.RECOVERED, user=request.user)
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion writes the old version raw (as fixtures load), which
        # the model layer's slug redirect skips: compare before and after here.
        before = None
        if request.method == "POST" and has_slugged_url(self.model):
            before = self.model._base_manager.filter(pk=unquote(object_id)).first()
        response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if obj is not None:
                if before is not None and before.slug != obj.slug:
                    record_slug_change(before, obj)
                workflow.record(obj, AuditEvent.Action.RESTORED, user=request.user)
        return response

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self.has_delete_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    # History: revisions, the audit trail, and a diff of any two revisions.

    def _versions(self, object_id):
        return (
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("-pk")
        )

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        opts = self.model._meta
        versions = list(self._versions(object_id))
        can_restore = self.has_change_permission(request, obj)
        # Revisions written by an import link to it, where the whole import can be undone.
        imports = dict(
            ImportBatch.objects.filter(
                revision__in={version.revision_id for version in versions}
            ).values_list("revision_id", "pk")
        )
        rows = [
            {
                "version": version,
                "user": display_user(version.revision.user)
                if version.revision.user
                else "(as it stood before its first edit here)",
                "restore_url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_revision",
                    args=[quote(obj.pk), version.pk],
                )
                if can_restore and index > 0
                else "",
                "import_url": reverse("admin:briefs_importbatch_change", args=[imports[rev]])
                if (rev := version.revision_id) in imports
                else "",
            }
            for index, version in enumerate(versions)
        ]
        context = {
            "revision_rows": rows,
            "compare_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_compare", args=[quote(obj.pk)]
            ),
            "audit_events": audit_events_for(obj),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied if obj is not None else Http404
        versions = self._versions(object_id)
        try:
            old = versions.get(pk=int(request.GET.get("from", "")))
            new = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            return TemplateResponse(
                request,
                "admin/briefs/revision_compare.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "object": obj,
                    "title": f"Compare revisions of {obj}",
                    "error": "Choose two revisions of this object from its history.",
                },
                status=400,
            )
        if old.pk > new.pk:
            old, new = new, old
        opts = self.model._meta
        can_restore = self.has_change_permission(request, obj)
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object": obj,
            "title": f"Changes to {obj}",
            "old": old,
            "new": new,
            "old_user": display_user(old.revision.user),
            "new_user": display_user(new.revision.user),
            "changes": compare(old, new),
            "restore_old_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision",
                args=[quote(obj.pk), old.pk],
            )
            if can_restore
            else "",
        }
        return TemplateResponse(request, "admin/briefs/revision_compare.html", context)


def audit_events_for(obj):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEvent.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    ).select_related("actor")


RECORD_FIELDSET = ("Record", {"classes": ("collapse",), "fields": ("created_at", "updated_at")})
