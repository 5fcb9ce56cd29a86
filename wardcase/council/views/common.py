"""What every Council settings page shares: the access rule, and the shapes of a form
page, an add page and a button's POST, each calling a service of the app that owns the data."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wardcase.core.access import signed_in
from wardcase.core.errors import NotFound, ServiceError
from wardcase.council import selectors
from wardcase.directory.permissions import COUNCIL_SETTINGS_ROLES

council_view = signed_in(roles=COUNCIL_SETTINGS_ROLES)


def setting_or_404(kind, request, pk):
    try:
        return selectors.setting_get(kind=kind, user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def form_page(request, *, form, template, context, on_valid):
    """A GET shows the form; a valid POST calls `on_valid(form)`, which calls a service and
    returns the redirect. A ServiceError lands on the form, which keeps what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid(form)
        except ServiceError as exc:
            form.add_service_error(exc)
    context = {**context, "form": form, "error_forms": [form]}
    return render(request, template, context, status=400 if form.is_bound else 200)


def button_action(request, action, *, done, back):
    """A button's POST: run the service; say what happened, or why not, on `back`."""
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


def add_page(request, *, form_class, create, title, done, listing):
    """An "add" page: the form, then the service `create(by=..., **cleaned_data)`."""

    def add(form):
        created = create(by=request.user, **form.cleaned_data)
        messages.success(request, done % {"name": str(created)})
        return redirect(listing)

    return form_page(
        request,
        form=form_class(request.POST or None),
        template="council/form.html",
        context={"title": title, "back": reverse(listing)},
        on_valid=add,
    )


def delete_action(request, kind, pk, *, delete, done, edit, listing):
    """A delete button's POST: back to the list when done, to the edit page saying why not."""
    obj = setting_or_404(kind, request, pk)
    name = str(obj)
    try:
        delete(obj)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(edit, pk=pk)
    messages.success(request, done % {"name": name})
    return redirect(listing)


def switch_action(request, kind, pk, *, switch, on, off, edit):
    """A switch-on/switch-off button's POST; the form sends active=on to switch on."""
    obj = setting_or_404(kind, request, pk)
    active = request.POST.get("active") == "on"
    return button_action(
        request,
        lambda: switch(obj, active),
        done=(on if active else off) % {"name": str(obj)},
        back=reverse(edit, args=[pk]),
    )


def say_saved(request, changed, what):
    messages.success(
        request, _("%(what)s saved") % {"what": what} if changed else _("Nothing changed")
    )
