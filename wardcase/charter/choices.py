"""Enumerations the charter's terms are set by. `cases.choices` re-exports CaseType: a
case has one, and the charter engine must not import cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    ENQUIRY = "enquiry", _("Councillor enquiry")
    COMPLAINT = "complaint", _("Complaint")
    SERVICE_REQUEST = "service_request", _("Service request")
    INFORMATION_REQUEST = "information_request", _("Information request")
