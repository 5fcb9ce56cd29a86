from django import template

from wardcase.letters.forms import LetterForm
from wardcase.letters.selectors import letter_templates_offered
from wardcase.letters.services import letters_sent
from wardcase.permissions.letters import can_generate_letter

register = template.Library()


@register.inclusion_tag("letters/letter_panel.html", takes_context=True)
def letter_panel(context, case):
    """The letter form on the case page, for the councillor's side only."""
    user = context["request"].user
    if not can_generate_letter(user, case):
        return {"show": False}
    templates = letter_templates_offered()
    letters = [a for a in context.get("attachments", []) if a.event_id and a.event.kind == "letter"]
    sent = letters_sent(case=case) if letters else {}
    for letter in letters:
        letter.wc_sent = sent.get(letter.pk)
    return {
        "show": bool(templates),
        "case": case,
        "form": LetterForm(templates=templates),
        "letters": letters,
        "csrf_token": context.get("csrf_token"),
    }
