"""Bench mode (WARDCASE_BENCH=true): the floors bench/run.py measures pages against, and
each response's query count. Off by default; never on a server people use.

- `GET /bench/trivial/`: a response that touches no session and no database;
- `GET /bench/signed-in/`: a response that only loads the signed-in user (session, user,
  second factor), as every signed-in page must;
- `X-Bench-Queries` on every response: the SQL queries the request ran.

With bench mode off the two views answer 404 and the middleware is not installed.
"""

from django.conf import settings
from django.db import connections
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from wardcase.core.access import public, signed_in

QUERIES_HEADER = "X-Bench-Queries"


def _bench_only():
    if not settings.WARDCASE_BENCH:
        raise Http404


@public
@require_safe
def bench_trivial(request):
    """The floor of any page: routing, middleware and a response, nothing more."""
    _bench_only()
    return HttpResponse("ok", content_type="text/plain")


@signed_in()
@require_safe
def bench_signed_in(request):
    """The floor of a signed-in page: the session and the user are loaded, nothing else."""
    _bench_only()
    return HttpResponse(request.user.get_username(), content_type="text/plain")


class QueryCountMiddleware:
    """Count every query a request runs (sessions and sign-in included, as it is first)
    and say so in a response header. Installed only in bench mode (config.settings.base)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counting) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERIES_HEADER] = str(count)
        return response
