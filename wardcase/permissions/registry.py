"""Everything the rest of Wardcase asks by name, registered from one place when Django
starts (`PermissionsConfig.ready`): django-rules permissions, so templates and views ask
`user.has_perm("cases.close_case", case)` or `{% if perms.cases.close_case %}`, and the
`restrict()` rule of each model a user can reach."""

import rules

from wardcase.accounts.permissions import can_manage_users
from wardcase.core.querysets import restriction_register
from wardcase.directory.permissions import can_configure_council
from wardcase.permissions import (
    audit,
    case_actions,
    charter,
    letters,
    mail,
    privacy,
    reports,
    search,
    visibility,
)

PERMISSIONS = {
    "cases.add_case": case_actions.can_create_case,
    "cases.change_case": case_actions.can_edit_details,
    "cases.assign_case": case_actions.can_assign,
    "cases.send_back_case": case_actions.can_send_back,
    "cases.acknowledge_case": case_actions.can_acknowledge,
    "cases.respond_case": case_actions.can_officer_respond,
    "cases.note_case": case_actions.can_add_internal_note,
    "cases.message_case": case_actions.can_message_as_member,
    "cases.chase_case": case_actions.can_chase,
    "cases.close_case": case_actions.can_close,
    "cases.decline_closure": case_actions.can_decline_closure,
    "cases.reopen_case": case_actions.can_reopen,
    "cases.attach_case": case_actions.can_add_attachment,
    "cases.share_case": case_actions.can_share,
    "cases.link_case": case_actions.can_link,
    "cases.pause_case": charter.can_pause,
    "cases.resume_case": charter.can_resume,
    "cases.request_extension": charter.can_request_extension,
    "cases.decide_extension": charter.can_decide_extension,
    "letters.generate_letter": letters.can_generate_letter,
    "privacy.handle": privacy.can_handle_privacy,
    "reports.view_reports": reports.may_see_reports,
    "accounts.manage_users": can_manage_users,
    "directory.configure_council": can_configure_council,
}

RESTRICTIONS = {
    "cases.Case": visibility.restrict_cases,
    "cases.CaseEvent": visibility.restrict_events,
    "cases.Attachment": visibility.restrict_attachments,
    "cases.CaseShare": visibility.restrict_shares,
    "mail.DraftCase": mail.restrict_drafts,
    "search.SavedSearch": search.restrict_saved_searches,
    "audit.AuditEntry": audit.restrict_audit,
}

for name, predicate in PERMISSIONS.items():
    rules.add_perm(name, predicate)
# The menu asks these as rules (`test_rule`), without the model backend's queries: a
# `perms.x.y` that the rules refuse falls through to Django's model permissions, two
# queries on every page for everyone but those the rules let in.
for name in (
    "directory.configure_council",
    "cases.add_case",
    "privacy.handle",
    "reports.view_reports",
):
    rules.add_rule(name, PERMISSIONS[name])

for label, rule in RESTRICTIONS.items():
    restriction_register(model=label, rule=rule)
