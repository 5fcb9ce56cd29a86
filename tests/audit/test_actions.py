"""Every action the code writes to the audit log has words for the audit pages."""

import ast
from pathlib import Path

import pytest

from wardcase.audit.actions import AuditAction, action_label
from wardcase.audit.models import AuditEntry
from wardcase.audit.services import audit_record

SOURCE = Path(__file__).resolve().parents[2] / "wardcase"
# Actions built from a variable part, and every value the variable part can take.
BUILT_ACTIONS = {
    "case.{kind}": lambda: sorted(_event_rules()),
}


def _event_rules():
    from wardcase.cases.services.routing import EVENT_RULES

    return {str(kind) for kind in EVENT_RULES}


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts or path.name == "actions.py":
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _strings(node):
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _written_actions():
    """(where, action) for every action the code could write: each value passed as
    `action=` to a function or model whose name says "audit", following a variable to the
    strings assigned to it in the same module, and a built string to what it can be."""
    for path, tree in _modules():
        where = path.relative_to(SOURCE.parent)
        assigned = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).extend(_strings(node.value))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if "audit" not in name.lower():
                continue
            for keyword in node.keywords:
                value, at = keyword.value, f"{where}:{node.lineno}"
                if keyword.arg != "action":
                    continue
                if isinstance(value, ast.Constant):
                    yield at, value.value
                elif isinstance(value, ast.Name):
                    for text in assigned.get(value.id, []):
                        yield at, text
                elif isinstance(value, ast.JoinedStr):
                    pattern = "".join(
                        part.value if isinstance(part, ast.Constant) else "{kind}"
                        for part in value.values
                    )
                    assert pattern in BUILT_ACTIONS, (
                        f"{at} builds the audit action {pattern!r}: "
                        "list what it can be in BUILT_ACTIONS"
                    )
                    for part in BUILT_ACTIONS[pattern]():
                        yield at, pattern.replace("{kind}", part)
                elif not isinstance(value, ast.Attribute):  # AuditAction.X is checked by Python
                    raise AssertionError(f"{at}: follow this audit action in the test")


def test_every_action_written_in_the_code_has_a_label():
    written = list(_written_actions())
    unknown = sorted(
        {f"{where} {action}" for where, action in written if action not in AuditAction.values}
    )
    assert not unknown, "Audit actions with no AuditAction (and so no label):\n" + "\n".join(
        unknown
    )
    # The scan finds the call sites, not just nothing.
    found = {action for _where, action in written}
    assert {"case.shared", "config.added", "case.note", "password_reset.requested"} <= found
    assert {"api_token.rotated", "privacy.councillor_exported"} <= found


def test_every_label_is_words_not_the_stored_value():
    for action in AuditAction:
        assert action.label and action.label != action.value
        assert "." not in str(action.label) and "_" not in str(action.label)


def test_the_record_service_takes_the_enum_or_its_value(db):
    by_enum = audit_record(actor=None, action=AuditAction.CASE_SHARED)
    by_value = audit_record(actor=None, action="case.shared")
    stored = AuditEntry.objects.filter(pk__in=[by_enum.pk, by_value.pk])
    assert list(stored.values_list("action", flat=True)) == ["case.shared", "case.shared"]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("case.shared", "Shared the case with a colleague"),
        ("something.retired", "something.retired"),
    ],
)
def test_a_stored_action_shows_its_label_or_itself_if_unknown(stored, shown):
    assert str(action_label(stored)) == shown
