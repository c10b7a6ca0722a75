"""One Content-Security-Policy and one Permissions-Policy on every response the site makes.

The policy is ``CONTENT_SECURITY_POLICY`` in the settings, a dict of directives:
nothing is allowed unless named (``default-src 'none'``), scripts, styles, fonts
and fetches only from this host, no inline script or style, no plugins, no
framing, forms posting only here. It covers the public pages, the admin, the API
and its documentation, feeds, static files and the error pages (a 404 has no
URL name, so it simply gets the base policy).

The public templates have no inline script or style attribute (tests/site/
test_markup.py), and neither has Django's admin. Where a page cannot work under
the base policy, ``CONTENT_SECURITY_POLICY_RELAXATIONS`` adds sources to it by
URL name, and only there; each entry says why in the settings. Today there is
one: ReDoc (``api:redoc``), which injects its styles as ``<style>`` elements
(styled-components) and runs its search in a ``blob:`` worker.

When media is served from another host (``MEDIA_URL`` an absolute URL, as with
object storage), that origin is added to ``img-src``.
"""

from urllib.parse import urlsplit

from django.conf import settings


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def policy_for(url_name: str | None) -> str:
    """The header value for a response of the view named ``url_name`` ("api:redoc")."""
    directives = {name: list(sources) for name, sources in settings.CONTENT_SECURITY_POLICY.items()}
    # Uploaded images from another host: MEDIA_URL's, or object storage's (MEDIA_ORIGIN,
    # space-separated origins set with MEDIA_STORAGE=s3).
    media = [_origin(str(settings.MEDIA_URL)), *getattr(settings, "MEDIA_ORIGIN", "").split()]
    directives.setdefault("img-src", []).extend(origin for origin in media if origin)
    relaxations = settings.CONTENT_SECURITY_POLICY_RELAXATIONS.get(url_name or "", {})
    for name, sources in relaxations.items():
        directives.setdefault(name, []).extend(sources)
    return "; ".join(
        " ".join([name, *dict.fromkeys(sources)]) for name, sources in directives.items()
    )


def parse_policy(header: str) -> dict[str, list[str]]:
    """A policy header as {directive: [sources]}, for tests and checks."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split() or [""]
        if name:
            directives.setdefault(name.lower(), sources)
    return directives


def permissions_policy() -> str:
    features = settings.PERMISSIONS_POLICY.items()
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        response.headers.setdefault(
            "Content-Security-Policy", policy_for(match.view_name if match else None)
        )
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
