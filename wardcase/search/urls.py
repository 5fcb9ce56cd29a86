from django.urls import path

from wardcase.search import views

app_name = "search"
urlpatterns = [
    path("", views.search, name="search"),
    path("saved/", views.saved_search_save, name="save"),
    path("saved/<int:pk>/delete/", views.saved_search_remove, name="delete"),
]
