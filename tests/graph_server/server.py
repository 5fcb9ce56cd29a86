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

import re
import ssl
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from tests.graph_server.entra import EntraHandler
from tests.graph_server.mail import MailHandler
from tests.graph_server.state import (
    CLIENT_ID,
    MAILBOX,
    SECRET,
    TENANT,
    GraphState,
    self_signed,
)

# What tests import from here (the constants and certificates live in state.py).
__all__ = ["CLIENT_ID", "MAILBOX", "SECRET", "TENANT", "GraphServer", "GraphState", "self_signed"]


class Handler(EntraHandler, MailHandler):
    """Entra ID's and Graph's routes (entra.py, mail.py) on one server."""

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
