"""Shapes of the sharing, linking and similar-case API. Shape only: the services decide."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from wardcase.cases.api.serializers import PersonSerializer
from wardcase.cases.models import CaseShare
from wardcase.core.errors import ServiceError

User = get_user_model()


class ShareRequestSerializer(serializers.Serializer):
    """Who to share with (`user` id or `username`) and why."""

    user = serializers.IntegerField(required=False)
    username = serializers.CharField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def person(self):
        """The named user, or a ServiceError on the field that named them."""
        data = self.validated_data
        if data.get("user") is not None:
            found = User.objects.filter(pk=data["user"]).first()
            field = "user"
        elif data.get("username"):
            found = User.objects.filter(username=data["username"]).first()
            field = "username"
        else:
            raise ServiceError("Say who, with 'user' (an id) or 'username'.", field="user")
        if found is None:
            raise ServiceError("No user with that id or username.", field=field)
        return found


class ShareSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True)
    shared_by = PersonSerializer(read_only=True)
    revoked_by = PersonSerializer(read_only=True)

    class Meta:
        model = CaseShare
        fields = ["user", "reason", "shared_by", "created_at", "revoked_at", "revoked_by"]


class LinkRequestSerializer(serializers.Serializer):
    reference = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class UnlinkRequestSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="The linked case's reference.")
    reason = serializers.CharField(help_text="Why the cases are not about the same issue.")


class SimilarCandidateSerializer(serializers.Serializer):
    """A possible duplicate. `reference` and `subject` are null for a ward colleague's case
    the viewer may not open: they learn only that it exists."""

    kind = serializers.CharField()
    reference = serializers.CharField(allow_null=True)
    subject = serializers.CharField(allow_null=True)
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    linked = serializers.BooleanField()


class SimilarCandidatesSerializer(serializers.Serializer):
    """The answer of `similar`: one list, not a page (there are never many)."""

    candidates = SimilarCandidateSerializer(many=True)


class LinkSerializer(serializers.Serializer):
    case = serializers.CharField()
    linked_to = serializers.CharField()
    created_at = serializers.DateTimeField()


class RespondLinkedSerializer(serializers.Serializer):
    """Which cases got the response, and how many linked ones the officer may not answer."""

    cases = serializers.ListField(child=serializers.CharField())
    skipped = serializers.IntegerField()
