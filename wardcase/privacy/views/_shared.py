"""What every privacy view shares: who may reach it, lookups that 404, ZIP responses."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from wardcase.core.access import signed_in
from wardcase.core.errors import NotFound
from wardcase.privacy.permissions import PRIVACY_ROLES

privacy_view = signed_in(roles=PRIVACY_ROLES)


def get_or_404(selector, **kwargs):
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def zip_response(content, name):
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response
