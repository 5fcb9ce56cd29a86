"""Shapes of the case API. Validation of shape only: the rules are in the services."""

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wardcase.cases.api.charter import ClockSerializer
from wardcase.cases.choices import CaseType, Channel, EnquirerType, EventKind, Outcome, Priority
from wardcase.cases.models import Attachment, Case, CaseEvent
from wardcase.constituents.models import ContactPreference
from wardcase.directory.models import Department, Service

User = get_user_model()


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "name", "role"]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "created_at"]


class EventSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "author", "created_at", "visibility", "body", "attachments"]


class DeadlineSerializer(serializers.Serializer):
    what = serializers.CharField()
    due = serializers.DateField()


class CaseSummarySerializer(serializers.ModelSerializer):
    service: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    department: serializers.StringRelatedField[Any] = serializers.StringRelatedField(
        allow_null=True
    )
    ward: serializers.StringRelatedField[Any] = serializers.StringRelatedField(allow_null=True)
    owner = PersonSerializer(read_only=True)
    lead_officer = PersonSerializer(read_only=True, allow_null=True)
    constituent_name = serializers.CharField(
        source="constituent.name",
        read_only=True,
        allow_null=True,
        help_text="Null for a member's own query, which has no constituent.",
    )
    next_deadline = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "subject",
            "status",
            "outcome",
            "case_type",
            "service",
            "department",
            "ward",
            "owner",
            "lead_officer",
            "constituent_name",
            "priority",
            "restricted",
            "created_at",
            "acknowledge_due",
            "response_due",
            "next_deadline",
        ]

    @extend_schema_field(DeadlineSerializer(allow_null=True))
    def get_next_deadline(self, case) -> dict[str, Any] | None:
        deadline = case.next_deadline
        if deadline is None:
            return None
        return {"what": str(deadline[0]), "due": deadline[1]}


class ConstituentSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(required=False, allow_blank=True, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
    email = serializers.CharField(required=False, allow_blank=True, max_length=254, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    contact_preference = serializers.ChoiceField(
        choices=ContactPreference.choices,
        allow_blank=True,
        default="",
        help_text="Left out: email if an email address is given, else phone, else letter "
        "if an address is given, else none.",
    )


class CaseDetailSerializer(CaseSummarySerializer):
    additional_officers = PersonSerializer(many=True, read_only=True)
    consent_recorded_by = PersonSerializer(read_only=True, allow_null=True)
    constituent = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "description",
            "channel",
            "enquirer_type",
            "location",
            "consent_share_ward",
            "consent_share_officers",
            "consent_recorded_by",
            "consent_recorded_at",
            "additional_officers",
            "assigned_at",
            "acknowledged_at",
            "responded_at",
            "closure_proposed_at",
            "closed_at",
            "version",
            "constituent",
            "clocks",
            "timeline",
        ]

    @extend_schema_field(ConstituentSerializer(allow_null=True))
    def get_constituent(self, case) -> dict[str, Any] | None:
        if case.constituent is None:  # a member's own query
            return None
        data = ConstituentSerializer(case.constituent).data
        if not self.context.get("show_contact_details", True):
            for key in ("address", "email", "phone"):
                data[key] = ""
        return data

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, case) -> Any:
        return EventSerializer(self.context["timeline"], many=True).data

    @extend_schema_field(ClockSerializer(many=True))
    def get_clocks(self, case) -> Any:
        return ClockSerializer(self.context.get("clocks", []), many=True).data


class CaseCreateSerializer(serializers.Serializer):
    owner = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="The councillor the case is for; defaults to you if you are a councillor.",
    )
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.filter(active=True))
    constituent = ConstituentSerializer(
        required=False,
        allow_null=True,
        help_text="A new person; or give `constituent_id` instead. Leave both out (or "
        "null) for a member's own query: an issue the councillor saw themselves.",
    )
    constituent_id = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="An existing constituent, one on a case you may see with their contact "
        "details, instead of `constituent`.",
    )
    case_type = serializers.ChoiceField(choices=CaseType.choices, default=CaseType.ENQUIRY)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.EMAIL)
    enquirer_type = serializers.ChoiceField(
        choices=EnquirerType.choices, default=EnquirerType.COUNCILLOR
    )
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    consent_share_ward = serializers.BooleanField(default=False)
    consent_share_officers = serializers.BooleanField(default=True)
    restricted = serializers.BooleanField(default=False)

    def validate(self, attrs):
        if attrs.get("constituent") is not None and "constituent_id" in attrs:
            raise serializers.ValidationError(
                {"constituent": "Give either a new `constituent` or a `constituent_id`."}
            )
        return attrs


class ConstituentUpdateSerializer(ConstituentSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required, field.default = False, serializers.empty


class CaseUpdateSerializer(serializers.Serializer):
    """A correction of a case's details. Send the `version` you read; a stale one is refused."""

    version = serializers.IntegerField()
    subject = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False)
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.filter(active=True), required=False
    )
    case_type = serializers.ChoiceField(choices=CaseType.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    enquirer_type = serializers.ChoiceField(choices=EnquirerType.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    location = serializers.CharField(required=False, allow_blank=True, max_length=300)
    consent_share_ward = serializers.BooleanField(required=False)
    consent_share_officers = serializers.BooleanField(required=False)
    restricted = serializers.BooleanField(required=False)
    constituent = ConstituentUpdateSerializer(required=False)


class AssignSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    lead_officer = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True)
    )
    additional_officers = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
        # many=True makes a ManyRelatedField, whose default is a list; the stubs type the one.
        default=list,  # type: ignore[arg-type]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, default="")


class ChaseSerializer(MessageSerializer):
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Send the request even if one went within the last working day.",
    )


class ChaseConflictSerializer(serializers.Serializer):
    """409: an update was requested within the last working day; send `confirm: true`."""

    detail = serializers.CharField()
    last_chased_at = serializers.DateTimeField()


class SendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(
        help_text="Why the case is not for this department; the coordinators and the "
        "councillor see it."
    )


class SentBackSerializer(serializers.Serializer):
    """A case sent back: it waits, unassigned, for a coordinator (and is usually out of
    the sender's sight from now on, so the answer is not the case itself)."""

    reference = serializers.CharField()
    status = serializers.CharField()
    detail = serializers.CharField()


class EventCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[
            (k, EventKind(k).label)
            for k in (
                EventKind.NOTE,
                EventKind.UPDATE,
                EventKind.FULL_RESPONSE,
                EventKind.MEMBER_MESSAGE,
            )
        ]
    )
    body = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    authority = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineClosureSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="What still needs doing; the officer is told.")


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    authority = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when a caseworker closes for their councillor.",
    )
