from django.urls import path

from wardcase.core.dbrouters import replica_view
from wardcase.reports.api.views import ResponseTimesView, VolumesView

urlpatterns = [
    path(
        "reports/response-times/",
        replica_view(ResponseTimesView.as_view()),
        name="report-response-times",
    ),
    path("reports/volumes/", replica_view(VolumesView.as_view()), name="report-volumes"),
]
