"""A small Microsoft Entra ID and Microsoft Graph on 127.0.0.1, over real HTTPS.

It speaks what Wardcase uses: the tenant's OpenID discovery document and token endpoint
(client credentials, with a secret or a certificate's signed assertion), and Graph's
mail calls for one mailbox (list the Inbox, fetch MIME, find and make folders, move,
sendMail with MIME). Bodies are shaped like recorded answers from the real services.

Tests steer it: `expire_tokens()` (Graph answers 401 to every token issued so far),
`throttle(n, retry_after)` (the next n Graph calls answer 429), `revoke_secret()`
(the token endpoint answers AADSTS7000215), `fail(method, path_part)` (the next
matching call answers 500).
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import re
import secrets
import ssl
import tempfile
import threading
import time
import uuid
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CLIENT_ID = "4a1aa1d5-c567-49d0-ad0b-cd957a47f842"
SECRET = "local~secret.value"
MAILBOX = "casework@council.example"
ROOT_FOLDER_ID = (
    "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAi"
    "IsqMbYjsT5e-T7KzowPTAAAAAAEIAAA="
)


def self_signed(common_name: str, directory: Path, *, ip: str | None = None):
    """A throwaway key and self-signed certificate, written as PEM; returns their paths
    and the certificate's SHA-1 thumbprint (as Entra shows it)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
    )
    if ip:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]),
            critical=False,
        ).add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    cert = builder.sign(key, hashes.SHA256())
    key_path, cert_path = directory / f"{common_name}.key", directory / f"{common_name}.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path, cert.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303


def _graph_id():
    """An id shaped like Graph's immutable message ids."""
    return "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A" + base64.urlsafe_b64encode(
        secrets.token_bytes(48)
    ).decode().rstrip("=")


def _inner_error():
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "request-id": str(uuid.uuid4()),
        "client-request-id": str(uuid.uuid4()),
    }


class GraphState:
    """What the fake services hold and count; reached from the test and the handler."""

    def __init__(self, *, token_lifetime: int = 3599, certificate: Path | None = None):
        self.lock = threading.Lock()
        self.token_lifetime = token_lifetime
        self.secret = SECRET
        self.certificate = (
            x509.load_pem_x509_certificate(certificate.read_bytes()) if certificate else None
        )
        self.tokens: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self.token_requests = 0
        self.graph_requests: list[tuple[str, str]] = []
        self.throttled = 0
        self.retry_after = 0
        self.failures: list[tuple[str, str]] = []
        self.inbox_id = _graph_id()
        self.folders: dict[str, dict[str, Any]] = {
            self.inbox_id: {"displayName": "Inbox", "messages": {}}
        }
        self.sent: list[bytes] = []

    # --- steering, for tests ------------------------------------------------------
    def deliver(self, raw: bytes) -> str:
        graph_id = _graph_id()
        with self.lock:
            self.folders[self.inbox_id]["messages"][graph_id] = raw
        return graph_id

    def messages_in(self, name: str) -> list[bytes]:
        with self.lock:
            return [
                raw
                for folder in self.folders.values()
                if folder["displayName"] == name
                for raw in folder["messages"].values()
            ]

    def expire_tokens(self):
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, 0.0)

    def throttle(self, count: int, retry_after: int):
        with self.lock:
            self.throttled, self.retry_after = count, retry_after

    def revoke_secret(self):
        with self.lock:
            self.secret = secrets.token_urlsafe(24)

    def restore_secret(self):
        with self.lock:
            self.secret = SECRET

    def fail(self, method: str, path_part: str):
        """The next `method` call whose path holds `path_part` answers 500."""
        with self.lock:
            self.failures.append((method, path_part))


class Handler(BaseHTTPRequestHandler):
    server_version = "Microsoft-IIS/10.0"
    state: GraphState  # set on the subclass the server makes

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    # --- helpers ----------------------------------------------------------------
    def _send(self, status, body=None, headers=None):
        data = (
            b""
            if body is None
            else (body if isinstance(body, bytes) else json.dumps(body).encode())
        )
        self.send_response(status)
        content_type = "application/json; odata.metadata=minimal; charset=utf-8"
        if isinstance(body, bytes):
            content_type = "text/plain"
        for name, value in {"Content-Type": content_type, **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _graph_error(self, status, code, message, headers=None):
        self._send(
            status,
            {"error": {"code": code, "message": message, "innerError": _inner_error()}},
            headers,
        )

    def _body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    @property
    def _origin(self):
        return f"https://127.0.0.1:{self.server.server_address[1]}"

    # --- Entra ID ---------------------------------------------------------------------
    def _discovery(self, tenant):
        base = f"{self._origin}/{tenant}"
        self._send(
            200,
            {
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "private_key_jwt",
                    "client_secret_basic",
                ],
                "jwks_uri": f"{self._origin}/{tenant}/discovery/v2.0/keys",
                "response_modes_supported": ["query", "fragment", "form_post"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "issuer": f"https://login.microsoftonline.com/{tenant}/v2.0",
                "request_uri_parameter_supported": False,
                "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                "http_logout_supported": True,
                "frontchannel_logout_supported": True,
                "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
                "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "oid", "tid"],
                "kerberos_endpoint": f"{base}/kerberos",
                "tenant_region_scope": "EU",
                "cloud_instance_name": "microsoftonline.com",
                "cloud_graph_host_name": "graph.windows.net",
                "msgraph_host": "graph.microsoft.com",
                "rbac_url": "https://pas.windows.net",
            },
        )

    def _token_error(self, status, error, number, text):
        now = datetime.datetime.now(datetime.UTC)
        trace, correlation = uuid.uuid4(), uuid.uuid4()
        stamp = now.strftime("%Y-%m-%d %H:%M:%SZ")
        self._send(
            status,
            {
                "error": error,
                "error_description": f"AADSTS{number}: {text} Trace ID: {trace} "
                f"Correlation ID: {correlation} Timestamp: {stamp}",
                "error_codes": [number],
                "timestamp": stamp,
                "trace_id": str(trace),
                "correlation_id": str(correlation),
                "error_uri": f"https://login.microsoftonline.com/error?code={number}",
            },
        )

    def _token(self, tenant):
        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        state = self.state
        with state.lock:
            state.token_requests += 1
        if tenant != TENANT:
            return self._token_error(400, "invalid_request", 90002, f"Tenant '{tenant}' not found.")
        if form.get("grant_type") != "client_credentials" or form.get("client_id") != CLIENT_ID:
            return self._token_error(
                400,
                "unauthorized_client",
                700016,
                f"Application with identifier '{form.get('client_id')}' was not found in the "
                f"directory '{tenant}'.",
            )
        if "client_assertion" in form:
            if not self._assertion_valid(form["client_assertion"], tenant):
                return self._token_error(
                    401,
                    "invalid_client",
                    700027,
                    "Client assertion failed signature validation.",
                )
        elif form.get("client_secret") != state.secret:
            return self._token_error(
                401,
                "invalid_client",
                7000215,
                "Invalid client secret provided. Ensure the secret being sent in the request "
                "is the client secret value, not the client secret ID, for a secret added to "
                f"app '{CLIENT_ID}'.",
            )
        token = "eyJ0eXAiOiJKV1QiLCJub25jZSI6" + secrets.token_urlsafe(32)
        with state.lock:
            state.tokens[token] = time.time() + state.token_lifetime
        self._send(
            200,
            {
                "token_type": "Bearer",
                "expires_in": state.token_lifetime,
                "ext_expires_in": state.token_lifetime,
                "access_token": token,
            },
        )

    def _assertion_valid(self, assertion, tenant):
        certificate = self.state.certificate
        if certificate is None:
            return False
        try:
            header = jwt.get_unverified_header(assertion)
            thumbprint = base64.urlsafe_b64decode(header["x5t"] + "==")
            claims = jwt.decode(
                assertion,
                certificate.public_key(),
                algorithms=["RS256"],
                audience=f"{self._origin}/{tenant}/oauth2/v2.0/token",
            )
        except (jwt.PyJWTError, KeyError, ValueError):
            return False
        return thumbprint == certificate.fingerprint(hashes.SHA1()) and claims["iss"] == CLIENT_ID  # noqa: S303

    # --- Graph ------------------------------------------------------------------------
    def _graph(self, method):
        state = self.state
        path = unquote(urlsplit(self.path).path)
        with state.lock:
            state.graph_requests.append((method, path))
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            expiry = state.tokens.get(token)
            throttled = state.throttled > 0
            state.throttled -= throttled
            failing = next((f for f in state.failures if f[0] == method and f[1] in path), None)
            if failing:
                state.failures.remove(failing)
        if expiry is None:
            return self._graph_error(
                401, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed."
            )
        if expiry < time.time():
            return self._graph_error(
                401,
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
            )
        if throttled:
            return self._graph_error(
                429,
                "ApplicationThrottled",
                "Application is over its MailboxConcurrency limit.",
                {"Retry-After": str(state.retry_after)},
            )
        if failing:
            return self._graph_error(
                500, "ErrorInternalServerError", "An internal server error occurred."
            )
        prefix = f"/v1.0/users/{MAILBOX}"
        if not path.startswith(prefix):
            return self._graph_error(
                404, "ErrorInvalidUser", f"The requested user '{path.split('/')[3]}' is invalid."
            )
        rest = path.removeprefix(prefix)
        routes = [
            ("GET", r"/mailFolders/inbox/messages", self._list_inbox),
            ("GET", r"/mailFolders", self._find_folder),
            ("POST", r"/mailFolders", self._make_folder),
            ("GET", r"/messages/(?P<id>[^/]+)/\$value", self._mime),
            ("POST", r"/messages/(?P<id>[^/]+)/move", self._move),
            ("POST", r"/sendMail", self._send_mail),
        ]
        for route_method, pattern, action in routes:
            found = re.fullmatch(pattern, rest)
            if route_method == method and found:
                return action(**found.groupdict())
        return self._graph_error(400, "BadRequest", f"Resource not found for the segment '{rest}'.")

    def _list_inbox(self):
        query = parse_qs(urlsplit(self.path).query)
        top, skip = int(query.get("$top", ["10"])[0]), int(query.get("$skip", ["0"])[0])
        with self.state.lock:
            ids = list(self.state.folders[self.state.inbox_id]["messages"])
            raws = self.state.folders[self.state.inbox_id]["messages"]
            page = [
                {
                    "@odata.etag": f'W/"CQAAABYAAAAd{secrets.token_hex(8)}"',
                    "id": graph_id,
                    "internetMessageId": str(
                        message_from_bytes(raws[graph_id], policy=policy.default)["Message-ID"]
                    ),
                }
                for graph_id in ids[skip : skip + top]
            ]
        body = {
            "@odata.context": f"https://graph.microsoft.com/v1.0/$metadata#users('{MAILBOX}')"
            "/mailFolders('inbox')/messages(id,internetMessageId)",
            "value": page,
        }
        if skip + top < len(ids):
            body["@odata.nextLink"] = (
                f"{self._origin}/v1.0/users/{MAILBOX}/mailFolders/inbox/messages"
                f"?%24select=id%2cinternetMessageId&%24orderby=receivedDateTime&%24top={top}"
                f"&%24skip={skip + top}"
            )
        self._send(200, body)

    def _folder_json(self, folder_id, folder):
        return {
            "id": folder_id,
            "displayName": folder["displayName"],
            "parentFolderId": ROOT_FOLDER_ID,
            "childFolderCount": 0,
            "unreadItemCount": 0,
            "totalItemCount": len(folder["messages"]),
            "isHidden": False,
        }

    def _find_folder(self):
        query = parse_qs(urlsplit(self.path).query)
        found = re.fullmatch(r"displayName eq '((?:[^']|'')*)'", query.get("$filter", [""])[0])
        name = found.group(1).replace("''", "'") if found else None
        with self.state.lock:
            value = [
                self._folder_json(folder_id, folder)
                for folder_id, folder in self.state.folders.items()
                if name is None or folder["displayName"] == name
            ]
        self._send(
            200,
            {
                "@odata.context": f"https://graph.microsoft.com/v1.0/$metadata#users('{MAILBOX}')/mailFolders",
                "value": value,
            },
        )

    def _make_folder(self):
        name = json.loads(self._body())["displayName"]
        with self.state.lock:
            if any(f["displayName"] == name for f in self.state.folders.values()):
                return self._graph_error(
                    409, "ErrorFolderExists", "A folder with the specified name already exists."
                )
            folder_id = _graph_id()
            self.state.folders[folder_id] = {"displayName": name, "messages": {}}
            body = self._folder_json(folder_id, self.state.folders[folder_id])
        self._send(
            201,
            {
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('"
                f"{MAILBOX}')/mailFolders/$entity",
                **body,
            },
        )

    def _find_message(self, graph_id):
        for folder in self.state.folders.values():
            if graph_id in folder["messages"]:
                return folder
        return None

    def _not_found(self):
        self._graph_error(
            404, "ErrorItemNotFound", "The specified object was not found in the store."
        )

    def _mime(self, id):  # noqa: A002 - the route's name
        with self.state.lock:
            folder = self._find_message(id)
            raw = folder["messages"][id] if folder else None
        if raw is None:
            return self._not_found()
        self._send(200, raw)

    def _move(self, id):  # noqa: A002 - the route's name
        destination = json.loads(self._body())["destinationId"]
        with self.state.lock:
            folder = self._find_message(id)
            if folder is None or destination not in self.state.folders:
                return self._not_found()
            # Immutable ids (Prefer: IdType="ImmutableId") stay the same across a move.
            self.state.folders[destination]["messages"][id] = folder["messages"].pop(id)
        self._send(201, {"id": id, "parentFolderId": destination})

    def _send_mail(self):
        body = self._body()
        try:
            raw = base64.b64decode(body, validate=True)
        except ValueError:
            return self._graph_error(
                400,
                "ErrorMimeContentInvalidBase64String",
                "Invalid base64 string for MIME content.",
            )
        with self.state.lock:
            self.state.sent.append(raw)
        self._send(202)

    # --- dispatch ---------------------------------------------------------------------
    def do_GET(self):
        found = re.fullmatch(
            r"/([^/]+)/v2\.0/\.well-known/openid-configuration", urlsplit(self.path).path
        )
        if found:
            return self._discovery(found.group(1))
        return self._graph("GET")

    def do_POST(self):
        found = re.fullmatch(r"/([^/]+)/oauth2/v2\.0/token", urlsplit(self.path).path)
        if found:
            return self._token(found.group(1))
        return self._graph("POST")


class GraphServer:
    """The fake Entra ID and Graph, on 127.0.0.1 over HTTPS with a throwaway certificate.

    `ca_path` is the certificate to trust (give it to requests as REQUESTS_CA_BUNDLE)."""

    def __init__(self, *, token_lifetime: int = 3599, client_certificate: Path | None = None):
        self.state = GraphState(token_lifetime=token_lifetime, certificate=client_certificate)
        self._directory = tempfile.TemporaryDirectory()
        key_path, self.ca_path, _thumbprint = self_signed(
            "graph-test-server", Path(self._directory.name), ip="127.0.0.1"
        )
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca_path, key_path)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.origin = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self._directory.cleanup()

    @property
    def graph_url(self):
        return f"{self.origin}/v1.0"
