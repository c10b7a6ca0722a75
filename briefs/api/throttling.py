"""Anonymous throttling whose rate is read at request time, and the headers that tell
a client where it stands.

DRF's own throttles copy the rate when the class is defined; reading it per request
lets the setting (API_ANON_THROTTLE_RATE, default generous) change without a restart
of the test process, and keeps the rate in one place: REST_FRAMEWORK's throttle rates.

Every throttled response says how much is left, in the headers of the IETF draft
"RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-06):
``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset`` (seconds) and
``RateLimit-Policy`` (``600;w=60``: 600 requests in a 60-second window). A 429 also
carries ``Retry-After``.
"""

import math

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousReadThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "history", None) is not None:
            request.rate_limit = self.standing()
        return allowed

    def standing(self) -> dict[str, str]:
        """The four header values after this request was counted (or refused)."""
        remaining = max(0, self.num_requests - len(self.history))
        if self.history:
            # The oldest request still counted leaves the window first.
            reset = max(0, math.ceil(self.history[-1] + self.duration - self.now))
        else:
            reset = self.duration
        return {
            "RateLimit-Limit": str(self.num_requests),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(reset),
            "RateLimit-Policy": f"{self.num_requests};w={self.duration}",
        }


class RateLimitHeadersMixin:
    """Copies the throttle's standing onto the response, errors included."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in getattr(request, "rate_limit", {}).items():
            response[name] = value
        return response
