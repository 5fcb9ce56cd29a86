"""API glue shared by every app: service errors become JSON a person can act on."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError


def exception_handler(exc, context):
    """DRF's handler, plus Wardcase's service errors, always as {"detail": ..., "field"?}."""
    if isinstance(exc, ServiceError):
        if isinstance(exc, NotFound):
            code = status.HTTP_404_NOT_FOUND
        elif isinstance(exc, ActionNotAllowed):
            code = status.HTTP_403_FORBIDDEN
        else:
            code = status.HTTP_400_BAD_REQUEST
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=code)
    return drf_exception_handler(exc, context)
