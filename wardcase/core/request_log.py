"""A request id for every request, and one log line per request once it is answered."""

import logging
import re
import time
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject, empty

from wardcase.core.logs import current_request_id

logger = logging.getLogger("wardcase.request")

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the reverse proxy (nginx's $request_id is 32 hex digits) is kept if it looks
# like one; anything else is replaced, so a client cannot put arbitrary text in the logs.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")


def _request_id(request):
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _user_id(request):
    """The signed-in user's id, without loading the session just to log it."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            return None
        user = user._wrapped
    if user is None or not user.is_authenticated:
        return None
    return user.pk


class RequestLogMiddleware:
    """Sets the request id (honouring a sane incoming X-Request-ID), returns it in the
    response's X-Request-ID header, and logs method, path (never the query string, which
    may hold personal data), status, duration and user id. First in MIDDLEWARE, so every
    other record logged during the request carries the id too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _request_id(request)
        request.request_id = request_id
        # Left set until the response is closed (see clear_request_id): Django logs a
        # 4xx/5xx response after the middleware has returned it.
        current_request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
            },
        )
        return response


@receiver(request_finished)
def clear_request_id(**kwargs):
    """Records logged between requests carry no request id."""
    current_request_id.set(None)
