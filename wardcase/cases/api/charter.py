"""The charter in the API: each case's clocks, and the pause and extension actions."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from wardcase.cases import services
from wardcase.charter.models import Clock
from wardcase.charter.templatetags.charter import clock_status


class ClockSerializer(serializers.Serializer):
    """One deadline: its date, its state, and how the date was worked out."""

    kind = serializers.CharField(source="clock.kind")
    state = serializers.CharField(source="clock.state")
    state_in_words = serializers.SerializerMethodField()
    started_at = serializers.DateTimeField(source="clock.started_at")
    due_on = serializers.DateField(source="clock.due_on")
    met_at = serializers.DateTimeField(source="clock.met_at", allow_null=True)
    working_days_taken = serializers.IntegerField(
        source="clock.working_days",
        allow_null=True,
        help_text="Once met: working days it took, counted as its due date is.",
    )
    breached_at = serializers.DateTimeField(source="clock.breached_at", allow_null=True)
    escalated_at = serializers.DateTimeField(source="clock.escalated_at", allow_null=True)
    extension_pending = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()

    def get_state_in_words(self, view) -> str:
        return str(clock_status(view.clock)[1])

    def get_extension_pending(self, view) -> dict | None:
        pending = view.pending_extension
        if pending is None:
            return None
        return {
            "working_days": pending.working_days,
            "reason": pending.reason,
            "requested_by": pending.requested_by.username,
            "requested_at": pending.requested_at.isoformat(),
        }

    def get_explanation(self, view) -> dict:
        return view.deadline.as_dict()


class PauseSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="What information the case is waiting for.")


class ResumeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[Clock.Kind.RESPOND, Clock.Kind.RESOLVE], default=Clock.Kind.RESPOND
    )
    working_days = serializers.IntegerField()
    reason = serializers.CharField()


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(
        default=True, help_text="true to agree the extra time, false to refuse it."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class CharterActions:
    """Actions of the case viewset: each calls the same service as the case page."""

    @extend_schema(request=PauseSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, reference=None):
        case = self._case()  # a case the user cannot see is a 404 whatever the body
        data = _valid(PauseSerializer, request)
        return self._detail(services.case_pause(case=case, by=request.user, **data))

    @extend_schema(request=ResumeSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, reference=None):
        case = self._case()
        data = _valid(ResumeSerializer, request)
        return self._detail(services.case_resume(case=case, by=request.user, **data))

    @extend_schema(request=ExtensionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request, reference=None):
        case = self._case()
        data = _valid(ExtensionRequestSerializer, request)
        services.case_request_extension(case=case, by=request.user, **data)
        return self._detail(case)

    @extend_schema(request=ExtensionDecisionSerializer)
    @action(detail=True, methods=["post"], url_path="approve-extension")
    def approve_extension(self, request, reference=None):
        case = self._case()
        data = _valid(ExtensionDecisionSerializer, request)
        services.case_decide_extension(case=case, by=request.user, **data)
        return self._detail(case)
