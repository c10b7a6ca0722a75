"""Anonymous throttling whose rate is read at request time.

DRF's own throttles copy the rate when the class is defined; reading it per request
lets the setting (API_ANON_THROTTLE_RATE, default generous) change without a restart
of the test process, and keeps the rate in one place: REST_FRAMEWORK's throttle rates.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousReadThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
