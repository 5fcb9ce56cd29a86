"""The notification port: what to tell whom, written in templates; sent by whoever registers.

An app that tells people something calls `notify_user` (or `notify_many` for a batch)
with a template name and its context. Each notice kind is one plain-text template with
two blocks, so the wording of a notification is read, reviewed and translated in one
place:

    {% load i18n %}
    {% block subject %}{% translate "Case closed" %}{% endblock %}
    {% block body %}{% blocktranslate ... %}...{% endblocktranslate %}{% endblock %}

Only the two blocks are rendered; anything outside them is ignored. The subject is
folded into one line; the body is trimmed at both ends. Templates render without HTML
escaping (this is plain text, not a page), and their context also holds `user` (the
recipient) and `case` when a notice is about one, unless the caller gave its own.

`core` imports no other app, so it does not write the email itself: the mail app
registers the sender (the outbox write) when it is ready. Without one, notifying raises
`NoNotificationSender` rather than dropping the notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template import Context, Engine
from django.template.base import Template
from django.template.loader_tags import BlockNode

from wardcase.core.text import one_line

BLOCKS = ("subject", "body")


class NoNotificationSender(RuntimeError):
    """Nothing has registered a sender, so a notice would be lost."""


@dataclass(frozen=True)
class Notice:
    """One notification to write: who, which template, and what it needs to say."""

    user: Any
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    case: Any = None
    digestible: bool = False


@dataclass(frozen=True)
class Message:
    """A notice rendered: the subject and body its recipient reads.

    A `digestible` message (reminders, escalations) may be held for the recipient's
    daily digest instead of going at once.
    """

    user: Any
    subject: str
    body: str
    case: Any = None
    digestible: bool = False


Sender = Callable[[Sequence[Message]], list[Any]]
_sender: Sender | None = None


def register_sender(fn: Sender) -> None:
    """Make `fn` the one sender: it is given rendered messages and returns what it wrote."""
    global _sender
    _sender = fn


def notice_render(
    *, template: str, context: Mapping[str, Any], engine: Engine | None = None
) -> tuple[str, str]:
    """(subject, body) of the notice template `template` rendered with `context`."""
    engine = engine or Engine.get_default()
    compiled = engine.get_template(template)
    return _render_blocks(compiled, context)


def _render_blocks(template: Template, context: Mapping[str, Any]) -> tuple[str, str]:
    blocks = {
        node.name: node
        for node in template.nodelist.get_nodes_by_type(BlockNode)
        if isinstance(node, BlockNode)
    }
    missing = [name for name in BLOCKS if name not in blocks]
    if missing:
        raise ValueError(f"Notice template {template.name} has no block {', '.join(missing)}")
    rendering = Context(dict(context), autoescape=False)
    # What Template.render does around its nodes, so tags that need the template
    # (blocktranslate's string_if_invalid, include) behave as in a whole render.
    with rendering.render_context.push_state(template), rendering.bind_template(template):
        subject = blocks["subject"].render(rendering)
        body = blocks["body"].render(rendering)
    return one_line(subject), body.strip()


def _message(notice: Notice) -> Message:
    context = {"user": notice.user, "case": notice.case, **notice.context}
    subject, body = notice_render(template=notice.template, context=context)
    return Message(
        user=notice.user,
        subject=subject,
        body=body,
        case=notice.case,
        digestible=notice.digestible,
    )


def _require_sender() -> Sender:
    if _sender is None:
        raise NoNotificationSender(
            "No notification sender is registered: is the mail app installed?"
        )
    return _sender


def notify_many(*, notices: Iterable[Notice]) -> list[Any]:
    """Render and hand over many notices at once; notices to nobody are skipped.
    Returns what the sender wrote (outbox rows)."""
    sender = _require_sender()
    return sender([_message(n) for n in notices if n.user is not None])


def notify_user(
    *,
    user: Any,
    template: str,
    context: Mapping[str, Any],
    case: Any = None,
    digestible: bool = False,
) -> Any:
    """Tell one user, from `template` rendered with `context`; returns what the sender
    wrote, or None when there was no one to tell (no user, or one without an address)."""
    notice = Notice(user=user, template=template, context=context, case=case, digestible=digestible)
    written = notify_many(notices=[notice])
    return written[0] if written else None
