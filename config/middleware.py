"""Idle sessions end, without a database write on every request.

Django's own way (SESSION_SAVE_EVERY_REQUEST) rewrites the session row on each request. Here a
signed-in session is renewed at most every RENEW_EVERY seconds, so it ends between
SESSION_COOKIE_AGE - RENEW_EVERY and SESSION_COOKIE_AGE after the last request.
"""

import time

RENEW_EVERY = 5 * 60
RENEWED_AT = "_renewed_at"


class RenewIdleSession:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and session.session_key:
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= RENEW_EVERY:
                session[RENEWED_AT] = now  # modified: SessionMiddleware saves it with a new expiry
        return response
