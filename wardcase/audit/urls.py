"""Web routes for the audit log."""

from django.urls import path

from wardcase.audit import views

app_name = "audit"
urlpatterns = [
    path("case-history/", views.case_history, name="case_history"),
]
