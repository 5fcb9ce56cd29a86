"""What the privacy API reads and writes. Validation of rules stays in the services."""

from typing import Any

from rest_framework import serializers

from wardcase.constituents.models import Constituent, ContactPreference
from wardcase.privacy.models import SubjectAccessRequest


class AccessRequestSerializer(serializers.ModelSerializer):
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    received_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = SubjectAccessRequest
        fields = [
            "id",
            "constituent",
            "constituent_name",
            "requested_at",
            "due_on",
            "overdue",
            "received_by",
            "fulfilled_at",
            "notes",
        ]


class AccessRequestCreateSerializer(serializers.Serializer):
    constituent = serializers.IntegerField()
    requested_at = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PrivacyConstituentSerializer(serializers.ModelSerializer):
    cases = serializers.IntegerField(source="case_count", read_only=True)

    class Meta:
        model = Constituent
        fields = ["id", "name", "address", "postcode", "email", "phone", "contact_preference"]
        fields += ["cases"]


class RectifySerializer(serializers.Serializer):
    """Only the fields given are corrected; the reason is the record of why."""

    name = serializers.CharField(required=False, max_length=200)
    address = serializers.CharField(required=False, allow_blank=True)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    contact_preference = serializers.ChoiceField(choices=ContactPreference.choices, required=False)
    reason = serializers.CharField(help_text="Why the details are being corrected.")


class EraseSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the details are being erased.")
    force = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Erase even though a case is still open (only where the law requires it).",
    )
