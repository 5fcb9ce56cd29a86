"""The outbox in the Django admin: administrators see what failed and can send it again.

Subjects and bodies carry case content, which administrators do not see; the list
shows who, which case, state and the error only.
"""

from django.contrib import admin, messages

from wardcase.audit.admin import AdministratorsOnlyAdmin
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import outbox_send_again


@admin.register(OutboxMessage)
class OutboxMessageAdmin(AdministratorsOnlyAdmin):
    list_display = ["id", "to", "case_reference", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["to", "case__reference", "message_id"]
    fields = readonly_fields = (
        "to",
        "case_reference",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "message_id",
        "in_reply_to",
    )
    list_select_related = ["case"]
    actions = ["send_again"]

    @admin.display(description="case", ordering="case__reference")
    def case_reference(self, message):
        return message.case.reference if message.case_id else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected failed messages again")
    def send_again(self, request, queryset):
        count = outbox_send_again(by=request.user, ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} message(s) will be sent again.", messages.SUCCESS)
