"""Browser tests: Debian's chromium, driven by Playwright, against Django in a server thread.

pytest-django's `live_server` is not used: it forces `transactional_db`, whose flush would
empty the public schema's buurtsite registry that the whole session shares. The demo data is
committed once per session (tests/conftest.py), so a plain WSGI server in a thread sees it.

Browser tests still carry `django_db`: pytest-django creates the test database only when some
collected test asks for it, and without one `pytest tests/browser` would serve the development
database. The test's own transaction is of no use to the server thread, so a test that needs
rows the server can see writes them with `committed()`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connections
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SOURCE = Path(__file__).with_name("vendor").joinpath("axe-4.14.1.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

SiteUrl = Callable[[str], str]
T = TypeVar("T")


class _QuietRequestHandler(WSGIRequestHandler):
    """Keep the test output free of one access-log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server_port(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """Serve the project on 127.0.0.1 at a free port for the whole session."""
    test_database = settings.DATABASES["default"]["TEST"]["NAME"]
    if connections["default"].settings_dict["NAME"] != test_database:
        pytest.fail(f"The test database {test_database} is not set up: mark the test django_db.")

    with django_db_blocker.unblock():
        server = ThreadedWSGIServer(
            ("127.0.0.1", 0), _QuietRequestHandler, allow_reuse_address=False
        )
        server.set_app(WSGIHandler())
        thread = threading.Thread(target=server.serve_forever, name="browser-test-server")
        thread.daemon = True
        thread.start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            # Request threads close theirs after each request (ThreadedWSGIServer.close_request);
            # this closes the ones the tests opened, so the test database can be dropped.
            connections.close_all()


def committed(work: Callable[[], T]) -> T:
    """Run database writes on a connection of their own, so they commit for the server thread.

    The test's connection is inside pytest-django's transaction, which is rolled back.
    """

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture(scope="session")
def site_url(server_port: int) -> SiteUrl:
    """The address of a host on the test server; chromium resolves *.localhost to loopback."""

    def url(host: str) -> str:
        return f"http://{host}:{server_port}"

    return url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A Dutch resident's browser: the buurtsites speak Dutch unless someone picks English.
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def assert_accessible(axe_source: str) -> Callable[[Page], None]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page and fail on any violation."""

    def check(page: Page) -> None:
        # evaluate() rather than a script tag: it also works under a strict CSP.
        page.evaluate(axe_source)
        results = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})""", AXE_TAGS
        )
        violations = results["violations"]
        assert not violations, _describe(page.url, violations)

    return check


def _describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')!r}")
    return "\n".join(lines)
