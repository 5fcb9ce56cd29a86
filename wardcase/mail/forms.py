from django import forms
from django.utils.translation import gettext_lazy as _

DIGEST = "digest"
EACH = "each"


class NotificationSettingsForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("How should reminders and escalations reach you?"),
        choices=[
            (EACH, _("One email for each, as it happens")),
            (DIGEST, _("One daily digest email")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how reminders and escalations should reach you")},
    )
    # Read by the radios template (wardcase.cases.templatetags) under each choice.
    delivery.item_hints = {  # type: ignore[attr-defined]
        DIGEST: _("Sent once each working day. Other emails still come as they happen."),
    }

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"delivery": DIGEST if user.email_digest else EACH})
        super().__init__(*args, **kwargs)
