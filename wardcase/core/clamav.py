"""Virus scanning through a ClamAV daemon, with clamd's INSTREAM protocol over a socket.

The protocol is small enough to speak directly: send `zINSTREAM\\0`, then the bytes in
chunks each prefixed by its length (4 bytes, network order), then a zero length; clamd
answers `stream: OK` or `stream: <name> FOUND`.
"""

import socket
import struct

from django.conf import settings

CHUNK_BYTES = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd is configured but could not be reached, or answered with an error.

    The message is for the operator (it names the address and what went wrong), not for
    the person uploading.
    """


def scanning_enabled():
    return bool(settings.WARDCASE_CLAMD_SOCKET)


def scan(content):
    """The name of the virus clamd finds in `content`, or None if it is clean."""
    address = settings.WARDCASE_CLAMD_SOCKET
    try:
        with _connect(address) as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), CHUNK_BYTES):
                chunk = content[start : start + CHUNK_BYTES]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = _read_reply(conn)
    except OSError as exc:
        raise ScannerUnavailable(
            f"clamd at WARDCASE_CLAMD_SOCKET={address!r} cannot be reached: {exc}"
        ) from exc
    if reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND")
    if reply == "stream: OK":
        return None
    raise ScannerUnavailable(f"clamd at {address!r} answered {reply!r}")


def _connect(address):
    """A unix socket path, or host:port for clamd's TCP socket."""
    timeout = settings.WARDCASE_CLAMD_TIMEOUT_SECONDS
    if address.startswith("/") or ":" not in address:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(timeout)
        conn.connect(address)
        return conn
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ScannerUnavailable(
            f"WARDCASE_CLAMD_SOCKET={address!r} is neither a socket path (starting with /) "
            "nor host:port"
        )
    try:
        return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    except UnicodeError as exc:  # a host name no resolver accepts, e.g. an over-long label
        raise OSError(f"bad host name {host!r}: {exc}") from exc


def _read_reply(conn):
    reply = b""
    while not reply.endswith(b"\0"):
        data = conn.recv(4096)
        if not data:
            break
        reply += data
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
