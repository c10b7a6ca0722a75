"""The admin index's notice of webhook endpoints turned off after failing for a day."""

from django import template

from ..models import WebhookEndpoint

register = template.Library()


@register.simple_tag(takes_context=True)
def disabled_webhook_endpoints(context):
    request = context.get("request")
    if request is None or not request.user.has_perm("briefs.view_webhookendpoint"):
        return []
    return list(WebhookEndpoint.objects.filter(disabled_at__isnull=False, is_active=False))
