"""A password alone opens nothing: a signed-in session must also have passed a second factor."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from rest_framework.views import APIView

from wardcase.accounts.oidc import OIDC_SIGN_IN_SESSION_KEY, oidc_counts_as_second_factor

# Views an unverified session may reach: the sign-in and second-factor steps themselves.
OPEN_BEFORE_SECOND_FACTOR = {"public", "second-factor"}


def session_is_verified(request):
    """Whether this session passed its second factor. django_otp.login records the device
    in the (server-side) session only after a code was accepted, so its presence is the
    proof; not loading the device keeps every page one query lighter. A council-account
    (OpenID Connect) sign-in passed the provider's own second factor, unless
    WARDCASE_OIDC_REQUIRE_LOCAL_2FA asks for Wardcase's as well."""
    if request.session.get(DEVICE_ID_SESSION_KEY):
        return True
    return bool(request.session.get(OIDC_SIGN_IN_SESSION_KEY)) and oidc_counts_as_second_factor()


class SecondFactorMiddleware:
    """Gives `request.user.is_verified()`, and with WARDCASE_REQUIRE_2FA sends a signed-in
    but unverified session to the second-factor step for every page (the admin included);
    to the API such a session counts as anonymous. API tokens are not sessions, and are
    issued by administrators: they are not affected.

    Used instead of django-otp's OTPMiddleware, which loads the device on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        verified = user.is_authenticated and session_is_verified(request)
        user.is_verified = lambda: verified
        if verified or not user.is_authenticated or not settings.WARDCASE_REQUIRE_2FA:
            return None
        if getattr(view_func, "wardcase_access", None) in OPEN_BEFORE_SECOND_FACTOR:
            return None
        api_class = getattr(view_func, "cls", None)
        if isinstance(api_class, type) and issubclass(api_class, APIView):
            request.user = AnonymousUser()
            request.user.is_verified = lambda: False
            return None
        return redirect_to_login(request.get_full_path(), reverse("two_factor"))
