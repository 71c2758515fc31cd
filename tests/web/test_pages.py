"""kefu's own pages in Chromium: signing in with a token, /chat, signing out, the role check, and
axe-core on each (the consoles add their pages here)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.conftest import LiveServer
from tests.web.conftest import Widget
from tests.web.harness import Site, assert_no_critical_axe_violations, token

pytestmark = pytest.mark.web


def sign_in(page: Page, kefu: LiveServer, credential: str, target: str) -> None:
    """Open `target`, get sent to the login page, paste the token, land back on `target`."""
    page.goto(f"{kefu.url}{target}")
    expect(page).to_have_url(f"{kefu.url}/login?next={target}")
    page.get_by_label("令牌或 API 密钥").fill(credential)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{kefu.url}{target}")


def test_login_then_chat_then_logout_without_critical_accessibility_violations(
    page: Page, kefu: LiveServer
) -> None:
    page.goto(f"{kefu.url}/login")
    assert_no_critical_axe_violations(page)
    page.get_by_label("令牌或 API 密钥").fill("not-a-token")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("登录失败")

    sign_in(page, kefu, token("customer", "page-customer"), "/chat")
    assert page.context.cookies()[0]["httpOnly"] and page.evaluate("document.cookie") == ""
    chat = Widget(page)
    chat.ask("怎么开发票？")
    expect(chat.answer().locator(".sources li")).to_contain_text("怎么开发票？")
    assert_no_critical_axe_violations(page)

    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(f"{kefu.url}/login")
    page.goto(f"{kefu.url}/chat")
    expect(page).to_have_url(f"{kefu.url}/login?next=/chat")


def test_a_customer_token_cannot_open_the_admin_console(page: Page, kefu: LiveServer) -> None:
    sign_in(page, kefu, token("customer", "page-nosy"), "/chat")
    response = page.goto(f"{kefu.url}/admin")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("无权访问")
    expect(page.locator("main")).to_contain_text("customer")
    assert_no_critical_axe_violations(page)


def test_an_admin_opens_the_consoles(page: Page, kefu: LiveServer) -> None:
    sign_in(page, kefu, token("admin", "page-admin"), "/admin")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link")).to_have_text(["在线咨询", "客服工作台", "管理后台"])
    nav.get_by_role("link", name="客服工作台").click()
    expect(page).to_have_url(f"{kefu.url}/agent")
    assert_no_critical_axe_violations(page)


def test_the_axe_check_does_catch_critical_violations(page: Page, site: Site) -> None:
    """The helper above is not vacuous: an image without alt text is a critical violation."""
    page.goto(site.add("/bad.html", "<!doctype html><html lang='en'><title>bad</title><img src='/x.png'></html>"))
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_critical_axe_violations(page)
