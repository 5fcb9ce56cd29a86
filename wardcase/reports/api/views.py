"""The reports API: the same parameters and the same queries as the report pages."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from wardcase.permissions.api import SeesReports
from wardcase.reports import queries
from wardcase.reports.dimensions import RESPONSE_TIME_GROUPS, VOLUME_GROUPS
from wardcase.reports.forms import default_period, period_error


class PeriodSerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    group = serializers.ChoiceField(choices=[])

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = groups
        self.fields["group"].default = groups[0]
        self.fields["group"].required = False

    def validate(self, attrs):
        start, end = default_period()
        attrs.setdefault("date_from", start)
        attrs.setdefault("date_to", end)
        error = period_error(attrs["date_from"], attrs["date_to"])
        if error:
            raise serializers.ValidationError({"date_to": [str(error)]})
        return attrs


class _RowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="The group's id, code or first day")
    # A declared field, which the serializer's metaclass takes off the class.
    label = serializers.CharField()  # type: ignore[assignment]
    cases = serializers.IntegerField()


class ResponseTimeRowSerializer(_RowSerializer):
    median_days_to_acknowledge = serializers.FloatField(allow_null=True)
    acknowledge_decided = serializers.IntegerField()
    acknowledged_on_time = serializers.IntegerField()
    acknowledged_on_time_percent = serializers.FloatField(allow_null=True)
    median_days_to_respond = serializers.FloatField(allow_null=True)
    respond_decided = serializers.IntegerField()
    responded_on_time = serializers.IntegerField()
    responded_on_time_percent = serializers.FloatField(allow_null=True)
    overdue_now = serializers.IntegerField()


class VolumeRowSerializer(_RowSerializer):
    open_cases = serializers.IntegerField()


class _ReportSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    group = serializers.CharField()


class ResponseTimesSerializer(_ReportSerializer):
    rows = ResponseTimeRowSerializer(many=True)


class VolumesSerializer(_ReportSerializer):
    rows = VolumeRowSerializer(many=True)


class _ReportView(APIView):
    permission_classes = [permissions.IsAuthenticated, SeesReports]
    groups: list[str]
    query: Callable[..., Any]

    def get(self, request):
        params = PeriodSerializer(data=request.query_params, groups=self.groups)
        params.is_valid(raise_exception=True)
        report = type(self).query(user=request.user, **params.validated_data)
        return Response(self.serializer_class(report).data)


@extend_schema(
    parameters=[PeriodSerializer(groups=RESPONSE_TIME_GROUPS)], responses=ResponseTimesSerializer
)
class ResponseTimesView(_ReportView):
    """Per group: cases, median working days to acknowledge and respond, shares on time,
    overdue now."""

    groups = RESPONSE_TIME_GROUPS
    query = staticmethod(queries.response_times)
    serializer_class = ResponseTimesSerializer


@extend_schema(parameters=[PeriodSerializer(groups=VOLUME_GROUPS)], responses=VolumesSerializer)
class VolumesView(_ReportView):
    """Cases logged in the period per group, and how many are still open."""

    groups = VOLUME_GROUPS
    query = staticmethod(queries.volumes)
    serializer_class = VolumesSerializer
