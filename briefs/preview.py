"""Previews of unpublished briefs on the real public template.

Staff preview from the admin; "Share preview" makes a signed link
(``django.core.signing``) that a reviewer without an account can open until it
expires (``PREVIEW_LINK_MAX_AGE``, seven days by default). The link carries only
the brief's id and the time it was made, signed with the site's secret key, so
nothing is stored and no one can forge or extend one. A changed link is a 404,
an expired one a 410, each a page that says so in the site's own style.

A preview is never cached and never indexed: ``Cache-Control: no-store`` and
``X-Robots-Tag: noindex``, plus a robots meta tag and a visible banner.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import selectors
from .models import Brief
from .views import brief_page_context

SALT = "briefs.preview"


def max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "PREVIEW_LINK_MAX_AGE", 7 * 24 * 3600))


def make_token(brief: Brief) -> str:
    return signing.dumps({"brief": brief.pk}, salt=SALT, compress=True)


def expires_at(now=None) -> datetime.datetime:
    return (now or timezone.now()) + max_age()


def render_preview(request, brief: Brief, *, shared: bool, expires=None, status: int = 200):
    """The brief's public page, marked as a preview."""
    brief = get_object_or_404(selectors.with_page_relations(Brief.objects.filter(pk=brief.pk)))
    context = {
        **brief_page_context(brief),
        "preview": True,
        "preview_shared": shared,
        "preview_expires": expires,
    }
    response = render(request, "briefs/brief_detail.html", context, status=status)
    return mark_private(response)


# Fields the live preview takes from the unsaved form; everything else is the saved brief.
LIVE_FIELDS = ("title", "summary", "body", "hero_alt", "hero_credit")


def render_live_preview(request, brief: Brief, fields: dict):
    """The brief's public page with the editor's unsaved text, for the admin's preview panel.

    Nothing is saved: the values are set on the loaded brief only for this rendering.
    """
    brief = get_object_or_404(selectors.with_page_relations(Brief.objects.filter(pk=brief.pk)))
    for name in LIVE_FIELDS:
        if name in fields:
            setattr(brief, name, fields[name][: Brief._meta.get_field(name).max_length or None])
    context = {
        **brief_page_context(brief),
        "preview": True,
        "preview_shared": False,
        "preview_live": True,
    }
    response = render(request, "briefs/brief_detail.html", context)
    # Framed by the admin page beside the form, and by nothing else.
    response.headers["Content-Security-Policy"] = framed_policy()
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return mark_private(response)


def framed_policy() -> str:
    policy = getattr(settings, "PUBLIC_CONTENT_SECURITY_POLICY", "")
    directives = [d for d in policy.split("; ") if d and not d.startswith("frame-ancestors")]
    return "; ".join([*directives, "frame-ancestors 'self'"])


def mark_private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def shared_preview(request, token: str):
    """What a reviewer without an account sees when they open a shared preview link."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        response = render(request, "briefs/preview_expired.html", status=410)
        return mark_private(response)
    except signing.BadSignature:
        return _invalid(request)
    brief = Brief.objects.filter(pk=payload.get("brief") if isinstance(payload, dict) else None)
    brief = brief.first()
    if brief is None:
        return _invalid(request)
    if brief.is_published:
        return redirect(brief)  # the real page is public now: send the reviewer there
    return render_preview(request, brief, shared=True, expires=_expiry_of(token))


def _expiry_of(token: str):
    """When a valid token stops working, read from the timestamp signed into it."""
    timestamp = token.rsplit(":", 2)[-2]
    made = datetime.datetime.fromtimestamp(signing.b62_decode(timestamp), tz=datetime.UTC)
    return made + max_age()


def _invalid(request):
    return mark_private(render(request, "briefs/preview_invalid.html", status=404))
