"""The brief admin: the newsroom's workflow from draft to published and beyond.

Who may do what is decided in ``briefs.workflow`` and enforced here on the
server: in the form (a contributor who posts ``status=published`` gets an error
on the field), in the object permissions (a contributor edits only their own
drafts) and in the changelist actions (publish and withdraw need
``publish_brief``).
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import images, preview, workflow
from ..markdown import cited_numbers
from ..models import AuditEvent, Brief, BriefCitation
from ..users import display_name
from . import keeping, review, together
from .base import RECORD_FIELDSET, BaseAdmin, ConcurrencyModelForm, audit_events_for

Status = Brief.Status


# Written here, with no user input in it, so it is marked safe as it stands.
BODY_SYNTAX = mark_safe(
    '<span class="body-syntax">Markdown: <code>## Heading</code>, <code>**bold**</code>, '
    "<code>_italic_</code>, <code>[link text](https://…)</code>, <code>- list item</code>, "
    "<code>&gt; quote</code>. Cite a source with <code>[^N]</code>, N being the citation's "
    "number in the Citations table below; <code>[^1][^3]</code> cites two. The toolbar and "
    '"Cite [^N]" type these for you. Raw HTML is not rendered.</span>'
)


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

    # Citations are part of the brief: whoever may edit the brief edits them.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_edit(request.user, obj)


class KeptFileWidget(AdminFileWidget):
    """The admin's file input, saying which file is kept from a save that failed."""

    kept_name = ""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.kept_name:
            html += format_html(
                '<p class="file-kept">kept: {} <span class="quiet">(chosen before the error; '
                "it is saved with the brief unless you choose another file)</span></p>",
                self.kept_name,
            )
        return html


class HeroImageField(forms.FileField):
    """An image upload judged by its content (see ``briefs.images``), not by its name."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return images.clean_upload(upload)


class BriefAdminForm(ConcurrencyModelForm):
    minor_edit = forms.BooleanField(
        label="Minor correction",
        required=False,
        help_text="A typo or formatting fix: readers do not see the brief as Updated.",
    )

    hero_image_kept = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set per request by BriefAdmin.get_form.
    request_user = None
    state_before: workflow.BriefState | None = None

    class Meta:
        model = Brief
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.request_user is not None:
            current = self.state_before.status if self.state_before else None
            allowed = workflow.allowed_statuses(self.request_user, current)
            status.widget.choices = [c for c in status.choices if c[0] in allowed]

    def clean_hero_image(self):
        """A file chosen before a failed save is used, unless another one is chosen now."""
        upload = self.cleaned_data.get("hero_image")
        token = self.data.get(self.add_prefix("hero_image_kept"), "")
        self.used_kept_hero = False
        if (
            token
            and self.request_user is not None
            and not self.files.get(self.add_prefix("hero_image"))
        ):
            kept = keeping.kept_hero(token, user=self.request_user)
            if kept is not None:
                self.used_kept_hero = True
                return kept
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("publish_at"):
            # Publishing without a time means now, to the second the form shows.
            cleaned["publish_at"] = timezone.now().replace(microsecond=0)
        if self.request_user is not None and "status" in self.fields:
            errors = workflow.permission_errors(
                self.request_user,
                self.state_before,
                cleaned.get("status", Status.DRAFT),
                publish_at_changed="publish_at" in self.changed_data,
            )
            for field_name, message in errors.items():
                self.add_error(field_name, message)
        return cleaned


class BriefStatusFilter(admin.SimpleListFilter):
    """Status with counts; a published brief whose time has not come shows as scheduled."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        now = timezone.now()
        counts = Brief.objects.aggregate(
            draft=Count("pk", filter=Q(status=Status.DRAFT)),
            review=Count("pk", filter=Q(status=Status.REVIEW)),
            scheduled=Count("pk", filter=Brief.objects.scheduled_q(now=now)),
            live=Count("pk", filter=Brief.objects.live_q(now=now)),
            withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        )
        labels = {
            "draft": "Draft",
            "review": "In review",
            "scheduled": "Scheduled",
            "live": "Published",
            "withdrawn": "Withdrawn",
        }
        return [(key, f"{label} ({counts[key]})") for key, label in labels.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "live":
            return queryset.published()
        if value in (Status.DRAFT, Status.REVIEW, Status.WITHDRAWN):
            return queryset.filter(status=value)
        return queryset


@admin.register(Brief)
class BriefAdmin(BaseAdmin):
    form = BriefAdminForm
    list_display = (
        "thumbnail",
        "title",
        "state",
        "publish_at",
        "author_names",
        "featured",
        "updated_at",
    )
    list_display_links = ("thumbnail", "title")
    list_filter = (BriefStatusFilter, "featured", "topics")
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "publish_at"
    actions = ["publish_selected", "withdraw_selected"]
    change_form_template = "admin/briefs/brief/change_form.html"
    readonly_fields = (
        "created_at",
        "updated_at",
        "first_published_at",
        "revised_at",
        "audit_trail",
    )
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
        (None, {"fields": ("title", "slug", "summary", "body", "minor_edit")}),
        (
            "Publishing",
            {
                "fields": ("status", "publish_at", "featured", "authors"),
                "description": (
                    "Draft, then In review, then Published. A Publisher publishes: with an "
                    "empty or past time it goes live now, with a future time it is scheduled "
                    "and goes live by itself at that moment."
                ),
            },
        ),
        ("Hero image", {"fields": ("hero_image", "hero_alt", "hero_credit", "hero_image_kept")}),
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
        ("Audit trail", {"fields": ("audit_trail",)}),
        (
            "Record",
            {
                "classes": ("collapse",),
                "fields": (*RECORD_FIELDSET[1]["fields"], "first_published_at", "revised_at"),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("authors", [request.user.pk])
        return initial

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # nothing to audit yet
            fieldsets = [fs for fs in fieldsets if fs[0] != "Audit trail"]
        if obj is None or not self.has_change_permission(request, obj):
            # A new brief cannot be revised, and a read-only one is not being edited.
            (name, options), *rest = fieldsets
            fields = tuple(f for f in options["fields"] if f != "minor_edit")
            fieldsets = [(name, {**options, "fields": fields}), *rest]
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "hero_image":
            return HeroImageField(
                label="Hero image",
                required=False,
                widget=KeptFileWidget,
                help_text=(
                    "JPEG, PNG, WebP or GIF, at most "
                    f"{images.max_bytes() // (1024 * 1024)} MB and "
                    f"{images.max_pixels() / 1_000_000:g} megapixels. Location and camera "
                    "data are removed; readers get sized WebP copies."
                ),
            )
        # Editors read the whole title and summary while they write them.
        if db_field.name == "title":
            kwargs["widget"] = forms.TextInput(attrs={"class": "vTextField brief-title"})
        elif db_field.name == "summary":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})
        elif db_field.name == "body":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"})
            kwargs["help_text"] = BODY_SYNTAX
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # Permissions: contributors edit only their own drafts; publishing is a permission.

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        before = getattr(request, "_brief_before", None)
        if before is None and obj is not None:
            before = workflow.capture(obj.pk)
        form.request_user = request.user
        form.state_before = before
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring replays an old state; permissions and dates compare with the brief as it is.
        request._brief_before = workflow.capture(unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    # Saving.

    def save_model(self, request, obj, form, change):
        before = getattr(request, "_brief_before", None) if change else None
        if change and before is None:
            before = workflow.capture(obj.pk)
        request._brief_before = before
        workflow.prepare_dates(obj, before)
        super().save_model(request, obj, form, change)
        keeping.forget_autosave(request.user, obj)
        kept_token = form.cleaned_data.get("hero_image_kept")
        if kept_token:
            keeping.drop_kept_hero(kept_token)
        if "hero_image" in form.changed_data or getattr(form, "used_kept_hero", False):
            obj.hero_renditions = images.make_renditions(obj.hero_image) if obj.hero_image else []
            Brief.objects.filter(pk=obj.pk).update(hero_renditions=obj.hero_renditions)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        brief = form.instance
        before = request._brief_before
        if not request.user.has_perm(workflow.EDIT_ANY_PERMISSION):
            brief.authors.add(request.user)  # a contributor's draft stays theirs to edit
        workflow.mark_revised_if_substantive(
            brief, before, minor=form.cleaned_data.get("minor_edit", False)
        )
        workflow.record_status_change(brief, before, user=request.user)
        if reversion.is_active():
            reversion.add_to_revision(brief)  # the revision keeps the final dates
        self._warn_about_missing_citations(request, brief)

    def _warn_about_missing_citations(self, request, brief):
        numbers = set(brief.citations.values_list("position", flat=True))
        missing = sorted(cited_numbers(brief.body) - numbers)
        if missing:
            listed = ", ".join(f"[^{number}]" for number in missing)
            messages.warning(
                request,
                f"The body cites {listed} but the brief has no citation with that number.",
            )

    # Changelist: where a brief stands, and the publishing actions.

    @admin.display(description="Status", ordering="status")
    def state(self, brief):
        if brief.is_scheduled:
            when = timezone.localtime(brief.publish_at)
            return f"Scheduled for {when:%d %b %Y %H:%M}"
        return brief.get_status_display()

    @admin.display(description="Image")
    def thumbnail(self, brief):
        if not brief.hero_renditions:
            return ""
        smallest = min(brief.hero_renditions, key=lambda rendition: rendition["width"])
        return format_html(
            '<img src="{}" alt="" class="hero-thumb" width="64" height="40" loading="lazy">',
            brief.hero_image.storage.url(smallest["name"]),
        )

    @admin.display(description="Authors")
    def author_names(self, brief):
        return ", ".join(display_name(author) for author in brief.authors.all())

    @admin.action(
        description="Publish selected briefs (a future time schedules them)",
        permissions=["publish"],
    )
    def publish_selected(self, request, queryset):
        done, failed = [], []
        for brief in queryset:
            with reversion.create_revision():
                reversion.set_user(request.user)
                try:
                    action = workflow.publish(brief, user=request.user)
                except ValidationError as error:
                    failed.append(f"{brief}: {' '.join(error.messages)}")
                    continue
                reversion.set_comment(
                    "Scheduled." if action == AuditEvent.Action.SCHEDULED else "Published."
                )
                done.append(brief)
        if done:
            self.message_user(request, f"Published or scheduled {len(done)} brief(s).")
        for message in failed:
            self.message_user(request, f"Not published: {message}", messages.ERROR)

    @admin.action(description="Withdraw selected briefs from the site", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        count = 0
        for brief in queryset:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment("Withdrawn.")
                workflow.withdraw(brief, user=request.user)
            count += 1
        self.message_user(request, f"Withdrew {count} brief(s).")

    # The audit trail on the change form.

    @admin.display(description="Who did what")
    def audit_trail(self, brief):
        if brief.pk is None:
            return "-"
        events = audit_events_for(brief)
        if not events:
            return "Nothing recorded yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    f"{timezone.localtime(event.at):%d %b %Y %H:%M}",
                    event.actor.get_username() if event.actor else "-",
                    event.get_action_display(),
                    event.note,
                )
                for event in events
            ),
        )
        return format_html(
            '<table class="audit-trail"><thead><tr><th>When</th><th>Who</th><th>What</th>'
            "<th>Note</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    # Preview.

    def get_urls(self):
        opts = self.model._meta
        info = opts.app_label, opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="{}_{}_autosave".format(*info),
            ),
            path(
                "<path:object_id>/live-preview/",
                self.admin_site.admin_view(self.live_preview_view),
                name="{}_{}_live_preview".format(*info),
            ),
            path(
                "<path:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="{}_{}_presence".format(*info),
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="{}_{}_review".format(*info),
            ),
            path(
                "<path:object_id>/share-preview/",
                self.admin_site.admin_view(self.share_preview_view),
                name="{}_{}_share_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def _brief_for_preview(self, request, object_id):
        brief = self.get_object(request, unquote(object_id))
        if brief is None:
            raise Http404("No such brief.")
        if not self.has_view_or_change_permission(request, brief):
            raise PermissionDenied
        return brief

    def autosave_view(self, request, object_id):
        brief = self._brief_for_preview(request, object_id)
        if not self.has_change_permission(request, brief):
            raise PermissionDenied
        return keeping.autosave_view(request, brief)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        self._keep_chosen_hero(request, form)
        context["merge_rows"] = together.merge_rows(form)
        if obj is not None:
            context["present_others"] = together.heartbeat(request.user, obj)
            context["presence_url"] = reverse("admin:briefs_brief_presence", args=[obj.pk])
            context["presence_seconds"] = together.PRESENCE_HEARTBEAT
            if self.has_change_permission(request, obj):  # a read-only form has nothing to type
                context["live_preview_url"] = reverse(
                    "admin:briefs_brief_live_preview", args=[obj.pk]
                )
                context["live_preview_fields"] = preview.LIVE_FIELDS
            # The shared links still open; the share page revokes them.
            context["shared_previews"] = obj.preview_links.active().select_related("created_by")
            context["share_preview_url"] = reverse(
                "admin:briefs_brief_share_preview", args=[quote(obj.pk)]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _keep_chosen_hero(self, request, form):
        """After a failed save, keep a checked new hero image (see ``keeping``)."""
        if not form.is_bound:
            return
        token = form.data.get(form.add_prefix("hero_image_kept"), "")
        upload = getattr(form, "cleaned_data", {}).get("hero_image")
        if form.files.get(form.add_prefix("hero_image")) and isinstance(upload, ContentFile):
            token, _ = keeping.keep_hero(upload, user=request.user)
        if token and keeping.kept_hero(token, user=request.user) is not None:
            form.data = form.data.copy()
            form.data[form.add_prefix("hero_image_kept")] = token
            name = keeping.kept_hero_name(token)
            form.fields["hero_image"].widget.kept_name = name

    def live_preview_view(self, request, object_id):
        brief = self._brief_for_preview(request, object_id)
        if request.method != "POST":
            return preview.render_live_preview(request, brief, {})
        return preview.render_live_preview(request, brief, request.POST)

    def presence_view(self, request, object_id):
        return together.presence_view(request, self._brief_for_preview(request, object_id))

    def review_view(self, request, object_id):
        return review.review_view(self, request, self._brief_for_preview(request, object_id))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        brief = self.get_object(request, unquote(object_id))
        if brief is not None and self.has_view_or_change_permission(request, brief):
            extra_context = {
                **review.review_context(request, brief),
                **(keeping.keeping_context(request, brief) if request.method == "GET" else {}),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        brief = self.get_object(request, unquote(object_id))
        if brief is not None:
            comments = brief.editorial_comments.select_related("author")
            extra_context = {"editorial_comments": comments, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    # admin_view() already marks every admin response never_cache.
    def preview_view(self, request, object_id):
        brief = self._brief_for_preview(request, object_id)
        return preview.render_preview(request, brief, shared=False)

    def share_preview_view(self, request, object_id):
        """Make a preview link, list the links still open, and revoke any of them."""
        brief = self._brief_for_preview(request, object_id)
        share_url = reverse("admin:briefs_brief_share_preview", args=[quote(brief.pk)])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": brief,
            "title": f"Share a preview of {brief}",
            "max_age_days": preview.max_age().days,
            "change_url": reverse("admin:briefs_brief_change", args=[quote(brief.pk)]),
        }
        if request.method == "POST" and "revoke" in request.POST:
            chosen = request.POST["revoke"]
            links = brief.preview_links.active()
            link = links.filter(pk=chosen).first() if chosen.isdigit() else None
            if link is not None:
                preview.revoke(link, user=request.user)
                workflow.record(
                    brief,
                    AuditEvent.Action.PREVIEW_REVOKED,
                    user=request.user,
                    note=f"Link made {timezone.localtime(link.created_at):%d %B %Y %H:%M}",
                )
                self.message_user(request, "The preview link was revoked: it no longer opens.")
            return HttpResponseRedirect(share_url)
        if request.method == "POST":
            link, token = preview.make_link(brief, user=request.user)
            context["link"] = request.build_absolute_uri(
                reverse("briefs:brief-preview", kwargs={"token": token})
            )
            context["expires"] = link.expires_at
            workflow.record(
                brief,
                AuditEvent.Action.PREVIEW_SHARED,
                user=request.user,
                note=f"Link valid until {timezone.localtime(link.expires_at):%d %B %Y %H:%M}",
            )
        context["active_links"] = brief.preview_links.active().select_related("created_by")
        return TemplateResponse(request, "admin/briefs/brief/share_preview.html", context)
