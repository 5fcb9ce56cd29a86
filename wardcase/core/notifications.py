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
from datetime import date
from typing import Any

from django.template import Context, Engine
from django.template.base import Template
from django.template.loader_tags import BlockNode
from django.utils.functional import Promise

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
BulkSender = Callable[[Sequence[Message]], int]
_sender: Sender | None = None
_bulk_sender: BulkSender | None = None


def register_sender(fn: Sender, *, bulk: BulkSender | None = None) -> None:
    """Make `fn` the one sender: it is given rendered messages and returns what it wrote.
    `bulk`, if given, writes large batches without returning objects: it gets the same
    messages and returns how many it wrote (without it, `fn` does that work too)."""
    global _sender, _bulk_sender
    _sender, _bulk_sender = fn, bulk


def notice_render(
    *, template: str, context: Mapping[str, Any], engine: Engine | None = None
) -> tuple[str, str]:
    """(subject, body) of the notice template `template` rendered with `context`."""
    engine = engine or Engine.get_default()
    compiled = engine.get_template(template)
    return _render_blocks(compiled, context)


def _render_blocks(template: Template, context: Mapping[str, Any]) -> tuple[str, str]:
    subject, body = _render_raw_blocks(template, context)
    return one_line(subject), body.strip()


def _render_raw_blocks(template: Template, context: Mapping[str, Any]) -> tuple[str, str]:
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
    return subject, body


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


# Stand-ins for a case's reference and subject while a batch's text is rendered once.
_REFERENCE, _SUBJECT = "\ue000reference\ue000", "\ue000subject\ue000"
_PLAIN = (str, int, date, Promise, type(None))


@dataclass(frozen=True)
class _StandIn:
    reference: str = _REFERENCE
    subject: str = _SUBJECT


def _batch_key(notice: Notice) -> tuple | None:
    """Notices about cases with the same template and plain context (the sweep's: what
    and a due date) differ only in the case's reference and subject; None: not so."""
    if notice.case is None or not all(isinstance(v, _PLAIN) for v in notice.context.values()):
        return None
    return (notice.template, *sorted((k, type(v), str(v)) for k, v in notice.context.items()))


def _fill(text: str, case: Any) -> str:
    return text.replace(_REFERENCE, str(case.reference)).replace(_SUBJECT, str(case.subject))


def _messages(notices: Iterable[Notice]) -> list[Message]:
    """Each notice rendered. Notices sharing a `_batch_key` are rendered once, with
    stand-ins for the case's reference and subject filled in per notice; that holds
    only if the template prints those two as they are and nothing else of the case or
    the user, which is checked against a whole render of the first of each batch (a
    template that does more is rendered notice by notice, as before)."""
    shapes: dict[tuple, tuple[str, str] | None] = {}
    # (subject, body) per batch and case: a case told to several people is filled once.
    filled_in: dict[tuple[tuple, Any], tuple[str, str]] = {}
    messages = []
    # Notices share their context objects (a sweep's: one per clock kind and date), so
    # each context's key is worked out once.
    # each context's key is worked out once (the context is kept with it, so its id
    # cannot be taken by another while the batch is rendered).
    keys: dict[tuple[str, int], tuple[Any, tuple | None]] = {}
    for notice in notices:
        key_of = (notice.template, id(notice.context))
        if notice.case is None:
            key = None
        elif key_of in keys:
            key = keys[key_of][1]
        else:
            key = _batch_key(notice)
            keys[key_of] = (notice.context, key)
        if key is None:
            messages.append(_message(notice))
            continue
        if key not in shapes:
            message = _message(notice)
            template = Engine.get_default().get_template(notice.template)
            shape = _render_raw_blocks(template, {**notice.context, "case": _StandIn()})
            filled = (one_line(_fill(shape[0], notice.case)), _fill(shape[1], notice.case).strip())
            shapes[key] = shape if filled == (message.subject, message.body) else None
            messages.append(message)
            continue
        batched = shapes[key]
        if batched is None:
            messages.append(_message(notice))
            continue
        text = filled_in.get((key, notice.case.pk))
        if text is None:
            text = (
                one_line(_fill(batched[0], notice.case)),
                _fill(batched[1], notice.case).strip(),
            )
            filled_in[key, notice.case.pk] = text
        messages.append(
            Message(
                user=notice.user,
                subject=text[0],
                body=text[1],
                case=notice.case,
                digestible=notice.digestible,
            )
        )
    return messages


def notify_many(*, notices: Iterable[Notice]) -> list[Any]:
    """Render and hand over many notices at once; notices to nobody are skipped.
    Returns what the sender wrote (outbox rows)."""
    sender = _require_sender()
    return sender(_messages(n for n in notices if n.user is not None))


def notify_in_bulk(*, notices: Iterable[Notice]) -> int:
    """`notify_many` for sweeps that tell thousands at once and need nothing back:
    returns how many messages were written. The text is the same as `notify_many`'s."""
    sender = _require_sender()
    messages = _messages(n for n in notices if n.user is not None)
    if _bulk_sender is None:
        return len(sender(messages))
    return _bulk_sender(messages)


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
