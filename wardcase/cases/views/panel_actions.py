"""The one way a case page's action panel is posted: bind its form, call the service,
and answer with a redirect, a 403, a 404 or the page again with the errors (400).

Used by the case's own actions and by the charter's actions on its clocks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wardcase.accounts.models import User
from wardcase.cases import selectors
from wardcase.cases.forms import ask_to_reattach_files
from wardcase.cases.models import Case
from wardcase.cases.views.case_detail import PANELS_BY_KEY, render_case_page
from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError


def case_panel_action(
    *,
    request: HttpRequest,
    case: Case,
    panel_key: str,
    call: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    redirect_to: str | None = None,
    show_errors: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """Bind the panel's form, run `call(cleaned_data)` through the service, and answer.

    `success` is the message shown after the redirect, or a function of what `call`
    returned that gives it. `redirect_to` is where to go after, if not the case page;
    `show_errors(form)` answers a form with errors, if not with the case page.
    """
    panel = PANELS_BY_KEY[panel_key]
    if not panel.allowed(request.user, case):
        raise PermissionDenied
    form = panel.form_class(request.POST, request.FILES, user=request.user, case=case)
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ActionNotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            message = success(result) if callable(success) else success
            user = request.user
            assert isinstance(user, User)  # the case views require a signed-in user
            if not selectors.visible_cases(user=user).filter(pk=case.pk).exists():
                # Done, and now out of the user's sight (a restricted case assigned, a case
                # sent back): say so here, as the case page would be a 404.
                return render(request, "cases/action_done.html", {"message": message})
            messages.success(request, message)
            return redirect(redirect_to or case)
    ask_to_reattach_files(request, form)
    if show_errors is not None:
        return show_errors(form)
    return render_case_page(request, case, bound={panel_key: form}, status=400)
