"""The case page's timeline, written in Python, is the HTML its template wrote."""

import datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from tests import factories
from wardcase.cases.choices import EventKind, Visibility
from wardcase.cases.models import Attachment, CaseEvent
from wardcase.cases.templatetags.case_timeline import case_timeline
from wardcase.cases.views.case_detail import _timeline

# cases/includes/timeline.html and attachment_link.html as they were, the reference.
TIMELINE_TEMPLATE = """{% load i18n wardcase %}
<ol class="wc-timeline">
  {% for event in events %}
  <li class="wc-timeline__item {{ event.wc_style }}">
    <h3 class="wc-timeline__title">{{ event.get_kind_display }}{% if event.wc_internal %} <strong class="govuk-tag govuk-tag--grey">{% translate "Council staff only" %}</strong>{% endif %}</h3>
    <p class="wc-timeline__meta"><time datetime="{{ event.created_at|date:'c' }}">{{ event.created_at|date:"j F Y, H:i" }}</time>{% if event.author %} {% blocktranslate with author=event.author %}by {{ author }}{% endblocktranslate %}{% endif %}</p>
    <div class="wc-timeline__body">
      {% if event.kind == "assigned" %}
      <p class="govuk-body">{% blocktranslate with department=event.data.department officer=event.data.lead_officer %}Assigned to {{ department }}, lead officer {{ officer }}.{% endblocktranslate %}{% if event.data.additional_officers %} {% translate "Also:" %} {{ event.data.additional_officers|join:", " }}.{% endif %}</p>
      {% elif event.kind == "closed" %}
      <p class="govuk-body">{% translate "Outcome:" %} {{ event.data.outcome|outcome_label }}{% if event.data.authority %}. {% translate "Councillor's authority:" %} {{ event.data.authority }}{% endif %}</p>
      {% elif event.kind == "edited" %}
      <p class="govuk-body">{% translate "Changed:" %} {{ event.data.changed|changed_fields }}</p>
      {% elif event.kind == "acknowledged" and event.data.via == "email" %}
      <p class="govuk-body">{% translate "Acknowledged by replying to the email about the case." %}</p>
      {% elif event.kind == "email_in" and event.data.after_close %}
      <p class="govuk-body"><strong class="govuk-tag govuk-tag--yellow">{% translate "After the case was closed" %}</strong></p>
      {% elif event.kind == "reopened" and event.data.authority %}
      <p class="govuk-body">{% translate "Councillor's authority:" %} {{ event.data.authority }}</p>
      {% endif %}
      {% if event.body %}<p class="govuk-body wc-preserve-lines">{{ event.body }}</p>{% endif %}
      {% with files=event.attachments.all %}{% if files %}
      <ul class="govuk-list">
        {% for attachment in files %}<li>{% include "cases/includes/attachment_link.html" %}</li>{% endfor %}
      </ul>
      {% endif %}{% endwith %}
    </div>
  </li>
  {% endfor %}
</ol>
"""  # noqa: E501 - the template as it stood, long lines and all

HOSTILE = "<script>alert('x')</script> & \"quoted\" O'Brien"

# Every kind, and each data variant the template told apart (and hostile text in each).
EVENTS = [
    *((kind, {}, "") for kind in EventKind.values),
    (EventKind.ASSIGNED, {"department": HOSTILE, "lead_officer": "Olu Officer"}, ""),
    (
        EventKind.ASSIGNED,
        {"department": "Highways", "lead_officer": HOSTILE, "additional_officers": [HOSTILE, "B"]},
        "",
    ),
    (EventKind.CLOSED, {"outcome": "resolved"}, "Done."),
    (EventKind.CLOSED, {"outcome": HOSTILE, "authority": HOSTILE}, ""),
    (EventKind.EDITED, {"changed": ["subject", "constituent.email", "gone_field"]}, ""),
    (EventKind.ACKNOWLEDGED, {"via": "email"}, ""),
    (EventKind.ACKNOWLEDGED, {"via": "web"}, ""),
    (EventKind.EMAIL_IN, {"after_close": True}, HOSTILE),
    (EventKind.EMAIL_IN, {"after_close": False}, "Line one\nLine two"),
    (EventKind.REOPENED, {"authority": HOSTILE}, ""),
    (EventKind.NOTE, {}, HOSTILE),
    (EventKind.UPDATE, {"department": None}, "An update"),
]


@pytest.fixture
def timeline(world):
    """A case with every kind of event, some by nobody, some internal, some with files."""
    case = world.case
    author = factories.OfficerFactory(name=HOSTILE)
    start = timezone.now() - datetime.timedelta(days=3)
    for n, (kind, data, body) in enumerate(EVENTS):
        event = CaseEvent.objects.create(
            case=case,
            kind=kind,
            author=None if n % 5 == 0 else (author if n % 2 else world.officer),
            created_at=start + datetime.timedelta(minutes=97 * n),
            visibility=Visibility.INTERNAL if n % 7 == 0 else Visibility.EVERYONE,
            body=body,
            data=data,
        )
        for f in range(n % 3 if n % 4 == 1 else 0):
            Attachment.objects.create(
                case=case,
                event=event,
                storage_name=f"s{n}-{f}",
                file=f"attachments/s{n}-{f}",
                original_name=f"{HOSTILE} {f}.pdf",
                content_type="application/pdf",
                size=7 * 5 ** (n % 13) + f,
                uploaded_by=world.officer,
            )
    return case


@pytest.mark.parametrize("role", ["coordinator", "councillor"])
def test_the_timeline_is_the_html_its_template_wrote(world, timeline, role, settings):
    """Byte for byte, for every kind of event, hostile text escaped the same way, with
    and without internal notes, in another time zone too."""
    settings.TIME_ZONE = "America/St_Johns"  # a half-hour offset: dates in the zone
    user = getattr(world, role)
    events = _timeline(user, timeline)
    assert len(events) >= len(EventKind.values) // 2
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en-gb"):
        expected = (
            engines["django"]
            .from_string(TIMELINE_TEMPLATE)
            .render({"events": events, "case": timeline}, request)
        )
        written = case_timeline(timeline, events)
    assert written == expected
    assert "<script>" not in written and "&lt;script&gt;" in written
