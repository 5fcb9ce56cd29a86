from django.urls import path

from wardcase.mail import views

app_name = "mail"
urlpatterns = [
    path("", views.notification_settings, name="notification_settings"),
]
