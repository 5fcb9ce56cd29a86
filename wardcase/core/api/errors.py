"""API glue shared by every app: errors become JSON with a message a person can act on."""

from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wardcase.core.errors import (
    ActionNotAllowed,
    NeedsConfirmation,
    NotFound,
    ServiceError,
    ServiceUnavailable,
)


def exception_handler(exc, context):
    """DRF's handler, plus Wardcase's service errors, always with a readable "detail"."""
    if isinstance(exc, ServiceError):
        if isinstance(exc, NotFound):
            code = status.HTTP_404_NOT_FOUND
        elif isinstance(exc, ActionNotAllowed):
            code = status.HTTP_403_FORBIDDEN
        elif isinstance(exc, ServiceUnavailable):
            code = status.HTTP_503_SERVICE_UNAVAILABLE
        elif isinstance(exc, NeedsConfirmation):
            code = status.HTTP_409_CONFLICT
        else:
            code = status.HTTP_400_BAD_REQUEST
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        if isinstance(exc, NeedsConfirmation):
            body.update(exc.facts)
        return Response(body, status=code)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {"detail": _summary(response.data), "errors": response.data}
    return response


def _summary(errors, prefix=""):
    """One line from DRF's nested errors, e.g. 'subject: This field is required.'"""
    if isinstance(errors, dict):
        parts = [_summary(value, f"{prefix}{key}.") for key, value in errors.items()]
        return "; ".join(p for p in parts if p)
    if isinstance(errors, list):
        return "; ".join(_summary(e, prefix) for e in errors)
    label = prefix.rstrip(".")
    return f"{label}: {errors}" if label and label != "non_field_errors" else str(errors)
