"""Top-level URLs. Every route's view declares who may reach it (see wardcase.core.access)."""

from django.contrib import admin
from django.urls import include, path

from wardcase.cases.urls import charter_patterns
from wardcase.core.bench import bench_signed_in, bench_trivial
from wardcase.core.health import healthz

urlpatterns = [
    path("", include("wardcase.cases.urls")),
    path("accounts/", include("wardcase.accounts.urls")),
    path("oidc/", include("wardcase.accounts.oidc_urls")),
    path("charter/", include((charter_patterns, "charter"))),
    path("api/v1/", include("config.api_urls")),
    path("mail/", include("wardcase.mail.inbound.urls")),
    path("admin/", admin.site.urls),
    path("notifications/", include("wardcase.mail.urls")),
    path("", include("wardcase.letters.urls")),
    path("audit/", include("wardcase.privacy.audit_urls")),
    path("privacy/", include("wardcase.privacy.urls")),
    path("search/", include("wardcase.search.urls")),
    path("reports/", include("wardcase.reports.urls")),
    path("council/users/", include("wardcase.council.user_urls")),
    path("council/", include("wardcase.council.urls")),
    path("healthz/", healthz, name="healthz"),
    # 404 unless WARDCASE_BENCH is on (bench/run.py's floors).
    path("bench/trivial/", bench_trivial, name="bench_trivial"),
    path("bench/signed-in/", bench_signed_in, name="bench_signed_in"),
]

handler404 = "wardcase.core.error_views.page_not_found"
handler500 = "wardcase.core.error_views.server_error"
