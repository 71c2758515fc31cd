"""Regenerate docs/screenshots/*.png (`make screenshots`): the widget on a shop's page (desktop and
phone) and the /chat page, each mid-conversation, from a real `kefu serve` on the fake engine.

It uses the browser tests' harness (tests/web/harness.py): the same server, site and Chromium.
The consoles add their pages to SHOTS.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from tests.conftest import LiveServer  # noqa: E402
from tests.web.harness import Site, launch, seed_demo, start_kefu, start_site, token  # noqa: E402

OUT = REPO / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def converse(page: Page, question: str) -> None:
    page.locator("#kefu-input").fill(question)
    page.locator("#kefu-input").press("Enter")
    page.locator(".msg--assistant[data-message-id]").last.wait_for()
    page.wait_for_timeout(300)  # the footnotes and feedback buttons settle
    page.evaluate("document.activeElement?.blur()")


def widget_desktop(browser: Browser, kefu: LiveServer, site: Site) -> Page:
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    page.goto(site.with_widget("/shop.html", kefu.url, kb="default", token=token("customer", "shot-1")))
    page.locator("#kefu-widget .launcher").click()
    converse(page, "笔记本电脑的屏幕保修范围")
    return page


def widget_mobile(browser: Browser, kefu: LiveServer, site: Site) -> Page:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(site.with_widget("/phone.html", kefu.url, kb="default", token=token("customer", "shot-2")))
    page.locator("#kefu-widget .launcher").click()
    converse(page, "怎么开发票？")
    return page


def chat(browser: Browser, kefu: LiveServer, site: Site) -> Page:
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    page.goto(f"{kefu.url}/login?next=/chat")
    page.get_by_label("令牌或 API 密钥").fill(token("customer", "shot-3"))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{kefu.url}/chat")
    converse(page, "耳机拆封了还能退吗？")
    return page


SHOTS: dict[str, Callable[[Browser, LiveServer, Site], Page]] = {
    "widget-desktop.png": widget_desktop,
    "widget-mobile.png": widget_mobile,
    "chat.png": chat,
}


# The consoles: the agent workspace holding a handed-off conversation, and each admin page.
ADMIN_PAGES = ("kb", "faqs", "conversations", "annotations", "analytics", "audit", "settings")


def signed_in(browser: Browser, kefu: LiveServer, role: str, subject: str, target: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(f"{kefu.url}/login?next={target}")
    page.get_by_label("令牌或 API 密钥").fill(token(role, subject))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{kefu.url}{target}")
    return page


def handed_off(kefu: LiveServer, subject: str) -> str:
    """A conversation with a question, then a request for a person (through the API)."""
    import httpx

    headers = {"Authorization": f"Bearer {token('customer', subject)}"}
    created = httpx.post(f"{kefu.url}/v1/conversations", json={"kb": "default"}, headers=headers)
    conversation = str(created.json()["id"])
    url = f"{kefu.url}/v1/conversations/{conversation}/messages"
    answer = httpx.post(url, json={"text": "笔记本电脑的屏幕保修范围"}, headers=headers, timeout=60).json()
    feedback = {"rating": "down", "comment": "没说亮点算不算"}
    httpx.post(f"{url}/{answer['message_id']}/feedback", json=feedback, headers=headers)
    httpx.post(url, json={"text": "屏幕有亮点，我要转人工"}, headers=headers, timeout=60)
    return conversation


def agent_workspace(browser: Browser, kefu: LiveServer, site: Site) -> Page:
    page = signed_in(browser, kefu, "agent", "agent-wang", "/agent")
    conversation = handed_off(kefu, "shot-agent")
    item = page.locator(f'.queue-item[data-conversation="{conversation}"]')
    item.get_by_role("button").click()
    page.get_by_role("button", name="接入").click()
    page.locator("#context").get_by_text("agent-wang").wait_for()
    page.get_by_role("button", name="生成建议回复").click()
    page.get_by_text("请核对修改后再发送").wait_for()
    page.evaluate("document.activeElement?.blur()")
    return page


def admin_page(name: str) -> Callable[[Browser, LiveServer, Site], Page]:
    def take(browser: Browser, kefu: LiveServer, site: Site) -> Page:
        page = signed_in(browser, kefu, "admin", "admin-zhao", f"/admin/{name}")
        if name == "kb":
            page.get_by_label("问题", exact=True).fill("屏幕保修多久")
            page.get_by_role("button", name="查询").click()
            page.locator("#search-results tr.hit").first.wait_for()
        elif name == "annotations":
            page.get_by_role("button", name="收集待标注回答").click()
        elif name == "conversations":
            page.locator("#conversation-rows tr button").first.click()
            page.locator("#transcript li").first.wait_for()
        page.wait_for_timeout(800)  # the lists and charts settle
        page.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)")
        return page

    return take


SHOTS.update({"agent.png": agent_workspace, **{f"admin-{n}.png": admin_page(n) for n in ADMIN_PAGES}})


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kefu-screenshots-") as folder:
        data = seed_demo(Path(folder) / "data")  # before Playwright: it holds this thread's event loop
        site = start_site()
        kefu = start_kefu(data, site.origin)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                for name, take in SHOTS.items():
                    page = take(browser, kefu, site)
                    page.screenshot(path=OUT / name)
                    page.context.close()
                    print(f"wrote {OUT / name}")
                browser.close()
        finally:
            kefu.stop()
            site.stop()


if __name__ == "__main__":
    main()
