"""Starts the test OpenID Connect provider (server.py) as its own process, and talks to it."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.processes import ROOT, free_port

CLIENT_ID = "wardcase-test-client"
CLIENT_SECRET = "wardcase-test-secret"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class RunningProvider:
    def __init__(self, issuer):
        self.issuer = issuer

    def _call(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.issuer}{path}", data=data, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def sign_in_as(self, **claims):
        """The person who signs in at the provider next: their ID token's claims."""
        self._call("/_test/identity", claims)

    def log(self):
        return self._call("/_test/log")

    def approve(self, authorize_url):
        """What the "Sign in" button on the provider's page does: returns the redirect
        (Wardcase's callback URL with the code and state)."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
        request = urllib.request.Request(
            f"{self.issuer}/authorize", data=urlencode(query).encode(), method="POST"
        )
        try:
            _opener.open(request, timeout=10)
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 302, redirect.read()
            return redirect.headers["Location"]
        raise AssertionError("the provider did not redirect back")


@contextmanager
def oidc_provider_process():
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "tests.oidc_provider.server", "--port", str(port)]
    command += ["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
    process = subprocess.Popen(command, cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the test OpenID Connect provider did not start") from None
                time.sleep(0.1)
        yield RunningProvider(issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)
