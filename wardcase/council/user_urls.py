"""The users pages, routed at /council/users/ under the namespace council_users."""

from django.urls import path

from wardcase.council.views import users as views

app_name = "council_users"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("invite/", views.user_invite, name="invite"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/role/", views.user_role_change, name="change_role"),
    path("<int:pk>/switch-off/", views.user_switch_off, name="switch_off"),
    path("<int:pk>/switch-on/", views.user_switch_on, name="switch_on"),
    path(
        "<int:pk>/reset-second-factor/",
        views.user_second_factor_reset,
        name="reset_second_factor",
    ),
    path("<int:pk>/unlock/", views.user_unlock, name="unlock"),
    path("<int:pk>/resend-invitation/", views.user_invitation_resend, name="resend_invitation"),
]
