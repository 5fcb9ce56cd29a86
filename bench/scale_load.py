"""The load side of the scale-out proof (bench/scale_out.py): API clients that log a case,
read it back, search for it and route it, retrying as a client would, and the figures they keep."""

import http.client
import json
import secrets
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Figures:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    errors: int = 0  # every failed attempt, before any retry
    errors_by_kind: dict = field(default_factory=dict)
    writes_acknowledged: list = field(default_factory=list)
    writes_given_up: int = 0
    reads_given_up: int = 0
    readback_missed: int = 0
    assigned: int = 0
    search_missed: int = 0
    replayed: int = 0

    def count(self, status=None, kind=None):
        with self.lock:
            self.requests += 1
            if kind is not None:
                self.errors += 1
                self.errors_by_kind[kind] = self.errors_by_kind.get(kind, 0) + 1


class Client:
    """One API client: token auth, keeps the pin cookie as a browser would."""

    def __init__(self, port, token, figures):
        self.port = port
        self.token = token
        self.figures = figures
        self.pinned_until = 0.0

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        if body is not None:
            sent["Content-Type"] = "application/json"
        if time.monotonic() < self.pinned_until:
            sent["Cookie"] = "wardcase_primary=1"
        sent.update(headers or {})
        try:
            conn.request(method, path, body=json.dumps(body) if body else None, headers=sent)
            response = conn.getresponse()
            data = response.read()
        except OSError as exc:
            self.figures.count(kind=type(exc).__name__)
            return None, None
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("wardcase_primary="):
                max_age = next(
                    (p.split("=")[1] for p in value.split("; ") if p.lower().startswith("max-age")),
                    "0",
                )
                self.pinned_until = time.monotonic() + int(max_age)
        if response.status >= 500:
            self.figures.count(kind=f"HTTP {response.status}")
        else:
            self.figures.count()
        if response.getheader("Idempotent-Replayed") == "true":
            with self.figures.lock:
                self.figures.replayed += 1
        return response.status, data


def client_loop(client, assigner, *, setup, deadline, figures, number):  # noqa: PLR0912
    seq = 0
    while time.monotonic() < deadline:
        seq += 1
        word = f"zq{number}x{seq}x{secrets.token_hex(3)}"
        body = {
            "owner": setup["owner"],
            "subject": f"Streetlight out {word}",
            "description": f"The light outside number {seq} is out ({word}).",
            "service": setup["service"],
            "constituent": {"name": f"Load Resident {number}"},
        }
        key = secrets.token_hex(16)
        reference = None
        for _attempt in range(4):
            status, data = client.request(
                "POST", "/api/v1/cases/", body, headers={"Idempotency-Key": key}
            )
            if status == 201:
                reference = json.loads(data)["reference"]
                break
            time.sleep(0.2)
        if reference is None:
            with figures.lock:
                figures.writes_given_up += 1
            continue
        with figures.lock:
            figures.writes_acknowledged.append(reference)
        status, _ = retried(client, f"/api/v1/cases/{reference}/")
        if status is not None and status != 200:
            with figures.lock:
                figures.readback_missed += 1
        status, data = retried(client, f"/api/v1/search/?q={word}")
        if status == 200 and reference.encode() not in data:
            with figures.lock:
                figures.search_missed += 1
        if seq % 3 == 0:  # a coordinator routes every third: the officer is emailed
            assigned = False
            for _attempt in range(4):
                status, _ = assigner.request(
                    "POST",
                    f"/api/v1/cases/{reference}/assign/",
                    {"department": setup["department"], "lead_officer": setup["officer"]},
                    headers={"Idempotency-Key": f"assign-{reference}"},
                )
                if status == 200:
                    assigned = True
                    break
                time.sleep(0.2)
            with figures.lock:
                figures.assigned += assigned


def retried(client, path):
    """A GET, tried up to 4 times on a server error or a broken connection."""
    for _attempt in range(4):
        status, data = client.request("GET", path)
        if status is not None and status < 500:
            return status, data
        time.sleep(0.2)
    with client.figures.lock:
        client.figures.reads_given_up += 1
    return None, None
