"""API v1. Token or session authentication; every endpoint needs a signed-in user."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("wardcase.cases.api.urls")),
    path("", include("wardcase.directory.api.urls")),
    path("", include("wardcase.accounts.api.urls")),
    path("", include("wardcase.privacy.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
