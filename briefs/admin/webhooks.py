"""Webhook endpoints staff register, their delivery log, and a test event on demand."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.html import format_html

from .. import webhooks
from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text="Where to POST the events (HTTPS).",
        widget=forms.URLInput(attrs={"size": 80}),
    )
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None ticked: every event.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events", "is_active")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError("Enter an http or https URL.")
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ("url", "description", "event_list", "is_active", "last_delivery", "failures")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    readonly_fields = ("secret", "disabled_reason", "disabled_at", "created_at", "deliveries")
    fieldsets = (
        (None, {"fields": ("url", "description", "events", "is_active")}),
        (
            "Signing and state",
            {
                "fields": ("secret", "disabled_reason", "disabled_at", "created_at", "deliveries"),
                "description": (
                    "Each delivery carries webhook-id, webhook-timestamp and "
                    "webhook-signature headers (Standard Webhooks); the receiver checks "
                    "the signature with this secret."
                ),
            },
        ),
    )
    actions = ["send_test_event"]

    def get_queryset(self, request):
        failed = ~Q(deliveries__outcome=WebhookDelivery.Outcome.DELIVERED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_delivery_at=Max("deliveries__attempted_at"),
                failed_attempts=Count("deliveries", filter=failed),
            )
        )

    @admin.display(description="Events")
    def event_list(self, endpoint):
        return ", ".join(endpoint.events) or "all"

    @admin.display(description="Last attempt", ordering="latest_delivery_at")
    def last_delivery(self, endpoint):
        return endpoint.latest_delivery_at

    @admin.display(description="Failed attempts", ordering="failed_attempts")
    def failures(self, endpoint):
        return endpoint.failed_attempts

    @admin.display(description="Deliveries")
    def deliveries(self, endpoint):
        if endpoint.pk is None:
            return "None yet."
        url = (
            reverse("admin:briefs_webhookdelivery_changelist")
            + f"?endpoint__id__exact={endpoint.pk}"
        )
        return format_html(
            '<a href="{}">The delivery log of this endpoint</a>. To try it, tick it in the '
            "list of endpoints and choose the action “Send a test event”.",
            url,
        )

    def save_model(self, request, obj, form, change):
        if obj.is_active and obj.disabled_at is not None:
            obj.disabled_at, obj.disabled_reason = None, ""  # turned back on by staff
        super().save_model(request, obj, form, change)

    @admin.action(description="Send a test event")
    def send_test_event(self, request, queryset):
        sent = 0
        for endpoint in queryset:
            if endpoint.is_active:
                webhooks.send_test_event(endpoint)
                sent += 1
        self.message_user(request, f"Test event queued for {sent} active endpoint(s).")
        if sent < len(queryset):
            self.message_user(request, "Inactive endpoints get nothing.", messages.WARNING)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: one row per attempt, written by the worker."""

    list_display = (
        "attempted_at",
        "endpoint",
        "event",
        "message_id",
        "attempt",
        "outcome",
        "status_code",
        "response_ms",
        "next_attempt_at",
    )
    list_filter = ("outcome", "event", "endpoint")
    list_select_related = ("endpoint",)
    search_fields = ("message_id", "endpoint__url")
    date_hierarchy = "attempted_at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
