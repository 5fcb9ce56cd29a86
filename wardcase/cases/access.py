"""The access decorator of the views of one case (see wardcase.core.access for the rest)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from wardcase.cases.selectors import case_get
from wardcase.core.access import mark_access
from wardcase.core.errors import NotFound


def case_view(view):
    """A view of one case: signed in, and the case is one the user may see (else 404).

    The view receives the case in place of the reference.
    """

    @login_required
    @wraps(view)
    def wrapper(request, reference, *args, **kwargs):
        try:
            case = case_get(user=request.user, reference=reference)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        return view(request, case, *args, **kwargs)

    return mark_access(wrapper, "case-visible")
