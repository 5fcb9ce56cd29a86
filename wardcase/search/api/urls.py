from django.urls import path

from wardcase.core.dbrouters import replica_view
from wardcase.search.api.views import SearchView

urlpatterns = [path("search/", replica_view(SearchView.as_view()), name="api-search")]
