"""Decorators every web view goes through. A test walks the URLconf and fails any view
that has not declared, through one of these, who may reach it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wardcase.core.errors import NotFound


def _mark(view, rule):
    view.wardcase_access = rule
    return view


def signed_in(roles=None):
    """Any signed-in, active user; with `roles`, only those roles (others get 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_active:
                raise PermissionDenied
            if roles is not None and request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, f"signed-in:{','.join(sorted(roles)) if roles else 'any'}")

    return decorator


def case_view(view):
    """A view of one case: signed in, and the case is one the user may see (else 404).

    The view receives the case in place of the reference.
    """
    from wardcase.cases.selectors import case_get

    @login_required
    @wraps(view)
    def wrapper(request, reference, *args, **kwargs):
        try:
            case = case_get(user=request.user, reference=reference)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        return view(request, case, *args, **kwargs)

    return _mark(wrapper, "case-visible")


def second_factor_step(view):
    """A step of signing in after the password (setting up or entering a second factor):
    signed in, but reachable before the session has passed its second factor."""
    return _mark(login_required(view), "second-factor")


def public(view):
    """Reachable without signing in (sign-in page, health check). Use sparingly."""
    return _mark(view, "public")
