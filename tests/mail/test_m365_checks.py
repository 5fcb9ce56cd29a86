"""A half-configured Microsoft 365 set is refused at start-up, naming what to set."""

from wardcase.mail.checks import GRAPH_BACKEND, check_m365_settings


def ids(_settings):
    return [error.id for error in check_m365_settings(None)]


def configure(settings, **values):
    for name in ("TENANT_ID", "CLIENT_ID", "MAILBOX", "CLIENT_SECRET"):
        setattr(settings, f"WARDCASE_M365_{name}", values.get(name, f"x-{name}"))
    settings.WARDCASE_M365_CERTIFICATE_PATH = values.get("CERTIFICATE_PATH", "")
    settings.WARDCASE_M365_CERTIFICATE_THUMBPRINT = values.get("CERTIFICATE_THUMBPRINT", "")


def test_nothing_configured_is_fine(settings):
    """Without Microsoft 365 settings, the backend or graph intake, nothing is asked."""
    configure(settings, TENANT_ID="", CLIENT_ID="", MAILBOX="", CLIENT_SECRET="")
    assert ids(settings) == []


def test_a_complete_secret_set_is_fine(settings):
    """Tenant, client, mailbox and a secret are enough."""
    configure(settings)
    settings.WARDCASE_MAIL_INTAKE = "graph"
    assert ids(settings) == []


def test_graph_intake_or_backend_without_settings_is_an_error(settings):
    """Choosing graph intake, or the Graph backend, with nothing set names the settings."""
    configure(settings, TENANT_ID="", CLIENT_ID="", MAILBOX="", CLIENT_SECRET="")
    settings.EMAIL_BACKEND = GRAPH_BACKEND
    errors = check_m365_settings(None)
    assert [e.id for e in errors] == ["mail.E002", "mail.E003"]
    assert "WARDCASE_M365_TENANT_ID" in errors[0].msg


def test_half_configured_sets_are_errors(settings):
    """A missing mailbox, two credentials, half a certificate or a missing key file."""
    configure(settings, MAILBOX="")
    assert ids(settings) == ["mail.E002"]
    configure(settings, CERTIFICATE_PATH="/nonexistent.pem", CERTIFICATE_THUMBPRINT="AB")
    assert ids(settings) == ["mail.E003"]
    configure(settings, CLIENT_SECRET="", CERTIFICATE_PATH="/nonexistent.pem")
    assert ids(settings) == ["mail.E004"]
    configure(
        settings, CLIENT_SECRET="", CERTIFICATE_PATH="/nonexistent.pem", CERTIFICATE_THUMBPRINT="AB"
    )
    assert ids(settings) == ["mail.E005"]


def test_an_unknown_intake_is_an_error(settings):
    """WARDCASE_MAIL_INTAKE is imap or graph."""
    settings.WARDCASE_MAIL_INTAKE = "pop3"
    assert "mail.E001" in ids(settings)
