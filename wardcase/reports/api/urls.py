from django.urls import path

from wardcase.reports.api.views import ResponseTimesView, VolumesView

urlpatterns = [
    path("reports/response-times/", ResponseTimesView.as_view(), name="report-response-times"),
    path("reports/volumes/", VolumesView.as_view(), name="report-volumes"),
]
