from django.urls import path

from wardcase.core.dbrouters import replica_view
from wardcase.search import views

app_name = "search"
urlpatterns = [
    path("", replica_view(views.search), name="search"),
    path("saved/", views.saved_search_save, name="save"),
    path("saved/<int:pk>/delete/", views.saved_search_remove, name="delete"),
]
