"""The API schema's shared parts: every operation's errors, in the shape `errors.py` answers."""

# Every error the API answers has the same JSON shape (see `errors.exception_handler`).
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
