"""Web routes for privacy work; every one is for coordinators and administrators only."""

from django.urls import path

from wardcase.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy_home, name="home"),
    path("constituents/", views.constituent_search, name="search"),
    path("constituents/<int:pk>/", views.constituent_detail, name="constituent"),
    path(
        "constituents/<int:pk>/access-request/",
        views.access_request_open,
        name="access_request_open",
    ),
    path("constituents/<int:pk>/correct/", views.constituent_rectify, name="rectify"),
    path("constituents/<int:pk>/erase/", views.constituent_erase, name="erase"),
    path("requests/<int:pk>/export/", views.access_request_export, name="access_request_export"),
    path("requests/<int:pk>/answered/", views.access_request_fulfil, name="access_request_fulfil"),
    path("councillors/", views.councillor_list, name="councillors"),
    path("councillors/<int:pk>/", views.councillor_handover, name="councillor"),
    path("councillors/<int:pk>/export/", views.councillor_export, name="councillor_export"),
]
