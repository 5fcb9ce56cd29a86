"""Web routes for reading the audit log; the `audit:` names, kept by privacy, which
answers for who saw what."""

from django.urls import path

from wardcase.privacy.views import audit as views

app_name = "audit"
urlpatterns = [
    path("case-history/", views.case_history, name="case_history"),
]
