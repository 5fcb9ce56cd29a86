"""Real-browser tests: Playwright's sync API driving Debian's chromium against live_server."""

import json
import os
from pathlib import Path

import pytest

from tests.signing_in import totp_code, totp_device

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to set up and check data are still synchronous, which Django must be told is fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make test adds it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshots(tmp_path):
    """Where screenshots go: WARDCASE_SCREENSHOT_DIR if set, else the test's tmp dir."""
    folder = Path(os.environ.get("WARDCASE_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_accessibility(page, name):
    """Run axe-core on the page as it is now; fail listing every WCAG 2.2 AA violation."""
    assert AXE.exists(), f"{AXE} is missing: run `make assets` (npm ci) first"
    page.wait_for_load_state()  # a click that navigates returns before the new page has loaded
    # Evaluated through the DevTools protocol, which the page's CSP (no inline script)
    # rightly does not allow a <script> tag to do.
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {"target": n["target"], "html": n["html"][:300], "why": n.get("failureSummary")}
                for n in v["nodes"]
            ],
        }
        for v in results["violations"]
    ]
    if violations:
        print(f"axe violations on {name} ({page.url}):\n{json.dumps(violations, indent=2)}")
    assert violations == [], f"{len(violations)} accessibility violation(s) on {name}"


class Visitor:
    """One person in their own browser context, signed in through the sign-in page."""

    def __init__(self, browser, live_server, user, viewport):
        self.base = live_server.url
        self.context = browser.new_context(viewport=viewport)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.user = user

    def go(self, path):
        self.page.goto(self.base + path)
        return self.page

    def sign_in(self):
        device = totp_device(self.user)  # the user's app, set up on an earlier visit
        page = self.go("/accounts/sign-in/")
        page.fill("#username", self.user.username)
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        # The second factor: the code the user's authenticator app would show now.
        page.get_by_label("Code").fill(totp_code(device))
        page.get_by_role("button", name="Continue").click()
        # Home: the role's dashboard, or the council settings for an administrator.
        page.wait_for_url(lambda url: url in {self.base + "/", self.base + "/council/"})
        return page

    def close(self):
        self.context.close()


@pytest.fixture
def visitor(browser, live_server):
    opened = []

    def open_for(user, viewport=DESKTOP):
        person = Visitor(browser, live_server, user, viewport)
        opened.append(person)
        return person

    yield open_for
    for person in opened:
        person.close()


def choose_service(page, name):
    """Pick a service on the new-case page through its search (accessible-autocomplete)."""
    page.get_by_label("Service", exact=True).fill(name)
    page.get_by_role("option", name=name).first.click()


def open_more_details(page):
    """Unfold "Add more details" on the new-case page."""
    page.get_by_text("Add more details").click()
