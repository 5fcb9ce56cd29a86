from django import forms
from django.utils.translation import gettext_lazy as _


class LetterForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Letter"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a letter template"),
            "invalid_choice": _("Choose a letter template"),
        },
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(str(t.pk), t.name) for t in templates]
        self.fields["template"].item_hints = {str(t.pk): t.get_purpose_display() for t in templates}
