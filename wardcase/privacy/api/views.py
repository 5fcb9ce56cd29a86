"""The subject access API, for coordinators and administrators; the same services as the web."""

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wardcase.privacy import selectors, services
from wardcase.privacy.api import serializers as s
from wardcase.privacy.permissions import can_handle_privacy
from wardcase.privacy.views._shared import zip_response


class HandlesPrivacy(permissions.BasePermission):
    message = "Only coordinators and administrators can handle personal data requests."

    def has_permission(self, request, view):
        return can_handle_privacy(request.user)


class AccessRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open subject access requests, soonest due first; record, export and answer them."""

    permission_classes = [permissions.IsAuthenticated, HandlesPrivacy]
    serializer_class = s.AccessRequestSerializer

    def get_queryset(self):
        return selectors.open_access_requests(user=self.request.user)

    def _request(self):
        return selectors.access_request_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=s.AccessRequestCreateSerializer, responses={201: s.AccessRequestSerializer}
    )
    def create(self, request):
        data = s.AccessRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        constituent = selectors.constituent_get(
            user=request.user, pk=data.validated_data["constituent"]
        )
        created = services.access_request_open(
            constituent=constituent,
            by=request.user,
            requested_at=data.validated_data["requested_at"],
            notes=data.validated_data["notes"],
        )
        return Response(s.AccessRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["post"])
    def export(self, request, pk=None):
        content = services.access_request_export(request=self._request(), by=request.user)
        return zip_response(content, f"subject-access-{pk}")

    @extend_schema(request=None, responses=s.AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def answered(self, request, pk=None):
        answered = services.access_request_fulfil(request=self._request(), by=request.user)
        return Response(s.AccessRequestSerializer(answered).data)
