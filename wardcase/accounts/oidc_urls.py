"""The council-account sign-in's URLs; /oidc/callback/ is the redirect URI to register."""

from django.urls import path

from wardcase.accounts.views.oidc import council_account_callback, council_account_sign_in
from wardcase.core.access import public

urlpatterns = [
    path("authenticate/", public(council_account_sign_in), name="oidc_authentication_init"),
    path("callback/", public(council_account_callback), name="oidc_authentication_callback"),
]
