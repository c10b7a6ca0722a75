"""A strict Content-Security-Policy on the public site's pages.

The public templates have no inline script, no style attribute and load
nothing from another host, so the policy can forbid all of that. It applies
to the pages of the ``briefs`` URL namespace only: the admin and the API
documentation bring their own scripts and are left alone.
"""

from django.conf import settings


class PublicSiteContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        policy = getattr(settings, "PUBLIC_CONTENT_SECURITY_POLICY", "")
        if policy and match is not None and match.app_name == "briefs":
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
