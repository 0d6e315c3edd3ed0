"""The rate limit per address: DRF's ``AnonRateThrottle`` (its counts in Django's cache, so several app
servers on one Redis share them) at ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]``, which the
environment's ``API_RATE`` sets (default 120/min; ``make loadtest`` sets a higher one). Over it: 429 with
``Retry-After`` (``problems.py``).

The address is ``REMOTE_ADDR``; behind ``TRUSTED_PROXY_COUNT`` reverse proxies (DRF's ``NUM_PROXIES``)
it is the one that many places from the right in ``X-Forwarded-For``, so a client cannot choose its own.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class PerAddress(AnonRateThrottle):
    def get_rate(self):
        # Read at each request, not at import (AnonRateThrottle's class attribute): a changed setting counts.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
