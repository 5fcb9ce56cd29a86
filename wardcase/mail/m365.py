"""Microsoft 365 mail through Microsoft Graph, as the app itself (no user signs in).

Tokens come from Entra ID by the client credentials grant (msal), with a client secret
or a certificate. One msal application per set of credentials lives as long as the
process, so its token cache hands out the same token until it expires and then fetches a
new one. A Graph answer 401 (a token revoked or expired early) is retried once with a new
token. A 429 or 503 is honoured: the client waits out a short Retry-After, or raises
`GraphThrottled` so the caller leaves the work for later.

Errors are written for the operator: which setting to look at, and Entra's own error
code (AADSTS...), in one line, without a traceback.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import msal
import requests
from django.conf import settings

from wardcase.mail.errors import SendDeferred

logger = logging.getLogger(__name__)

TIMEOUT = 60
# How long an operator error (refused credentials, a permission missing) keeps the
# outbox waiting before trying again: long enough not to hammer Entra ID.
CREDENTIALS_RETRY_SECONDS = 300
DEFAULT_RETRY_AFTER = 30

# Entra ID error codes that point at one setting (the rest point at the credential).
SETTING_FOR_CODE = {
    90002: "WARDCASE_M365_TENANT_ID",  # tenant not found
    900023: "WARDCASE_M365_TENANT_ID",  # tenant id malformed
    700016: "WARDCASE_M365_CLIENT_ID",  # application not found in the directory
    7000215: "WARDCASE_M365_CLIENT_SECRET",  # invalid secret
    7000222: "WARDCASE_M365_CLIENT_SECRET",  # secret expired
    700027: "WARDCASE_M365_CERTIFICATE_PATH",  # assertion signature does not match
    700024: "WARDCASE_M365_CERTIFICATE_PATH",  # assertion outside its validity
}


class M365Error(Exception):
    """Microsoft 365 cannot be used as configured; the message says what to change."""


class M365Unavailable(M365Error, SendDeferred):
    """No token can be had (Entra ID unreachable, the certificate unreadable): no fault of
    any message, so the outbox waits rather than failing messages."""

    def __init__(self, message: str):
        SendDeferred.__init__(self, message, retry_after=CREDENTIALS_RETRY_SECONDS)


class M365CredentialsRefused(M365Unavailable):
    """Entra ID refused Wardcase's credentials (a revoked or expired secret, say)."""

    def __init__(self, message: str, *, code: str = "", setting: str = ""):
        super().__init__(message)
        self.code = code
        self.setting = setting


class GraphError(M365Error):
    """Microsoft Graph answered with an error (or could not be reached: status None)."""

    def __init__(self, message: str, *, status: int | None = None, code: str = ""):
        Exception.__init__(self, message)  # not super(): a SendDeferred may follow in the MRO
        self.status = status
        self.code = code


class GraphThrottled(GraphError, SendDeferred):
    """Graph asked us to wait (HTTP 429 or 503) for `retry_after` seconds."""

    def __init__(self, message: str, *, status: int, code: str, retry_after: int):
        GraphError.__init__(self, message, status=status, code=code)
        self.retry_after = retry_after


class GraphAccessDenied(GraphError, SendDeferred):
    """Graph refused the app (a permission or the application access policy is missing)."""

    def __init__(self, message: str, *, status: int, code: str):
        GraphError.__init__(self, message, status=status, code=code)
        self.retry_after = CREDENTIALS_RETRY_SECONDS


@dataclass(frozen=True)
class M365Config:
    """The WARDCASE_M365_* settings, read when needed (never at import)."""

    tenant_id: str
    client_id: str
    mailbox: str
    client_secret: str = ""
    certificate_path: str = ""
    certificate_thumbprint: str = ""
    processed_folder: str = "Wardcase processed"
    authority_host: str = "https://login.microsoftonline.com"
    graph_url: str = "https://graph.microsoft.com/v1.0"

    @classmethod
    def from_settings(cls) -> M365Config:
        return cls(
            tenant_id=settings.WARDCASE_M365_TENANT_ID,
            client_id=settings.WARDCASE_M365_CLIENT_ID,
            mailbox=settings.WARDCASE_M365_MAILBOX,
            client_secret=settings.WARDCASE_M365_CLIENT_SECRET,
            certificate_path=settings.WARDCASE_M365_CERTIFICATE_PATH,
            certificate_thumbprint=settings.WARDCASE_M365_CERTIFICATE_THUMBPRINT,
            processed_folder=settings.WARDCASE_M365_PROCESSED_FOLDER,
            authority_host=settings.WARDCASE_M365_AUTHORITY_HOST.rstrip("/"),
            graph_url=settings.WARDCASE_M365_GRAPH_URL.rstrip("/"),
        )

    @property
    def authority(self) -> str:
        return f"{self.authority_host}/{self.tenant_id}"

    @property
    def scope(self) -> str:
        """Graph's `.default` scope: every application permission granted to the app."""
        parts = urlsplit(self.graph_url)
        return f"{parts.scheme}://{parts.netloc}/.default"

    @property
    def mailbox_path(self) -> str:
        return f"/users/{quote(self.mailbox, safe='@')}"

    @property
    def credential_setting(self) -> str:
        return (
            "WARDCASE_M365_CLIENT_SECRET"
            if self.client_secret
            else "WARDCASE_M365_CERTIFICATE_PATH"
        )


# One msal application (and so one token cache) per configuration, for the process's life.
_apps: dict[M365Config, msal.ConfidentialClientApplication] = {}
_apps_lock = threading.Lock()


def _credential(config: M365Config):
    if config.client_secret:
        return config.client_secret
    try:
        private_key = Path(config.certificate_path).read_text()
    except OSError as exc:
        raise M365Unavailable(
            f"WARDCASE_M365_CERTIFICATE_PATH: cannot read the certificate's private key "
            f"({exc.strerror}: {config.certificate_path})."
        ) from exc
    return {"private_key": private_key, "thumbprint": config.certificate_thumbprint}


def _app(config: M365Config) -> msal.ConfidentialClientApplication:
    with _apps_lock:
        app = _apps.get(config)
        if app is None:
            try:
                # The authority is the operator's own setting, not outside input, so
                # msal's instance discovery (a call to login.microsoftonline.com to ask
                # whether the host is Microsoft's) is not needed, and would refuse a
                # national cloud's or a test server's host.
                app = msal.ConfidentialClientApplication(
                    config.client_id,
                    client_credential=_credential(config),
                    authority=config.authority,
                    instance_discovery=False,
                    timeout=TIMEOUT,
                )
            except (ValueError, requests.RequestException) as exc:
                raise M365Unavailable(
                    f"Could not reach Entra ID's sign-in service for tenant {config.tenant_id} "
                    f"at {config.authority_host}: check WARDCASE_M365_TENANT_ID and "
                    f"WARDCASE_M365_AUTHORITY_HOST ({_one_line(exc)})."
                ) from exc
            _apps[config] = app
        return app


def _one_line(value, limit=300) -> str:
    return " ".join(str(value).split())[:limit]


def _refused(config: M365Config, result: dict) -> M365CredentialsRefused:
    description = result.get("error_description") or result.get("error") or "no reason given"
    codes = result.get("error_codes") or []
    if not codes and (found := re.match(r"AADSTS(\d+)", description)):
        codes = [int(found.group(1))]
    code = f"AADSTS{codes[0]}" if codes else str(result.get("error", ""))
    setting = SETTING_FOR_CODE.get(codes[0] if codes else 0, config.credential_setting)
    # Entra's description runs on with trace and correlation ids: its first sentence says it.
    reason = _one_line(description.split(" Trace ID:")[0])
    return M365CredentialsRefused(
        f"Entra ID refused Wardcase's credentials ({code}): check {setting}. {reason}",
        code=code,
        setting=setting,
    )


def graph_token(*, config: M365Config, fresh: bool = False) -> str:
    """An app-only access token for Graph: the cached one until it expires, or, `fresh`,
    a new one (Graph said the cached one is no longer good)."""
    app = _app(config)
    if fresh:
        for token in list(app.token_cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN)):
            app.token_cache.remove_at(token)
    try:
        result = app.acquire_token_for_client(scopes=[config.scope])
    except requests.RequestException as exc:
        raise M365Unavailable(
            f"Could not reach Entra ID at {config.authority_host}: {_one_line(exc)}"
        ) from exc
    if "access_token" not in result:
        raise _refused(config, result)
    return result["access_token"]


def retry_after_seconds(response: requests.Response) -> int:
    """Retry-After in seconds (Graph sends seconds; an HTTP date is allowed too)."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return max(1, int(value))
    try:
        return max(1, int(parsedate_to_datetime(value).timestamp() - time.time()))
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def _graph_error(response: requests.Response) -> tuple[str, str]:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    return str(error.get("code", "")), _one_line(error.get("message", response.reason))


class GraphClient:
    """A small Microsoft Graph client for one mailbox's worth of calls.

    `max_wait`: a throttled call is retried after its Retry-After while the waiting adds
    up to no more than this many seconds; beyond that `GraphThrottled` is raised.
    """

    def __init__(self, config: M365Config, *, max_wait: int = 0, headers: dict | None = None):
        self.config = config
        self.max_wait = max_wait
        self.session = requests.Session()
        self.session.headers.update(headers or {})

    def close(self) -> None:
        self.session.close()

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        url = path if path.startswith("https://") else self.config.graph_url + path
        fresh, waited = False, 0
        while True:
            token = graph_token(config=self.config, fresh=fresh)
            headers = {**kwargs.pop("headers", {}), "Authorization": f"Bearer {token}"}
            kwargs["headers"] = headers
            try:
                response = self.session.request(method, url, timeout=TIMEOUT, **kwargs)
            except requests.RequestException as exc:
                raise GraphError(f"Could not reach Microsoft Graph: {_one_line(exc)}") from exc
            if response.status_code == 401 and not fresh:
                fresh = True  # the token expired or was revoked early: one new token
                continue
            if response.status_code in (429, 503):
                delay = retry_after_seconds(response)
                if waited + delay <= self.max_wait:
                    logger.info("Microsoft Graph asked us to wait %s s", delay)
                    time.sleep(delay)
                    waited += delay
                    continue
                code, message = _graph_error(response)
                raise GraphThrottled(
                    f"Microsoft Graph is throttling Wardcase (HTTP {response.status_code} "
                    f"{code}): retry after {delay} s. {message}",
                    status=response.status_code,
                    code=code,
                    retry_after=delay,
                )
            if response.status_code in (401, 403):
                code, message = _graph_error(response)
                raise GraphAccessDenied(
                    f"Microsoft Graph refused access to {self.config.mailbox} (HTTP "
                    f"{response.status_code} {code}): check the app's Mail.ReadWrite and "
                    f"Mail.Send application permissions, their admin consent and the "
                    f"application access policy. {message}",
                    status=response.status_code,
                    code=code,
                )
            if response.status_code >= 400:
                code, message = _graph_error(response)
                raise GraphError(
                    f"Microsoft Graph answered HTTP {response.status_code} {code}: {message}",
                    status=response.status_code,
                    code=code,
                )
            return response

    def json(self, method: str, path: str, **kwargs) -> dict:
        response = self.request(method, path, **kwargs)
        return response.json() if response.content else {}
