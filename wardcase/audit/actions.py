"""Every action the audit log records, with what it means in people's words.

The values are the strings stored in `AuditEntry.action`; the labels are what the audit
pages show. Each label says what the person named beside it did (or, for entries with
no person, what Wardcase did). A test fails any action written in the code that is not
here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # A case: read, logged, worked on, closed.
    CASE_VIEWED = "case.viewed", _("Viewed")
    CASE_CREATED = "case.created", _("Logged the case")
    CASE_EDITED = "case.edited", _("Changed details")
    CASE_ASSIGNED = "case.assigned", _("Assigned")
    CASE_SENT_BACK = "case.sent_back", _("Sent the case back to the coordinators")
    CASE_ACKNOWLEDGED = "case.acknowledged", _("Acknowledged")
    CASE_NOTE = "case.note", _("Added an internal note")
    CASE_UPDATE = "case.update", _("Added an officer update")
    CASE_FULL_RESPONSE = "case.full_response", _("Added the full response")
    CASE_MEMBER_MESSAGE = "case.member_message", _("Added a message from the councillor's side")
    CASE_CHASED = "case.chased", _("Asked for an update")
    CASE_CLOSURE_PROPOSED = "case.closure_proposed", _("Proposed closure")
    CASE_CLOSURE_DECLINED = "case.closure_declined", _("Did not agree to close")
    CASE_CLOSED = "case.closed", _("Closed")
    CASE_REOPENED = "case.reopened", _("Reopened")
    CASE_ATTACHMENT_ADDED = "case.attachment_added", _("Added files")
    CASE_SHARED = "case.shared", _("Shared the case with a colleague")
    CASE_UNSHARED = "case.unshared", _("Stopped sharing the case with a colleague")
    CASE_LINKED = "case.linked", _("Linked the case to another case")
    CASE_UNLINKED = "case.unlinked", _("Removed a link to another case")
    CASE_PAUSED = "case.paused", _("Paused the clocks while waiting for information")
    CASE_RESUMED = "case.resumed", _("Restarted the clocks")
    CASE_EXTENSION_REQUESTED = "case.extension_requested", _("Asked for more time")
    CASE_EXTENSION_DECIDED = "case.extension_decided", _("Answered a request for more time")
    CASE_LETTER_GENERATED = "case.letter_generated", _("Generated a letter")
    CASE_EMAIL_IN = "case.email_in", _("Added an email received about the case")
    CASE_IMPORTED = "case.imported", _("Imported the case from the previous system")
    CASE_LETTER_SENT = "case.letter_sent", _("Marked a letter as sent")
    SURGERY_OPENED = "surgery.opened", _("Opened a surgery session")

    # Mail in and out.
    MAIL_DRAFT_CREATED = "mail.draft_created", _("Started a draft case from an email")
    MAIL_DRAFT_CONFIRMED = "mail.draft_confirmed", _("Logged the case from an email")
    MAIL_DRAFT_DISCARDED = "mail.draft_discarded", _("Discarded a draft case from an email")
    MAIL_INBOUND_DOWNLOADED = "mail.inbound_downloaded", _("Downloaded a quarantined email")
    MAIL_INBOUND_RETRIED = "mail.inbound_retried", _("Tried an incoming email again")
    OUTBOX_RETRIED = "outbox.retried", _("Tried sending emails again")
    NOTIFICATIONS_CHANGED = "notifications.changed", _("Changed their email notifications")

    # The council's settings.
    CONFIG_ADDED = "config.added", _("Added a council setting")
    CONFIG_CHANGED = "config.changed", _("Changed a council setting")
    CONFIG_DELETED = "config.deleted", _("Removed a council setting")
    COUNCIL_LOADED = "council.loaded", _("Loaded the council from a council file")
    CASES_IMPORTED = "council.cases_imported", _("Imported cases from a file")
    CASES_EXPORTED = "council.cases_exported", _("Exported every case to a file")

    # Privacy.
    PRIVACY_ACCESS_REQUEST_OPENED = (
        "privacy.access_request_opened",
        _("Recorded a subject access request"),
    )
    PRIVACY_ACCESS_REQUEST_FULFILLED = (
        "privacy.access_request_fulfilled",
        _("Marked a subject access request as answered"),
    )
    PRIVACY_ACCESS_REQUEST_EXPORTED = (
        "privacy.access_request_exported",
        _("Exported for a subject access request"),
    )
    PRIVACY_COUNCILLOR_EXPORTED = (
        "privacy.councillor_exported",
        _("Exported for the departing councillor"),
    )
    PRIVACY_RECTIFIED = "privacy.rectified", _("Corrected the constituent's details")
    PRIVACY_ERASED = "privacy.erased", _("Erased personal data")
    PRIVACY_HANDED_OVER = "privacy.handed_over", _("Handed over to another councillor")
    PRIVACY_RETENTION_SWEEP = (
        "privacy.retention_sweep",
        _("Anonymised cases past their retention period"),
    )

    # People and signing in.
    USER_CREATED = "user.created", _("Added a user")
    USER_ROLE_CHANGED = "user.role_changed", _("Changed a user's role")
    USER_DEACTIVATED = "user.deactivated", _("Deactivated a user")
    USER_REACTIVATED = "user.reactivated", _("Reactivated a user")
    USER_UNLOCKED = "user.unlocked", _("Unlocked a user locked out by failed sign-ins")
    INVITATION_SENT = "invitation.sent", _("Invited a user to set their password")
    INVITATION_ACCEPTED = "invitation.accepted", _("Accepted their invitation")
    OIDC_SIGNED_IN = "oidc.signed_in", _("Signed in with their council account")
    OIDC_LINKED = "oidc.linked", _("Linked their council account, matched by email address")
    OIDC_REFUSED = "oidc.refused", _("Refused a council-account sign-in")
    PASSWORD_CHANGED = "password.changed", _("Changed their password")
    PASSWORD_RESET = "password.reset", _("Reset a password from an emailed link")
    PASSWORD_RESET_REQUESTED = "password_reset.requested", _("Asked for a password reset")
    PASSWORD_RESET_THROTTLED = (
        "password_reset.throttled",
        _("Refused a password reset: too many asked for"),
    )
    TWO_FACTOR_ENROLLED = "two_factor.enrolled", _("Set up two-factor sign-in")
    TWO_FACTOR_RECOVERY_CODES_REGENERATED = (
        "two_factor.recovery_codes_regenerated",
        _("Made new recovery codes"),
    )
    TWO_FACTOR_RECOVERY_CODE_USED = (
        "two_factor.recovery_code_used",
        _("Signed in with a recovery code"),
    )
    TWO_FACTOR_FAILED = "two_factor.failed", _("Entered a wrong two-factor code")
    TWO_FACTOR_RESET = "two_factor.reset", _("Reset a user's two-factor sign-in")
    TWO_FACTOR_DEVICE_REMOVED = "two_factor.device_removed", _("Removed a two-factor device")
    API_TOKEN_ISSUED = "api_token.issued", _("Issued an API token")
    API_TOKEN_ROTATED = "api_token.rotated", _("Replaced an API token")
    API_TOKEN_SHOWN = "api_token.shown", _("Showed an existing API token")
    COVER_CREATED = "cover.created", _("Set up cover for a councillor")
    COVER_ENDED = "cover.ended", _("Ended cover for a councillor")


def action_label(action):
    """The words for a stored action; an action not (or no longer) known shows as stored."""
    try:
        return AuditAction(action).label
    except ValueError:
        return action
