"""The project's URLs plus a stand-in users page, as when the users pages are installed."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urls
from wardcase.core.access import signed_in


@signed_in(roles={"administrator"})
def users_stand_in(request):
    return HttpResponse("users")


urlpatterns = [
    path("council/users/", include(([path("", users_stand_in, name="list")], "council_users"))),
    *project_urls,
]
