"""Permanent redirects from the old URLs of renamed briefs and entities.

When an editor changes a slug, the old path is recorded against the object.
``SlugRedirectFallbackMiddleware`` answers only requests that would otherwise
be a 404 (like ``django.contrib.redirects``), so public views need no change
and a live page is never shadowed by an old redirect.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect

from .models import SlugRedirect


def record_slug_change(old, new) -> SlugRedirect | None:
    """Remember ``old``'s URL for ``new`` (the same object, saved with another slug)."""
    if not hasattr(new, "get_absolute_url") or old is None:
        return None
    old_path, new_path = old.get_absolute_url(), new.get_absolute_url()
    # A path in use again (a slug changed back) must serve its page, not loop.
    SlugRedirect.objects.filter(old_path=new_path).delete()
    if old_path == new_path:
        return None
    redirect, _ = SlugRedirect.objects.update_or_create(
        old_path=old_path,
        defaults={
            "content_type": ContentType.objects.get_for_model(new),
            "object_id": str(new.pk),
        },
    )
    return redirect


def redirect_target(path: str) -> str | None:
    redirect = SlugRedirect.objects.filter(old_path=path).select_related("content_type").first()
    if redirect is None:
        return None
    target = redirect.target  # None once the object is deleted
    if target is None:
        return None
    new_path = target.get_absolute_url()
    return new_path if new_path != path else None


class SlugRedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = redirect_target(request.path)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
