"""Permanent redirects from the old URLs of renamed briefs and entities.

A changed slug leaves its old path behind however the change is made: the
admin, the shell, a management command or an importer all end in ``save()``,
and the ``pre_save``/``post_save`` pair below (connected in ``apps.py`` for
every model with a ``slug`` and a ``get_absolute_url``) records the old path
against the object. The redirect is written after the save, in the caller's
transaction, so a save that fails or is rolled back records nothing.

What skips it: ``QuerySet.update()``, which sends no signals, and raw saves,
which are how fixtures load (``loaddata``) and how django-reversion writes an
old version back; the admin's restore view records its own change
(``BaseAdmin.revision_view``).

``SlugRedirectFallbackMiddleware`` answers only requests that would otherwise
be a 404 (like ``django.contrib.redirects``), so public views need no change
and a live page is never shadowed by an old redirect. An old slug of a brief
that is not published (withdrawn, say) answers 404 like the brief itself.
"""

import copy

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect

from .models import SlugRedirect

# Where pre_save leaves the object as it is stored, for post_save to compare.
_STORED = "_slug_redirect_stored"


def has_slugged_url(model) -> bool:
    """Whether ``model``'s public address is built from its slug."""
    fields = {field.name for field in model._meta.concrete_fields}
    return "slug" in fields and hasattr(model, "get_absolute_url")


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


def note_stored_slug(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    """Before a save: if the slug is about to change, keep the object as it stands."""
    instance.__dict__.pop(_STORED, None)
    if raw or instance.pk is None or (update_fields is not None and "slug" not in update_fields):
        return
    stored_slug = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values_list("slug", flat=True)
        .first()
    )
    if stored_slug is not None and stored_slug != instance.slug:
        stored = copy.copy(instance)
        stored.slug = stored_slug
        instance.__dict__[_STORED] = stored


def record_slug_change_on_save(sender, instance, raw=False, **kwargs):
    """After a save that changed the slug: redirect the old path to the object."""
    stored = instance.__dict__.pop(_STORED, None)
    if stored is not None and not raw:
        record_slug_change(stored, instance)


def redirect_target(path: str) -> str | None:
    redirect = SlugRedirect.objects.filter(old_path=path).select_related("content_type").first()
    if redirect is None:
        return None
    target = redirect.target  # None once the object is deleted
    if target is None or not getattr(target, "is_published", True):
        # A brief off the site (withdrawn, or back to draft) answers as the brief does,
        # a 404: following the redirect would only give away its new address.
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
