"""The API's JSON parser: DRF's, with a size cap and a nesting limit.

A body nested thousands deep made Python's JSON decoder raise RecursionError (a 500), and
one nested a few hundred deep could still trouble the code that walks it after parsing.
No Wardcase endpoint takes more than a few levels, so deeper bodies are refused with a
clear 400. JSON bodies are capped (`WARDCASE_API_MAX_JSON_BYTES`, 1 MiB by default) with a
clear 413; uploads go through their own limits, and the mail webhook its own parser.
"""

import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

MAX_NESTING = 10


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class LimitedJSONParser(JSONParser):
    """JSON no bigger than the cap and nested no deeper than `MAX_NESTING`."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.WARDCASE_API_MAX_JSON_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(
                f"The request body is too large: JSON requests may be at most {limit:,} bytes."
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_no_constants)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if _depth(data) > MAX_NESTING:
            raise ParseError(_too_deep())
        return data


def _no_constants(name):
    raise ValueError(f"{name} is not valid JSON")


def _too_deep():
    return f"The JSON is nested too deeply: at most {MAX_NESTING} levels of objects and lists."


def _depth(data):
    """How deeply lists and objects nest in `data`, worked out without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, level)
        if level > MAX_NESTING:
            return level
        pending.extend((child, level + 1) for child in value)
    return deepest
