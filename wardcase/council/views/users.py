"""The users pages (/council/users/): administrators run the council's people here.

Every page and every POST is for the administrator role only (others get 403); each action
is a service call, audited there; destructive ones ask for confirmation first.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from wardcase.accounts import services
from wardcase.accounts.invitations import invitation_pending
from wardcase.accounts.permissions import ADMINISTRATOR_ROLES
from wardcase.accounts.selectors import user_for_admin, users_for_admin
from wardcase.core.access import signed_in
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.pagination import paginate
from wardcase.council.user_forms import InviteForm, RoleChangeForm, UserFilterForm
from wardcase.directory.services import people

administrators_only = signed_in(roles=ADMINISTRATOR_ROLES)


def _person(request, pk):
    person = user_for_admin(user=request.user, pk=pk)
    if person is None:
        raise Http404
    return person


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, exc):
    for field, message in getattr(exc, "problems", {exc.field: exc.message}).items():
        form.add_error(field if field in form.fields else None, message)


@administrators_only
@require_http_methods(["GET"])
def user_list(request):
    """Everyone, filtered by role and searched by name, a page at a time."""
    filters = UserFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    people = users_for_admin(
        user=request.user, role=cleaned.get("role", ""), query=cleaned.get("q", "")
    )
    page, pagination = paginate(request, people, label=_("Pages of users"))
    return render(
        request,
        "accounts/council/user_list.html",
        {"filters": filters, "page": page, "pagination": pagination},
    )


@administrators_only
@require_http_methods(["GET", "POST"])
def user_invite(request):
    """Invite a new user: their details and role; the invitation is emailed to them."""
    form = InviteForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person, _sent = people.user_invite(by=request.user, **form.cleaned_data)
        except ActionNotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except ServiceError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s has been invited. The invitation was sent to %(email)s.")
                % {"name": person, "email": person.email},
            )
            return redirect("council_users:detail", pk=person.pk)
    status = 400 if form.is_bound else 200
    return render(request, "accounts/council/user_invite.html", {"form": form}, status=status)


@administrators_only
@require_http_methods(["GET"])
def user_detail(request, pk):
    """One person: their details, state, and what an administrator can do about them."""
    person = _person(request, pk)
    context = {
        "person": person,
        "acts_for": list(person.acts_for.order_by("name")),
        "invitation": invitation_pending(user=person),
        "has_app": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
        "locked_out": services.user_locked_out(user=person),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "accounts/council/user_detail.html", context)


@administrators_only
@require_http_methods(["GET", "POST"])
def user_role_change(request, pk):
    """Change a person's role, and the ward, department or councillors it needs."""
    person = _person(request, pk)
    initial = {
        "role": person.role,
        "ward": person.ward,
        "department": person.department,
        "acts_for": list(person.acts_for.all()),
    }
    form = RoleChangeForm(_posted(request), initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            people.user_role_change(by=request.user, user=person, **form.cleaned_data)
        except ServiceError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s's role has been changed.") % {"name": person})
            return redirect("council_users:detail", pk=person.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "accounts/council/user_role.html",
        {"form": form, "person": person, "headed": list(person.headed_departments.all())},
        status=status,
    )


def _action_view(action, *, done, confirm_template=None):
    """A view for one action on a person. With `confirm_template`, GET asks first (for what
    cannot simply be undone); POST does it and goes back to the person's page."""

    @administrators_only
    @require_http_methods(["GET", "POST"] if confirm_template else ["POST"])
    def view(request, pk):
        person = _person(request, pk)
        if request.method == "GET":
            return render(request, confirm_template, {"person": person})
        try:
            action(by=request.user, user=person)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done % {"name": person, "email": person.email})
        return redirect("council_users:detail", pk=person.pk)

    view.__name__ = view.__qualname__ = action.__name__ + "_view"
    return view


user_switch_off = _action_view(
    services.user_switch_off,
    confirm_template="accounts/council/confirm_switch_off.html",
    done=gettext_lazy("%(name)s has been switched off and signed out everywhere."),
)
user_second_factor_reset = _action_view(
    services.user_second_factor_reset,
    confirm_template="accounts/council/confirm_second_factor_reset.html",
    done=gettext_lazy(
        "%(name)s's authenticator app has been removed. They will set up a new one "
        "when they next sign in."
    ),
)
user_switch_on = _action_view(
    services.user_switch_on,
    done=gettext_lazy("%(name)s has been switched back on and can sign in."),
)
user_unlock = _action_view(
    services.user_unlock,
    done=gettext_lazy("%(name)s has been unlocked and can try to sign in again now."),
)
user_invitation_resend = _action_view(
    services.user_invitation_resend,
    done=gettext_lazy("A new invitation has been sent to %(email)s. Earlier links no longer work."),
)
