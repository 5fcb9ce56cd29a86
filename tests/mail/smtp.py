"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd, recording every message it accepts."""

import asyncio
import email
import logging
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps the raw bytes of each message; `delay` seconds before answering each one."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.received = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(bytes(envelope.original_content or envelope.content))
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def messages(self):
        with self.lock:
            raw = list(self.received)
        return [email.message_from_bytes(data, policy=policy.default) for data in raw]


class SMTPServer:
    def __init__(self, delay=0.0):
        self.handler = RecordingHandler(delay=delay)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def messages(self):
        return self.handler.messages()
