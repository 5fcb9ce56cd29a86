"""Charter pages for coordinators and heads of service."""

from django.urls import path

from wardcase.charter import views

app_name = "charter"

urlpatterns = [
    path("overdue/", views.overdue, name="overdue"),
    path("queues/<str:username>/", views.officer_queue, name="officer_queue"),
]
