"""Previews of unpublished briefs on the real public template.

Staff preview from the admin; "Share preview" makes a link (a ``PreviewLink``
with a random token) that a reviewer without an account can open until it
expires (``PREVIEW_LINK_MAX_AGE``, seven days by default), an editor revokes
it, or the brief is withdrawn. An unknown link is a 404; an expired or ended
one a 410, each a page that says so in the site's own style.

A preview is never cached and never indexed: ``Cache-Control: no-store`` and
``X-Robots-Tag: noindex``, plus a robots meta tag and a visible banner.
"""

import datetime
import secrets

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import csp, selectors
from .models import Brief, PreviewLink
from .models.preview import hash_token
from .views import brief_page_context


def max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "PREVIEW_LINK_MAX_AGE", 7 * 24 * 3600))


def make_link(brief: Brief, *, user, now=None) -> tuple[PreviewLink, str]:
    """A new link for ``brief``, and its token (shown once: only its hash is stored)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = PreviewLink.objects.create(
        brief=brief,
        token_hash=hash_token(token),
        created_by=user if user is not None and user.is_authenticated else None,
        created_at=now,
        expires_at=now + max_age(),
    )
    return link, token


def revoke(link: PreviewLink, *, user, because=PreviewLink.EndedBecause.REVOKED, now=None):
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.revoked_by = user if user is not None and user.is_authenticated else None
        link.ended_because = because
        link.save(update_fields=["revoked_at", "revoked_by", "ended_because"])


def end_links_of_withdrawn_brief(sender, instance, raw=False, **kwargs):
    """``post_save`` of Brief: withdrawing a brief ends every link to its preview."""
    if instance.status == Brief.Status.WITHDRAWN:
        PreviewLink.objects.filter(brief=instance, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), ended_because=PreviewLink.EndedBecause.WITHDRAWN
        )


def render_preview(request, brief: Brief, *, shared: bool, expires=None, status: int = 200):
    """The brief's public page, marked as a preview."""
    brief = get_object_or_404(selectors.with_page_relations(Brief.objects.filter(pk=brief.pk)))
    context = {
        **brief_page_context(request, brief),
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
    brief.render_body()  # the page shows the stored HTML, which is the last save's
    context = {
        **brief_page_context(request, brief),
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
    """The site's one policy (briefs/csp.py), except that the admin may frame the page."""
    policy = csp.policy_for("briefs:brief-detail")
    directives = [d for d in policy.split("; ") if d and not d.startswith("frame-ancestors")]
    return "; ".join([*directives, "frame-ancestors 'self'"])


def mark_private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def shared_preview(request, token: str):
    """What a reviewer without an account sees when they open a shared preview link."""
    link = PreviewLink.objects.for_token(token).select_related("brief").first()
    if link is None:
        return mark_private(render(request, "briefs/preview_invalid.html", status=404))
    brief = link.brief
    if link.is_revoked or brief.status == Brief.Status.WITHDRAWN:
        return mark_private(render(request, "briefs/preview_revoked.html", status=410))
    if link.is_expired:
        return mark_private(render(request, "briefs/preview_expired.html", status=410))
    if brief.is_published:
        return redirect(brief)  # the real page is public now: send the reviewer there
    return render_preview(request, brief, shared=True, expires=link.expires_at)
