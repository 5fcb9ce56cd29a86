"""Forms of the charter actions on the case page: pause, restart, more time."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.charter.models import Clock, Extension
from wardcase.core.forms import WardcaseForm, textarea_field


class PauseForm(WardcaseForm):
    id_prefix = "pause-"
    reason = textarea_field(
        _("What information is the case waiting for?"),
        required=True,
        rows=3,
        help_text=_("The deadlines stop until someone restarts them. Both sides see this."),
        error_messages={"required": _("Say what information the case is waiting for")},
    )


class ResumeForm(WardcaseForm):
    id_prefix = "resume-"
    note = textarea_field(_("What arrived (optional)"), rows=3)


class ExtensionRequestForm(WardcaseForm):
    id_prefix = "extension-"
    kind = forms.ChoiceField(
        label=_("Which deadline"),
        choices=[
            (Clock.Kind.RESPOND, _("The deadline for the answer")),
            (Clock.Kind.RESOLVE, _("The deadline to resolve or close")),
        ],
        widget=forms.RadioSelect,
        initial=Clock.Kind.RESPOND,
        error_messages={"required": _("Choose which deadline needs more time")},
    )
    working_days = forms.IntegerField(
        label=_("How many more working days"),
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many more working days you need"),
            "invalid": _("Enter a whole number of working days, like 5"),
            "min_value": _("Ask for at least 1 working day"),
            "max_value": _("Ask for no more than 60 working days"),
        },
    )
    reason = textarea_field(
        _("Why more time is needed"),
        required=True,
        rows=3,
        help_text=_("The councillor who owns the case decides."),
        error_messages={"required": _("Say why more time is needed")},
    )


class ExtensionDecisionForm(WardcaseForm):
    id_prefix = "decide-"
    approve = forms.TypedChoiceField(
        label=_("Do you agree?"),
        choices=[("yes", _("Yes, agree the extra time")), ("no", _("No, keep the date"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you agree the extra time")},
    )
    note = textarea_field(_("Note to the officer (optional)"), rows=2)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        pending = (
            Extension.objects.filter(clock__case=case, decision=Extension.Decision.PENDING)
            .select_related("clock", "requested_by")
            .first()
        )
        if pending is not None:
            self.fields["approve"].help_text = _(
                "%(who)s asks for %(days)s more working days for the %(what)s "
                "(now due %(due)s): %(reason)s"
            ) % {
                "who": pending.requested_by,
                "days": pending.working_days,
                "what": pending.clock.get_kind_display().lower(),
                "due": pending.clock.due_on.strftime("%-d %B %Y"),
                "reason": pending.reason,
            }
