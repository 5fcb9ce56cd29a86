"""The handler's shared replies: JSON or bytes bodies and Graph's error shape."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

from tests.graph_server.state import GraphState, inner_error


class HandlerBase(BaseHTTPRequestHandler):
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
            {"error": {"code": code, "message": message, "innerError": inner_error()}},
            headers,
        )

    def _body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    @property
    def _origin(self):
        return f"https://127.0.0.1:{self.server.server_address[1]}"
