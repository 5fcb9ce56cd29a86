"""Every route declares who may reach it, and none answers an anonymous visitor with content."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import AllowAny

PUBLIC_ROUTES = {"login", "logout", "accessibility", "invitation_accept", "healthz"}
# Help in plain English for each role: no data, and useful before signing in.
PUBLIC_ROUTES |= {"help", "help_role"}
# Forgotten password: Django's views, throttled and answering the same for any address.
PUBLIC_ROUTES |= {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Sign-in with the council's account: the start of the flow and the provider's redirect back.
PUBLIC_ROUTES |= {"oidc_authentication_init", "oidc_authentication_callback"}
# Bench mode's trivial floor: "ok" and nothing else, 404 unless WARDCASE_BENCH is on.
PUBLIC_ROUTES |= {"bench_trivial"}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def routes():
    return [r for r in walk(get_resolver().url_patterns) if r[1] != "admin"]


def test_every_route_declares_its_permission_check():
    """A view without a wardcase_access mark, or an API view open to anyone, fails the build."""
    unchecked = []
    for route, _namespace, pattern in routes():
        callback = pattern.callback
        api_class = getattr(callback, "cls", None)
        if api_class is not None and hasattr(api_class, "permission_classes"):
            if not api_class.permission_classes or AllowAny in api_class.permission_classes:
                unchecked.append(route)
            continue
        if not hasattr(callback, "wardcase_access"):
            unchecked.append(route)
    assert unchecked == []


def test_only_named_routes_are_public():
    """Routes reachable without signing in are the few we chose."""
    public = {
        pattern.name
        for _route, _ns, pattern in routes()
        if getattr(pattern.callback, "wardcase_access", None) == "public"
    }
    assert public <= PUBLIC_ROUTES


def fill(route):
    """A concrete path for a route pattern, with made-up values for its parameters."""
    import re

    path = route.replace("^", "").replace("$", "").replace("\\.", ".")
    path = re.sub(r"\(\?P<reference>[^)]*\)", "WC-2026-000001", path)
    path = re.sub(r"\(\?P<format>[^)]*\)", "json", path)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", path)
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<(?:str:)?reference>", "WC-2026-000001", path)
    path = re.sub(r"<[^>]+>", "x", path)
    return "/" + path.lstrip("/")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_get_nothing(client, world, method):
    """Anonymous GETs and POSTs to every non-public route are turned away, never served."""
    served, tried = [], 0
    for route, _ns, pattern in routes():
        if getattr(pattern.callback, "wardcase_access", None) == "public":
            continue
        path = fill(route)
        tried += 1
        response = getattr(client, method)(path)
        turned_away = response.status_code in (401, 403, 404, 405) or (
            response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
        )
        if not turned_away:
            served.append((path, response.status_code))
    assert served == []
    assert tried > 10


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/cases/{ref}/send-back/", "/api/v1/cases/{ref}/send-back/"])
def test_send_back_is_a_checked_route_closed_to_anonymous_visitors(client, world, path):
    """The send-back routes are in the URLconf walk, marked, and refuse anonymous POSTs."""
    walked = {fill(route) for route, _ns, _pattern in routes()}
    assert path.format(ref="WC-2026-000001") in walked
    response = client.post(path.format(ref=world.case.reference), {"reason": "Not ours"})
    assert response.status_code in {302, 401, 403}
    assert world.case.events.filter(kind="sent_back").count() == 0
