"""System checks for mail settings: a half-configured Microsoft 365 set fails at start-up,
with the setting to fix, rather than at the first message."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

GRAPH_BACKEND = "wardcase.mail.backends.graph.GraphEmailBackend"
M365_SETTINGS = (
    "WARDCASE_M365_TENANT_ID",
    "WARDCASE_M365_CLIENT_ID",
    "WARDCASE_M365_MAILBOX",
    "WARDCASE_M365_CLIENT_SECRET",
    "WARDCASE_M365_CERTIFICATE_PATH",
    "WARDCASE_M365_CERTIFICATE_THUMBPRINT",
)


@register()
def check_m365_settings(app_configs, **kwargs):
    errors = []
    intake = settings.WARDCASE_MAIL_INTAKE
    if intake not in ("imap", "graph"):
        errors.append(
            Error(
                f"WARDCASE_MAIL_INTAKE is {intake!r}.",
                hint='Set it to "imap" or "graph".',
                id="mail.E001",
            )
        )
    used = intake == "graph" or settings.EMAIL_BACKEND == GRAPH_BACKEND
    if not used and not any(getattr(settings, name) for name in M365_SETTINGS):
        return errors
    missing = [
        name
        for name in ("WARDCASE_M365_TENANT_ID", "WARDCASE_M365_CLIENT_ID", "WARDCASE_M365_MAILBOX")
        if not getattr(settings, name)
    ]
    if missing:
        errors.append(
            Error(
                "Microsoft 365 mail is half configured: " + ", ".join(missing) + " not set.",
                hint="Set them from the app registration (see docs/microsoft-365.md).",
                id="mail.E002",
            )
        )
    secret = settings.WARDCASE_M365_CLIENT_SECRET
    path = settings.WARDCASE_M365_CERTIFICATE_PATH
    thumbprint = settings.WARDCASE_M365_CERTIFICATE_THUMBPRINT
    if bool(secret) == bool(path or thumbprint):
        errors.append(
            Error(
                "Microsoft 365 mail needs one credential: WARDCASE_M365_CLIENT_SECRET, or "
                "WARDCASE_M365_CERTIFICATE_PATH with WARDCASE_M365_CERTIFICATE_THUMBPRINT.",
                hint="Set one of the two, not both.",
                id="mail.E003",
            )
        )
    elif not secret and not (path and thumbprint):
        errors.append(
            Error(
                "A certificate needs both WARDCASE_M365_CERTIFICATE_PATH and "
                "WARDCASE_M365_CERTIFICATE_THUMBPRINT.",
                id="mail.E004",
            )
        )
    elif path and not Path(path).is_file():
        errors.append(
            Error(
                f"WARDCASE_M365_CERTIFICATE_PATH: no file at {path}.",
                hint="The PEM file holding the certificate's private key.",
                id="mail.E005",
            )
        )
    return errors
