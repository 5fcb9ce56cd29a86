"""Decorators every web view goes through. A test walks the URLconf and fails any view
that has not declared, through one of these, who may reach it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def mark_access(view, rule):
    """Record on `view` who may reach it, for the test that walks the URLconf. Apps that
    write their own access decorators (cases' `case_view`) mark their views with this."""
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

        return mark_access(wrapper, f"signed-in:{','.join(sorted(roles)) if roles else 'any'}")

    return decorator


def second_factor_step(view):
    """A step of signing in after the password (setting up or entering a second factor):
    signed in, but reachable before the session has passed its second factor."""
    return mark_access(login_required(view), "second-factor")


def public(view):
    """Reachable without signing in (sign-in page, health check). Use sparingly."""
    return mark_access(view, "public")
