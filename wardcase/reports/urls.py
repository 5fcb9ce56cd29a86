"""Report pages for coordinators, heads of service, councillors and administrators."""

from django.urls import path

from wardcase.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("response-times/", views.response_times, name="response_times"),
    path("volumes/", views.volumes, name="volumes"),
    path("quarterly/", views.quarterly, name="quarterly"),
    path("enquiry-types/", views.enquiry_types, name="enquiry_types"),
]
