"""Session lifetime and caching rules that hold for every request (see docs/security.md)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

SIGNED_IN_AT = "wardcase_signed_in_at"
SEEN_AT = "wardcase_seen_at"
# The last-seen time is rewritten at most this often, so a busy user does not cost a
# session write per request; the idle timeout is exact to within this.
SEEN_AT_RESOLUTION_SECONDS = 60


def session_clock_start(sender, request, user, **kwargs):
    """On sign-in (django.contrib.auth's user_logged_in), start both session clocks, so the
    first pages after signing in need no session write."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = time.time()


class SessionTimeoutMiddleware:
    """Sign a user out after WARDCASE_SESSION_IDLE_SECONDS without a request, and
    WARDCASE_SESSION_ABSOLUTE_SECONDS after signing in, whichever comes first.

    Runs in process_view, after the messages middleware, so the sign-in page can say why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        session = request.session
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        seen_at = session.get(SEEN_AT)
        if signed_in_at is None:
            session[SIGNED_IN_AT] = session[SEEN_AT] = now
            return None
        if now - signed_in_at > settings.WARDCASE_SESSION_ABSOLUTE_SECONDS:
            return self._sign_out(
                request,
                _("You have been signed out because you signed in more than %(hours)s hours ago.")
                % {"hours": settings.WARDCASE_SESSION_ABSOLUTE_SECONDS // 3600},
            )
        if seen_at is not None and now - seen_at > settings.WARDCASE_SESSION_IDLE_SECONDS:
            return self._sign_out(
                request,
                _("You have been signed out because you were inactive for %(minutes)s minutes.")
                % {"minutes": settings.WARDCASE_SESSION_IDLE_SECONDS // 60},
            )
        if seen_at is None or now - seen_at >= SEEN_AT_RESOLUTION_SECONDS:
            session[SEEN_AT] = now
        return None

    @staticmethod
    def _sign_out(request, reason):
        # The request goes on as anonymous: a page sends the user to sign in, the API refuses.
        logout(request)
        messages.info(request, reason)
        return None


class NoStoreForPersonalDataMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user and on every API
    response: they carry personal data that must not stay in a browser or proxy cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response
