"""The API's permission classes: each asks a rule of this package, nothing of its own."""

from rest_framework.permissions import BasePermission

from wardcase.permissions.privacy import can_handle_privacy
from wardcase.permissions.reports import may_see_reports
from wardcase.permissions.search import may_search


class MaySearch(BasePermission):
    """Every case role; administrators see no case content."""

    message = "Administrators cannot search case content."

    def has_permission(self, request, view):
        return may_search(request.user)


class SeesReports(BasePermission):
    message = "Only coordinators, heads of service, councillors and administrators see reports."

    def has_permission(self, request, view):
        return may_see_reports(request.user)


class HandlesPrivacy(BasePermission):
    message = "Only coordinators and administrators can handle personal data requests."

    def has_permission(self, request, view):
        return can_handle_privacy(request.user)
