"""Shared fixtures: a small unit tree and a fixed cast of users, one per role.

The tree (codes in brackets):

    Sở Y tế [SYT]
    ├── Bệnh viện A [BV_A]            ← "own unit" of the unit-level cast
    │   ├── Khoa A1 [BV_A_K1]         ← "child unit"
    │   └── Khoa A2 [BV_A_K2]
    ├── Bệnh viện B [BV_B]            ← "sibling unit"
    │   └── Khoa B1 [BV_B_K1]         ← "other branch"
    └── Phòng TCCB [PS_TCCB]

Department-level roles (system_admin, dept_officer, dept_leader, inspector) are held on the
root with its subtree; unit-level roles on BV_A with its subtree; staff is a person in Khoa A1.
"""

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant, make_unit

# Property tests run beside browser tests and database tests on two workers: timing is not what
# they check, so neither a per-example deadline nor the "too slow" health check applies.
hypothesis_settings.register_profile(
    "thidua", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("thidua")


@dataclass
class Org:
    root: Unit
    a: Unit
    a1: Unit
    a2: Unit
    b: Unit
    b1: Unit
    office: Unit


@pytest.fixture
def org(db: None) -> Org:
    root = make_unit("SYT", "Sở Y tế Hà Nội", parent=None)
    a = make_unit("BV_A", "Bệnh viện A", parent=root)
    b = make_unit("BV_B", "Bệnh viện B", parent=root)
    return Org(
        root=root,
        a=a,
        a1=make_unit("BV_A_K1", "Khoa Nội A1", parent=a),
        a2=make_unit("BV_A_K2", "Khoa Ngoại A2", parent=a),
        b=b,
        b1=make_unit("BV_B_K1", "Khoa Nội B1", parent=b),
        office=make_unit(
            "PS_TCCB", "Phòng Tổ chức cán bộ", parent=root, kind=UnitKind.DEPARTMENT_OFFICE
        ),
    )


DEPT_ROLES = (Role.SYSTEM_ADMIN, Role.DEPT_OFFICER, Role.DEPT_LEADER, Role.INSPECTOR)
UNIT_ROLES = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.COUNCIL_MEMBER, Role.REVIEWER)


@dataclass
class Cast:
    users: dict[Role, User]
    staff_person: Person
    nobody: User

    def __getitem__(self, role: Role) -> User:
        return self.users[role]


@pytest.fixture
def cast(org: Org) -> Cast:
    users: dict[Role, User] = {}
    for role in DEPT_ROLES:
        users[role] = UserFactory(username=role.value)
        grant(users[role], role, org.root)
    for role in UNIT_ROLES:
        users[role] = UserFactory(username=role.value)
        grant(users[role], role, org.a)
    staff_user = UserFactory(username="staff")
    grant(staff_user, Role.STAFF, org.a1, subtree=False)
    users[Role.STAFF] = staff_user
    staff_person = PersonFactory(unit=org.a1, user=staff_user, full_name="Nguyễn Thị Hoa")
    return Cast(users=users, staff_person=staff_person, nobody=UserFactory(username="nobody"))


# --- Browser tests (Playwright driving the system Chromium) ----------------------------------

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """One headless system Chromium per test process (never a downloaded browser)."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: run `make system-deps` (make test does it).")
    # Playwright's sync API runs an event loop in this thread; Django's async-safety guard
    # would otherwise refuse the test's own database calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=BROWSER_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(
    transactional_db: None, chromium_browser: Browser, live_server: Any, settings: Any
) -> Iterator[Page]:
    """A fresh browser context in Vietnamese (vi-VN, Asia/Ho_Chi_Minh) against the live server."""
    settings.ALLOWED_HOSTS = ["*"]
    context = chromium_browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=live_server.url,
        viewport={"width": 1280, "height": 860},
    )
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions: CI runs the live server, Chromium and two test workers
    # on two cores, and an htmx round trip (a 600 ms debounce, then the save) can pass 5 s there.
    expect.set_options(timeout=10_000)
    browser_page = context.new_page()
    errors: list[str] = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))

    def on_console(msg: ConsoleMessage) -> None:
        # Chromium also logs the page's own 4xx answer (a form shown again with its errors, the
        # 403 page) as a failed resource: the test asserts that answer itself. A script, style
        # or image that fails to load still counts.
        own_answer = msg.location.get("url") == browser_page.url and msg.text.startswith(
            "Failed to load resource: the server responded with a status of 4"
        )
        if msg.type == "error" and not own_answer:
            errors.append(msg.text)

    browser_page.on("console", on_console)
    yield browser_page
    # Let requests the test started finish before closing: a request cut off mid-way leaves the
    # live server thread's database connection open (a ResourceWarning, an error here).
    browser_page.wait_for_load_state("networkidle")
    context.close()
    # A CSP violation or a JavaScript error is a failing test, not a silent log line.
    assert errors == [], f"Browser errors: {errors}"


class _OneRequestAtATime(ThreadedWSGIServer):
    """The browser tests' live server, answering one request at a time.

    With SQLite in memory, the test and every request thread share one connection: two requests
    at once (an htmx save while the page loads another fragment) run two transactions on it and
    fail with "cannot start a transaction within a transaction" — seen on a busy machine. A lock
    around the application keeps the threads (so an idle keep-alive connection blocks nobody) but
    never lets two requests use the connection together.
    """

    _lock = threading.Lock()

    def set_app(self, application: Any) -> None:
        def one_at_a_time(environ: Any, start_response: Any) -> Any:
            with self._lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


LiveServerThread.server_class = _OneRequestAtATime
