"""Browser fixtures: a real kefu (fake engine, authentication on), a third-party site embedding the
widget, Debian's Chromium through Playwright, and helpers to drive the widget. See harness.py."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright, expect, sync_playwright
from tests.conftest import LiveServer, copy_demo_data
from tests.web.harness import Site, launch, missing_tools, start_kefu, start_site, token

TIMEOUT_MS = 15_000  # for actions and assertions alike: CI's two cores also run the server and Chromium
expect.set_options(timeout=TIMEOUT_MS)
_customers = itertools.count(1)


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    """The company's website (http://localhost:PORT): another origin than kefu."""
    started = start_site()
    yield started
    started.stop()


@pytest.fixture(scope="session")
def kefu(tmp_path_factory: pytest.TempPathFactory, demo_data: Path, site: Site) -> Iterator[LiveServer]:
    """`kefu serve` on a copy of the demo data, fake engine, authentication on, CORS for `site`."""
    server = start_kefu(copy_demo_data(demo_data, tmp_path_factory.mktemp("web") / "data"), site.origin)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def playwright(kefu: LiveServer) -> Iterator[Playwright]:
    """Playwright's driver, per module: its sync API holds an event loop in this thread while it
    runs, which other tests' `asyncio.run` (and fixtures such as `demo_data`) cannot share."""
    missing = missing_tools()
    if missing:
        pytest.fail(f"the browser tests need {', '.join(missing)}: run `make test` (or those targets)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies, no storage), Chinese, desktop-sized."""
    fresh = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    fresh.set_default_timeout(TIMEOUT_MS)
    yield fresh
    fresh.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A tab that fails the test on any uncaught script error."""
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def customer() -> str:
    """A customer token, as the company's backend would mint it for the widget (a fresh subject)."""
    return token("customer", f"web-customer-{next(_customers)}")


class Widget:
    """The widget on a page, driven like a person would: through its buttons and its text box."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self) -> Widget:
        self.page.locator("#kefu-widget .launcher").click()
        self.page.locator(".panel").wait_for(state="visible")
        return self

    @property
    def input(self) -> Locator:
        return self.page.locator("#kefu-input")

    def ask(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def messages(self, role: str) -> Locator:
        return self.page.locator(f".msg--{role}[data-key]")

    def answer(self) -> Locator:
        """The latest stored answer (streamed in, then given its id)."""
        answer = self.page.locator(".msg--assistant[data-message-id]").last
        answer.wait_for()
        return answer

    def texts(self, role: str) -> list[str]:
        return [t.strip() for t in self.messages(role).locator(".text").all_inner_texts()]

    @property
    def status(self) -> Locator:
        return self.page.locator(".status")
