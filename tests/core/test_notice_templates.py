"""Every notice template renders, with its call site's context, without a missing variable;
and what the renderer makes of a template's subject and body blocks."""

from datetime import date
from pathlib import Path

import pytest
from django.template import Engine

from tests.conftest import assign
from tests.core.notification_helpers import at
from wardcase.charter.models import Clock, Extension
from wardcase.core.notifications import notice_render

WARDCASE = Path(__file__).resolve().parents[2] / "wardcase"
INVALID = "<<missing %s>>"


def notice_templates():
    """Every notice template in the tree, by the name it is loaded with."""
    return sorted(
        str(path.relative_to(path.parents[2]))
        for path in WARDCASE.glob("*/templates/*/notices/*.txt")
    )


def strict_engine(**options):
    """The project's template engine, but a missing variable shows instead of vanishing."""
    default = Engine.get_default()
    options.setdefault("dirs", default.dirs)
    options.setdefault("app_dirs", default.app_dirs)
    options.setdefault("libraries", default.libraries)
    return Engine(string_if_invalid=INVALID, **options)


@pytest.fixture
def samples(world):
    """A context for each notice template, as its call site builds it (plus the port's
    own `user` and `case`)."""
    case = assign(world)
    case.outcome = "resolved"
    clock = Clock.objects.get(case=case, kind=Clock.Kind.RESPOND)
    extension = Extension(clock=clock, working_days=3, reason="Waiting for a contractor")
    by = {"user": world.councillor, "case": case, "by": world.officer}
    sweep = {
        "user": world.officer,
        "case": case,
        "what": "acknowledgement",
        "due_on": date(2026, 3, 5),
    }
    return {
        "cases/notices/assigned.txt": {
            **by,
            "user": world.officer,
            "by": world.coordinator,
            "additional": True,
        },
        "cases/notices/acknowledged.txt": by,
        "cases/notices/update.txt": {**by, "text": "Filled on Tuesday."},
        "cases/notices/response.txt": {**by, "text": "All done."},
        "cases/notices/member_message.txt": {**by, "by": world.councillor, "text": "Thanks."},
        "cases/notices/closure_proposed.txt": {**by, "reason": "Filled."},
        "cases/notices/chased.txt": {**by, "by": world.councillor, "message": "Any news?"},
        "cases/notices/sent_back.txt": {
            **by,
            "user": world.coordinator,
            "reason": "Street lights are Parks.",
            "department": "Highways",
        },
        "cases/notices/shared.txt": {**by, "by": world.councillor, "reason": "Cover."},
        "cases/notices/closed.txt": {**by, "user": world.officer},
        "cases/notices/closure_declined.txt": {**by, "reason": "Not yet."},
        "cases/notices/reopened.txt": {**by, "reason": "It came back."},
        "cases/notices/paused.txt": {**by, "reason": "Which lamp post?"},
        "cases/notices/resumed.txt": {**by, "note": "Number 12."},
        "cases/notices/extension_requested.txt": {**by, "clock": clock, "extension": extension},
        "cases/notices/extension_decided.txt": {**by, "clock": clock, "approved": True},
        "cases/notices/reminder.txt": sweep,
        "cases/notices/overdue.txt": sweep,
        "cases/notices/escalation.txt": sweep,
        "mail/notices/email_in.txt": {**by, "text": "See the photo."},
        "mail/notices/follow_up_in.txt": {**by, "text": "It is back."},
        "mail/notices/late_reply_draft.txt": {**by, "text": "It is back again."},
        "accounts/notices/invitation.txt": {
            "user": world.officer,
            "by": world.administrator,
            "link": "https://wardcase.example/accounts/invitation/abc/",
            "expires_at": at(2026, 3, 5, 10),
        },
        "accounts/notices/password_reset.txt": {
            "user": world.officer,
            "protocol": "https",
            "domain": "wardcase.example",
            "uid": "MQ",
            "token": "cz6f1c-0123456789abcdef",
        },
    }


def test_every_notice_template_has_a_sample_context(samples):
    """A new notice template needs a sample here, so the next test renders it too."""
    assert sorted(samples) == notice_templates()


def test_every_notice_template_renders_with_its_context_and_nothing_missing(samples):
    engine = strict_engine()
    for template in notice_templates():
        subject, body = notice_render(template=template, context=samples[template], engine=engine)
        assert subject and body, template
        assert "<<missing" not in subject + body, (template, subject, body)
        assert "\n" not in subject, template


def test_a_missing_variable_would_be_caught(samples):
    """The strict engine really shows a variable the call site forgot."""
    context = dict(samples["cases/notices/shared.txt"])
    del context["reason"]
    _subject, body = notice_render(
        template="cases/notices/shared.txt", context=context, engine=strict_engine()
    )
    assert "<<missing reason>>" in body


def locmem(templates):
    return strict_engine(
        dirs=[],
        app_dirs=False,
        loaders=[("django.template.loaders.locmem.Loader", templates)],
    )


def test_only_the_blocks_render_the_subject_on_one_line_and_nothing_is_escaped():
    engine = locmem(
        {
            "n.txt": "Not sent{% block subject %}\n  Fish & <chips>\n  today {% endblock %}"
            "{% block body %}\n\n  {{ text }}\n\n{% endblock %}ignored",
        }
    )
    subject, body = notice_render(template="n.txt", context={"text": "a < b & c"}, engine=engine)
    assert subject == "Fish & <chips> today"
    assert body == "a < b & c"


def test_a_template_without_both_blocks_is_refused():
    engine = locmem({"n.txt": "{% block subject %}Hi{% endblock %}"})
    with pytest.raises(ValueError, match="no block body"):
        notice_render(template="n.txt", context={}, engine=engine)
