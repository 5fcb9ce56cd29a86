"""The case API. Reads go through the selectors, writes through the same services as the web."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wardcase.audit.services import audit_case_read
from wardcase.cases import selectors, services
from wardcase.cases.api import serializers as s
from wardcase.cases.api import sharing_serializers as shares
from wardcase.cases.api.charter import CharterActions
from wardcase.cases.charter_selectors import case_clocks
from wardcase.cases.choices import Status
from wardcase.cases.services.linking import case_link, case_respond_linked, case_unlink
from wardcase.cases.services.sharing import case_share, case_unshare
from wardcase.cases.similar import similar_to_case
from wardcase.core.errors import ServiceError
from wardcase.core.idempotency import idempotent
from wardcase.permissions.visibility import can_see_contact_details


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, description="`open` or a status"),
            OpenApiParameter(
                "ready_to_close",
                OpenApiTypes.BOOL,
                description="Only the open cases an officer proposes to close that you may "
                "close (the home page's Ready to close), oldest proposal first.",
            ),
        ]
    )
)
class CaseViewSet(CharterActions, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Cases the signed-in user may see; a case they may not see answers 404."""

    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9-]+"
    serializer_class = s.CaseSummarySerializer

    def get_queryset(self):
        status_filter = self.request.query_params.get("status")
        if status_filter and status_filter not in {"open", *Status.values}:
            raise ServiceError(
                f"Unknown status '{status_filter}'. Use 'open' or one of: "
                + ", ".join(Status.values),
                field="status",
            )
        filters = {"status": status_filter}
        if self.request.query_params.get("ready_to_close") in {"true", "1"}:
            filters = selectors.READY_TO_CLOSE
        return selectors.case_list(user=self.request.user, filters=filters)

    def page_rows(self, ids):
        """The list's page of cases, read by the ids `case_list` chose."""
        return selectors.case_summary_rows(ids=ids)

    def _case(self):
        return selectors.case_get(user=self.request.user, reference=self.kwargs["reference"])

    def _detail(self, case, code=status.HTTP_200_OK):
        case = selectors.case_get(user=self.request.user, reference=case.reference)
        context = {
            "request": self.request,
            "timeline": selectors.case_timeline(user=self.request.user, case=case),
            "show_contact_details": can_see_contact_details(self.request.user, case),
            "clocks": case_clocks(case=case),
        }
        return Response(s.CaseDetailSerializer(case, context=context).data, status=code)

    @extend_schema(responses=s.CaseDetailSerializer)
    def retrieve(self, request, reference=None):
        case = self._case()
        audit_case_read(user=request.user, case=case, via="api")
        return self._detail(case)

    @extend_schema(request=s.CaseCreateSerializer, responses={201: s.CaseDetailSerializer})
    @idempotent
    def create(self, request):
        data = _valid(s.CaseCreateSerializer, request)
        owner = data.pop("owner", None)
        if owner is None:
            if not request.user.is_councillor:
                raise ServiceError(
                    "Say which councillor the case is for, in 'owner'.", field="owner"
                )
            owner = request.user
        # Neither a constituent (left out or null) nor an id: a member's own query.
        data["own_query"] = data.get("constituent") is None and "constituent_id" not in data
        case = services.case_create(by=request.user, owner=owner, **data)
        return self._detail(case, status.HTTP_201_CREATED)

    @extend_schema(request=s.CaseUpdateSerializer, responses=s.CaseDetailSerializer)
    def partial_update(self, request, reference=None):
        data = _valid(s.CaseUpdateSerializer, request)
        version, constituent = data.pop("version"), data.pop("constituent", {})
        case = self._case()
        services.case_update_details(
            case=case,
            by=request.user,
            version=version,
            changes=data,
            constituent_changes=constituent,
        )
        return self._detail(case)

    @extend_schema(request=s.AssignSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        data = _valid(s.AssignSerializer, request)
        case = services.case_assign(case=self._case(), by=request.user, **data)
        return self._detail(case)

    @extend_schema(request=s.SendBackSerializer, responses=s.SentBackSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, reference=None):
        """An officer or head of service returns a mis-routed case to the coordinators,
        unassigned, with the reason; the councillor sees it on the timeline."""
        data = _valid(s.SendBackSerializer, request)
        case = services.case_send_back(case=self._case(), by=request.user, reason=data["reason"])
        body = {
            "reference": case.reference,
            "status": case.status,
            "detail": "Sent back to the coordinators to be routed again.",
        }
        return Response(s.SentBackSerializer(body).data)

    @extend_schema(request=s.MessageSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, reference=None):
        data = _valid(s.MessageSerializer, request)
        case = services.case_acknowledge(case=self._case(), by=request.user, via="api", **data)
        return self._detail(case)

    @extend_schema(request=s.EventCreateSerializer, responses={201: s.EventSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def events(self, request, reference=None):
        data = _valid(s.EventCreateSerializer, request)
        event = services.case_add_event(case=self._case(), by=request.user, **data)
        return Response(s.EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReasonSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="propose-closure")
    def propose_closure(self, request, reference=None):
        data = _valid(s.ReasonSerializer, request)
        case = services.case_propose_closure(
            case=self._case(), by=request.user, reason=data["reason"]
        )
        return self._detail(case)

    @extend_schema(request=s.DeclineClosureSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="decline-closure")
    def decline_closure(self, request, reference=None):
        """The councillor's side does not agree to an officer's proposal to close."""
        data = _valid(s.DeclineClosureSerializer, request)
        case = services.case_decline_closure(
            case=self._case(), by=request.user, reason=data["reason"]
        )
        return self._detail(case)

    @extend_schema(request=s.CloseSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, reference=None):
        data = _valid(s.CloseSerializer, request)
        case = services.case_close(case=self._case(), by=request.user, **data)
        return self._detail(case)

    @extend_schema(request=s.ReasonSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, reference=None):
        data = _valid(s.ReasonSerializer, request)
        case = services.case_reopen(case=self._case(), by=request.user, **data)
        return self._detail(case)

    @extend_schema(
        request=s.ChaseSerializer,
        responses={201: s.EventSerializer, 409: s.ChaseConflictSerializer},
    )
    @action(detail=True, methods=["post"])
    def chase(self, request, reference=None):
        """Ask the officer for an update. A second request within one working day answers
        409 with the time of the last one, unless the body says `"confirm": true`."""
        data = _valid(s.ChaseSerializer, request)
        event = services.case_chase(case=self._case(), by=request.user, **data)
        return Response(s.EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=shares.ShareRequestSerializer, responses={201: shares.ShareSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def share(self, request, reference=None):
        """Share the case with a named colleague or officer, with a reason."""
        share = self._share_change(case_share)
        return Response(shares.ShareSerializer(share).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=shares.ShareRequestSerializer, responses=shares.ShareSerializer)
    @action(detail=True, methods=["post"])
    def unshare(self, request, reference=None):
        """End a share at once."""
        return Response(shares.ShareSerializer(self._share_change(case_unshare)).data)

    def _share_change(self, service):
        case = self._case()
        serializer = shares.ShareRequestSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return service(
            case=case,
            by=self.request.user,
            user=serializer.person(),
            reason=serializer.validated_data["reason"],
        )

    @extend_schema(responses=shares.SimilarListSerializer)
    @action(detail=True, methods=["get"])
    def similar(self, request, reference=None):
        """Possible duplicates with a score and the reasons, within what the user may see."""
        candidates = similar_to_case(user=request.user, case=self._case())
        body = {"count": len(candidates), "candidates": candidates}
        return Response(shares.SimilarListSerializer(body).data)

    @extend_schema(request=shares.LinkRequestSerializer, responses={201: shares.LinkSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def link(self, request, reference=None):
        """Link this case to another the user may see, instead of duplicating it."""
        case = self._case()  # a case out of reach is a 404, whatever the body
        data = _valid(shares.LinkRequestSerializer, request)
        other = selectors.case_get(user=request.user, reference=data["reference"])
        link = case_link(case=case, other=other, by=request.user, reason=data["reason"])
        body = {"case": case.reference, "linked_to": other.reference, "created_at": link.created_at}
        return Response(shares.LinkSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=shares.UnlinkRequestSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def unlink(self, request, reference=None):
        """Remove the link to another case that is not about the same issue, saying why."""
        case = self._case()  # a case out of reach is a 404, whatever the body
        data = _valid(shares.UnlinkRequestSerializer, request)
        other = selectors.case_get(user=request.user, reference=data["reference"])
        case_unlink(case=case, other=other, by=request.user, reason=data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.EventCreateSerializer, responses={201: shares.RespondLinkedSerializer})
    @action(detail=True, methods=["post"], url_path="respond-linked")
    def respond_linked(self, request, reference=None):
        """One officer response sent to this case and every linked case they may answer."""
        case = self._case()
        data = _valid(s.EventCreateSerializer, request)
        events, skipped = case_respond_linked(case=case, by=request.user, **data)
        body = {"cases": [e.case.reference for e in events], "skipped": skipped}
        return Response(shares.RespondLinkedSerializer(body).data, status=status.HTTP_201_CREATED)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
