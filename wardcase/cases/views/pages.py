"""Static pages anyone may read: the accessibility statement and the help for each role."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wardcase.accounts.models import Role
from wardcase.core.access import public


@public
@require_safe
def accessibility(request):
    return render(request, "accessibility.html")


@public
@require_safe
def help_index(request):
    """Help for every role; a signed-in user's own is marked."""
    return render(request, "help/index.html", {"roles": Role.choices})


@public
@require_safe
def help_role(request, role):
    """A short page in plain English of what one role does in Wardcase."""
    if role not in Role.values:
        raise Http404("No help for that role.")
    context = {"role": role, "role_name": Role(role).label}
    return render(request, f"help/{role}.html", context)
