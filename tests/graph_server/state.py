"""What the fake Entra ID and Graph (tests/graph_server/server.py) hold and count, the
constants tests share with it, and throwaway certificates."""

from __future__ import annotations

import base64
import datetime
import ipaddress
import secrets
import threading
import uuid
from pathlib import Path
from typing import Any

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


def new_graph_id():
    """An id shaped like Graph's immutable message ids."""
    return "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A" + base64.urlsafe_b64encode(
        secrets.token_bytes(48)
    ).decode().rstrip("=")


def inner_error():
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
        self.inbox_id = new_graph_id()
        self.folders: dict[str, dict[str, Any]] = {
            self.inbox_id: {"displayName": "Inbox", "messages": {}}
        }
        self.sent: list[bytes] = []

    # --- steering, for tests ------------------------------------------------------
    def deliver(self, raw: bytes) -> str:
        graph_id = new_graph_id()
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
