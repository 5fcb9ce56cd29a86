"""Idempotency: a request sent twice (a retry after a timeout, a double click) does its
work once, and the second gets the first's answer.

API clients send an `Idempotency-Key` header on a POST that creates something: the same
key with the same request within `LIFETIME` returns the first response (status and body,
with `Idempotent-Replayed: true`); the same key with a different request is a 422. Keys
belong to the user who sent them. The web's "Log a case" form hides a fresh key in each
form it renders, so submitting it twice logs one case.

The key is claimed in the same transaction as the work: if the work fails, the claim goes
with it and the client may try again; a concurrent retry waits on the unique constraint
and then finds the answer. Expired keys are deleted lazily, whenever their user next
sends a key.
"""

import functools
import hashlib
import json
import secrets
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response

from wardcase.core.models import IdempotencyKey

LIFETIME = timedelta(hours=24)
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def fingerprint(*parts):
    """A hash of what makes two requests the same request."""
    text = json.dumps(parts, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def claim(*, user, key, request_fingerprint):
    """Call inside a transaction. Returns (earlier, None) if the key was already used within
    `LIFETIME` (the earlier row), or (None, row) when this request now owns the key."""
    IdempotencyKey.objects.filter(user=user, created_at__lt=timezone.now() - LIFETIME).delete()
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(user=user, key=key, fingerprint=request_fingerprint)
    except IntegrityError:
        return IdempotencyKey.objects.get(user=user, key=key), None
    return None, row


def remember(row, *, status_code, body):
    row.response_status, row.response_body = status_code, body
    row.save(update_fields=["response_status", "response_body"])


def new_form_key():
    """A fresh key for one rendering of a web form."""
    return secrets.token_urlsafe(24)


def form_key(request, field="idempotency_key"):
    """The key a submitted web form carries, or "" if none (or not a plausible one)."""
    key = request.POST.get(field, "").strip()
    return key if 0 < len(key) <= MAX_KEY_LENGTH else ""


def earlier_result(*, user, key, request_fingerprint):
    """The response remembered for this user's key and request within `LIFETIME`, or None."""
    return (
        IdempotencyKey.objects.filter(
            user=user,
            key=key,
            fingerprint=request_fingerprint,
            response_status__isnull=False,
            created_at__gte=timezone.now() - LIFETIME,
        )
        .values_list("response_body", flat=True)
        .first()
    )


def _request_data(request):
    data = request.data
    return dict(data.lists()) if hasattr(data, "lists") else data


def idempotent(handler):
    """Make a DRF view method honour the `Idempotency-Key` header (see the module)."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return handler(view, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return Response(
                {"detail": f"The {HEADER} header may be at most {MAX_KEY_LENGTH} characters."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        request_fingerprint = fingerprint(request.method, request.path, _request_data(request))
        with transaction.atomic():
            earlier, row = claim(
                user=request.user, key=key, request_fingerprint=request_fingerprint
            )
            if earlier is not None:
                return _replay(earlier, request_fingerprint)
            response = handler(view, request, *args, **kwargs)
            remember(row, status_code=response.status_code, body=response.data)
        return response

    return wrapper


def _replay(earlier, request_fingerprint):
    if earlier.fingerprint != request_fingerprint:
        return Response(
            {
                "detail": f"This {HEADER} was already used for a different request. "
                "Use a new key for a new request."
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if earlier.response_status is None:
        return Response(
            {"detail": "The first request with this key is still being processed."},
            status=status.HTTP_409_CONFLICT,
        )
    response = Response(earlier.response_body, status=earlier.response_status)
    response["Idempotent-Replayed"] = "true"
    return response
