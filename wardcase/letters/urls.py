from django.urls import path

from wardcase.letters import views

app_name = "letters"
urlpatterns = [
    path("cases/<str:reference>/letters/", views.letter_create, name="create"),
    path("cases/<str:reference>/letters/sent/", views.letter_sent, name="sent"),
]
