"""What every browser test checks on a page it visits."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

AssertAccessible = Callable[[Page], None]
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 720}


def check_page(page: Page, assert_accessible: AssertAccessible) -> None:
    """axe-core at desktop and phone width, and nothing wider than a phone."""
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width}px"
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def visit_page(
    page: Page, url: str, assert_accessible: AssertAccessible, status: int = 200
) -> None:
    """Open `url`, expect `status`, and check the page."""
    response = page.goto(url)
    assert response is not None and response.status == status, url
    check_page(page, assert_accessible)
