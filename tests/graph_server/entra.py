"""The fake Entra ID: the tenant's OpenID discovery document and its token endpoint
(client credentials, with a secret or a certificate's signed assertion)."""

from __future__ import annotations

import base64
import datetime
import secrets
import time
import uuid
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives import hashes

from tests.graph_server.base import HandlerBase
from tests.graph_server.state import CLIENT_ID, TENANT


class EntraHandler(HandlerBase):
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
