"""A small but real OpenID Connect provider for the tests, run as its own process.

Standard library HTTP server; ID tokens signed RS256 with a key made at start (cryptography,
PyJWT). It implements what Wardcase uses: discovery, JWKS, the authorization endpoint (a
page with a "Sign in" button that signs in the test identity), the token endpoint with
client authentication and PKCE (S256) verification, userinfo and RP-initiated logout.

Test control, on the same port: POST /_test/identity (JSON claims of the person who signs
in next; "_nonce", "_iss" and "_aud" replace those in their ID token), GET /_test/log
(what the token and end-session endpoints received).

    python -m tests.oidc_provider.server --port 8123 --client-id wardcase --client-secret s
"""

import argparse
import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_ID = "test-key-1"


class Provider:
    def __init__(self, *, issuer, client_id, client_secret):
        self.issuer = issuer
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.lock = threading.Lock()
        self.identity = {"sub": "test-subject", "name": "Test Person"}
        self.codes = {}
        self.access_tokens = {}
        self.log = {"token_requests": [], "end_session_requests": []}

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def jwks(self):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": KEY_ID, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def issue_code(self, params):
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {
                "client_id": params.get("client_id"),
                "redirect_uri": params.get("redirect_uri"),
                "nonce": params.get("nonce"),
                "code_challenge": params.get("code_challenge"),
                "code_challenge_method": params.get("code_challenge_method"),
                "claims": dict(self.identity),
                "issued": time.time(),
            }
        return code

    def exchange(self, form, basic_auth):
        """The token endpoint: returns (status, body)."""
        client_id, secret = basic_auth or (form.get("client_id"), form.get("client_secret"))
        entry = {
            "client_id": client_id,
            "code_verifier_sent": "code_verifier" in form,
            "pkce_verified": False,
        }
        with self.lock:
            self.log["token_requests"].append(entry)
            grant = self.codes.pop(form.get("code", ""), None)  # single use
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant", "error_description": "unknown code"}
        if time.time() - grant["issued"] > 60 or grant["client_id"] != client_id:
            return 400, {"error": "invalid_grant", "error_description": "expired code"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode("ascii")).digest()
            expected = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
            if grant["code_challenge_method"] != "S256" or expected != grant["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE failed"}
            entry["pkce_verified"] = True
        claims = dict(grant["claims"])
        nonce = claims.pop("_nonce", grant["nonce"])
        issuer = claims.pop("_iss", self.issuer)
        audience = claims.pop("_aud", client_id)
        now = int(time.time())
        id_claims = {
            **claims,
            "iss": issuer,
            "aud": audience,
            "iat": now,
            "nbf": now,
            "exp": now + 300,
        }
        if nonce is not None:
            id_claims["nonce"] = nonce
        id_token = jwt.encode(id_claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})
        access_token = secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[access_token] = claims
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


def make_handler(provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body, content_type="application/json", headers=()):
            data = json.dumps(body).encode() if content_type == "application/json" else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _redirect(self, url):
            self.send_response(302)
            self.send_header("Location", url)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _form(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                return json.loads(raw or "{}")
            return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}

        def _basic_auth(self):
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return None
            user, _sep, password = base64.b64decode(header[6:]).decode().partition(":")
            return user, password

        def do_GET(self):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                return self._send(200, provider.discovery())
            if url.path == "/jwks":
                return self._send(200, provider.jwks())
            if url.path == "/authorize":
                return self._authorize_page(query)
            if url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = provider.access_tokens.get(token)
                if claims is None:
                    return self._send(401, {"error": "invalid_token"})
                return self._send(200, claims)
            if url.path == "/logout":
                with provider.lock:
                    provider.log["end_session_requests"].append(query)
                if query.get("post_logout_redirect_uri"):
                    return self._redirect(query["post_logout_redirect_uri"])
                return self._send(200, b"<p>Signed out</p>", "text/html; charset=utf-8")
            if url.path == "/_test/log":
                return self._send(200, provider.log)
            return self._send(404, {"error": "not_found"})

        def do_POST(self):
            url = urlsplit(self.path)
            form = self._form()
            if url.path == "/token":
                status, body = provider.exchange(form, self._basic_auth())
                return self._send(status, body)
            if url.path == "/authorize":
                error = self._authorize_error(form)
                if error:
                    return self._send(400, {"error": error})
                code = provider.issue_code(form)
                query = {"code": code, "state": form.get("state", "")}
                return self._redirect(f"{form['redirect_uri']}?{urlencode(query)}")
            if url.path == "/_test/identity":
                with provider.lock:
                    provider.identity = form
                return self._send(200, {"ok": True})
            return self._send(404, {"error": "not_found"})

        def _authorize_error(self, params):
            if params.get("client_id") != provider.client_id:
                return "unauthorized_client"
            if params.get("response_type") != "code" or "openid" not in params.get("scope", ""):
                return "invalid_request"
            if urlsplit(params.get("redirect_uri", "")).scheme not in {"http", "https"}:
                return "invalid_request"
            return None

        def _authorize_page(self, params):
            error = self._authorize_error(params)
            if error:
                return self._send(400, {"error": error})
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in params.items()
            )
            name = html.escape(str(provider.identity.get("name", "")))
            page = (
                '<!DOCTYPE html><html lang="en"><head><title>Council sign-in</title></head>'
                f"<body><main><h1>Council sign-in (test provider)</h1><p>Signing in as {name}</p>"
                f'<form method="post" action="/authorize">{hidden}'
                '<button type="submit">Sign in</button></form></main></body></html>'
            )
            return self._send(200, page.encode(), "text/html; charset=utf-8")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    args = parser.parse_args()
    issuer = f"http://127.0.0.1:{args.port}"
    provider = Provider(issuer=issuer, client_id=args.client_id, client_secret=args.client_secret)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(provider))
    print(f"OIDC test provider at {issuer}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
