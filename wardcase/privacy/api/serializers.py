"""What the privacy API reads and writes. Validation of rules stays in the services."""

from rest_framework import serializers

from wardcase.privacy.models import SubjectAccessRequest


class AccessRequestSerializer(serializers.ModelSerializer):
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    received_by = serializers.StringRelatedField()
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
