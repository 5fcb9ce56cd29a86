"""Report pages for coordinators, heads of service, councillors and administrators.

Reports and their downloads read from the read replica, where there is one (docs/scaling.md).
"""

from django.urls import path

from wardcase.core.dbrouters import replica_view
from wardcase.reports import views

app_name = "reports"

urlpatterns = [
    path("", replica_view(views.index), name="index"),
    path("response-times/", replica_view(views.response_times), name="response_times"),
    path("volumes/", replica_view(views.volumes), name="volumes"),
    path("quarterly/", replica_view(views.quarterly), name="quarterly"),
    path("enquiry-types/", replica_view(views.enquiry_types), name="enquiry_types"),
]
