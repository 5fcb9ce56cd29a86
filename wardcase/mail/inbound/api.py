"""The webhook door: a mail provider POSTs each raw message (Content-Type message/rfc822).

Off unless WARDCASE_INBOUND_WEBHOOK_SECRET is set; the provider sends the secret in the
X-Wardcase-Webhook-Secret header. The message is stored at once and processed by a task,
so the provider gets its answer quickly and a failure later never loses the message.
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models_inbound import InboundMessage

SECRET_HEADER = "X-Wardcase-Webhook-Secret"


class HasWebhookSecret(BasePermission):
    """The request carries the shared secret; with no secret configured the door is closed."""

    message = _("The webhook secret is missing or wrong.")

    def has_permission(self, request, view):
        secret = settings.WARDCASE_INBOUND_WEBHOOK_SECRET
        if not secret:
            raise Http404
        return constant_time_compare(request.headers.get(SECRET_HEADER, ""), secret)


class WebhookAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The stored message.")
    state = serializers.CharField()
    duplicate = serializers.BooleanField(help_text="True when this message was already kept.")


class InboundWebhookView(APIView):
    """One raw message (message/rfc822) per request; 202 when new, 200 when already kept."""

    authentication_classes = []
    permission_classes = [HasWebhookSecret]
    parser_classes = []

    @extend_schema(
        request={"message/rfc822": OpenApiTypes.BINARY},
        responses={202: WebhookAnswerSerializer, 200: WebhookAnswerSerializer},
    )
    def post(self, request):
        raw = request.body
        if not raw.strip():
            return Response(
                {"detail": _("Send the raw message as the request body."), "field": "body"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        with transaction.atomic():
            message, created = inbound_store(raw=raw, source=InboundMessage.Source.WEBHOOK)
        return Response(
            {"id": message.pk, "state": message.state, "duplicate": not created},
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
        )
