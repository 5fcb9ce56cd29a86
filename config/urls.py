"""Top-level URLs. Every route's view declares who may reach it (see wardcase.core.access)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("wardcase.cases.urls")),
    path("accounts/", include("wardcase.accounts.urls")),
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
    path("audit/", include("wardcase.audit.urls")),
    path("privacy/", include("wardcase.privacy.urls")),
]
