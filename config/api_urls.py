"""API v1. Token or session authentication; every endpoint needs a signed-in user."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from wardcase.mail.inbound.api import InboundWebhookView

urlpatterns = [
    path("", include("wardcase.cases.api.urls")),
    path("", include("wardcase.directory.api.urls")),
    path("", include("wardcase.accounts.api.urls")),
    path("", include("wardcase.letters.api.urls")),
    path("mail/inbound/", InboundWebhookView.as_view(), name="mail-inbound-webhook"),
    path("", include("wardcase.privacy.api.urls")),
    path("", include("wardcase.search.api.urls")),
    path("", include("wardcase.reports.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
