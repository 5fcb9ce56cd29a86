from django.contrib.auth import views as auth_views
from django.urls import path

from wardcase.accounts.views import SignInView
from wardcase.core.access import public

urlpatterns = [
    path("sign-in/", public(SignInView.as_view()), name="login"),
    path("sign-out/", public(auth_views.LogoutView.as_view()), name="logout"),
]
