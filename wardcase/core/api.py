"""API glue shared by every app: errors become JSON with a message a person can act on."""

from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError, ServiceUnavailable


def exception_handler(exc, context):
    """DRF's handler, plus Wardcase's service errors, always with a readable "detail"."""
    if isinstance(exc, ServiceError):
        if isinstance(exc, NotFound):
            code = status.HTTP_404_NOT_FOUND
        elif isinstance(exc, ActionNotAllowed):
            code = status.HTTP_403_FORBIDDEN
        elif isinstance(exc, ServiceUnavailable):
            code = status.HTTP_503_SERVICE_UNAVAILABLE
        else:
            code = status.HTTP_400_BAD_REQUEST
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
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


# Every error the API answers has the same JSON shape (see `exception_handler`).
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "string",
            "description": "What went wrong, in words a person can act on.",
        },
        "field": {"type": "string", "description": "The field at fault, where there is one."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Every field's errors, for bad input.",
        },
    },
    "required": ["detail"],
}
_ERRORS_EVERY_OPERATION = {
    "400": "Bad input: a field, filter or page number is not valid.",
    "401": "No credentials, or they are not valid.",
    "403": "Your role may not take this action.",
    "404": "Not found, or not yours to see.",
}
_ERRORS_OF_WRITES = {
    "413": "The request body is too large.",
    "415": "The request body is not JSON (or the media type the operation takes).",
    "422": "The Idempotency-Key was already used with a different body.",
    "503": "A service the action needs (such as the virus scanner) is unavailable; "
    "nothing was stored.",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular hook: declare the errors every operation can answer, in one place.

    Without it each view would have to list 400, 401, 403 and 404 by hand, and a client
    generated from the schema would not expect the errors the API really gives.
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            errors = dict(_ERRORS_EVERY_OPERATION)
            if method != "get":
                errors.update(_ERRORS_OF_WRITES)
            responses = operation.setdefault("responses", {})
            for code, description in errors.items():
                responses.setdefault(code, {"description": description, "content": error})
    _link_created_to_their_operations(result)
    return result


def _link_created_to_their_operations(result):
    """OpenAPI links from each create (a 201 naming the new object's key) to every operation
    on that object, so a client, or a stateful test, can follow a new case to its actions."""
    paths = result.get("paths", {})
    schemas = result["components"]["schemas"]
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if not created:
            continue
        ref = created.get("content", {}).get("application/json", {}).get("schema", {})
        properties = schemas.get(ref.get("$ref", "").rpartition("/")[2], {}).get("properties", {})
        links = {}
        for other_path, other_operations in paths.items():
            if not other_path.startswith(path + "{"):
                continue
            key = other_path[len(path) + 1 :].partition("}")[0]
            if key not in properties:
                continue
            for operation in other_operations.values():
                if "operationId" in operation:
                    links[operation["operationId"]] = {
                        "operationId": operation["operationId"],
                        "parameters": {key: f"$response.body#/{key}"},
                    }
        if links:
            created["links"] = links
