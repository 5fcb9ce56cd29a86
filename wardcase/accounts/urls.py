from django.urls import path

from wardcase.accounts.views import password, two_factor
from wardcase.accounts.views.cover import cover_end_view, cover_page
from wardcase.accounts.views.invitation import invitation_accept_view
from wardcase.accounts.views.oidc import SignOutView
from wardcase.accounts.views.sign_in import SignInView
from wardcase.core.access import public

urlpatterns = [
    path("sign-in/", public(SignInView.as_view()), name="login"),
    path("sign-out/", public(SignOutView.as_view()), name="logout"),
    path("cover/", cover_page, name="cover"),
    path("cover/<int:pk>/end/", cover_end_view, name="cover_end"),
    path("two-factor/", two_factor.second_factor_enter, name="two_factor"),
    path("two-factor/set-up/", two_factor.second_factor_setup, name="two_factor_setup"),
    path("recovery-codes/", two_factor.recovery_codes, name="recovery_codes"),
    path("invitation/<str:token>/", invitation_accept_view, name="invitation_accept"),
    path("password-reset/", password.password_reset, name="password_reset"),
    path("password-reset/done/", password.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        password.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        password.password_reset_complete,
        name="password_reset_complete",
    ),
    path("password-change/", password.password_change, name="password_change"),
    path("password-change/done/", password.password_change_done, name="password_change_done"),
]
