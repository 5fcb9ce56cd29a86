"""The pages for "not found" and "server error": JSON under the API, GOV.UK pages elsewhere.

A request under /api/ that no route matches (a reference with characters no reference
has, say) never reaches DRF, so without these it would get the HTML page: a client of the
API always gets the same JSON error shape, whatever went wrong.
"""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request):
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {"detail": "Something went wrong on our side. Nothing was changed; try again."},
            status=500,
        )
    return defaults.server_error(request)
