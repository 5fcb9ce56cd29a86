"""The privacy API, for coordinators and administrators: subject access requests, and
finding, correcting and erasing a constituent's details. The same services as the web."""

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wardcase.constituents.models import Constituent
from wardcase.core.idempotency import idempotent
from wardcase.permissions.api import HandlesPrivacy
from wardcase.privacy import selectors, services
from wardcase.privacy.api import serializers as s
from wardcase.privacy.views._shared import zip_response


class AccessRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open subject access requests, soonest due first; record, export and answer them."""

    permission_classes = [permissions.IsAuthenticated, HandlesPrivacy]
    serializer_class = s.AccessRequestSerializer
    lookup_value_regex = r"[0-9]+"  # any other id is a 404 from the URLconf

    def get_queryset(self):
        return selectors.open_access_requests(user=self.request.user)

    def _request(self):
        return selectors.access_request_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=s.AccessRequestCreateSerializer, responses={201: s.AccessRequestSerializer}
    )
    @idempotent
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


class ConstituentViewSet(viewsets.GenericViewSet):
    """Find a constituent by name, email or postcode, then correct or erase their details,
    each with a reason that goes on the record."""

    permission_classes = [permissions.IsAuthenticated, HandlesPrivacy]
    serializer_class = s.PrivacyConstituentSerializer
    lookup_value_regex = r"[0-9]+"
    queryset = Constituent.objects.none()  # the schema's id type; reads go through selectors
    pagination_class = None  # a search answers at most SEARCH_LIMIT people, best first

    def _constituent(self):
        return selectors.constituent_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Name, email or postcode start")],
        responses=s.PrivacyConstituentSerializer(many=True),
    )
    def list(self, request):
        found = selectors.constituent_search(user=request.user, query=request.query_params.get("q"))
        return Response(s.PrivacyConstituentSerializer(found, many=True).data)

    @extend_schema(request=s.RectifySerializer, responses={200: {"type": "object"}})
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        """Correct the details given; each of their cases records which fields changed."""
        data = s.RectifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        reason = fields.pop("reason")
        changed = services.constituent_rectify(
            constituent=self._constituent(), by=request.user, reason=reason, **fields
        )
        return Response({"changed": changed})

    @extend_schema(request=s.EraseSerializer, responses={200: {"type": "object"}})
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        """Anonymise the constituent and every case about them now, as retention would."""
        data = s.EraseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        counts = services.constituent_erase(
            constituent=self._constituent(), by=request.user, **data.validated_data
        )
        return Response(counts)
