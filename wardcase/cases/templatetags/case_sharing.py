"""The case page's consent, sharing, links and (loaded after the page) possible duplicates.

An inclusion tag, so the case page needs only one `{% case_sharing_panel %}` line and the
panel's reads stay here, each through the selectors that respect what the viewer may see.
"""

from django import template

from wardcase.cases.links import linked_cases
from wardcase.cases.services.sharing import case_shares_active

register = template.Library()


@register.inclusion_tag("cases/includes/sharing_panel.html", takes_context=True)
def case_sharing_panel(context):
    user, case = context["request"].user, context["case"]
    linked, hidden_links = linked_cases(user=user, case=case)
    can_link = user.has_perm("cases.link_case", case)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "case": case,
        "shares": list(case_shares_active(case=case)),
        "can_share": user.has_perm("cases.share_case", case),
        "linked": linked,
        "hidden_links": hidden_links,
        "can_link": can_link,
        "can_respond_linked": (linked or hidden_links)
        and user.has_perm("cases.respond_case", case),
    }
