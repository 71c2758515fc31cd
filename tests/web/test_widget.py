"""The chat widget in Debian's Chromium, embedded with one <script> tag in a shop's page on another
origin, against a real `kefu serve` (fake engine, authentication on, customer JWTs)."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.conftest import LiveServer
from tests.web.conftest import TIMEOUT_MS, Widget
from tests.web.harness import Site, assert_no_critical_axe_violations, token

pytestmark = pytest.mark.web

QUESTION = "实付金额是怎么算的，偏远地区运费一样吗"  # answered from shipping.md (rag): three sentences, then [1]
# Records what the answer bubble shows while it streams, and whether the typing dots showed.
RECORD_STREAM = """() => {
  const root = document.querySelector('#kefu-widget').shadowRoot;
  window.kefuSeen = {texts: [], typing: false};
  new MutationObserver(() => {
    const busy = root.querySelector('.msg--assistant[aria-busy="true"]');
    if (!busy) return;
    if (busy.querySelector('.typing')) window.kefuSeen.typing = true;
    const text = (busy.querySelector('.markdown')?.textContent ?? '').trim();
    const texts = window.kefuSeen.texts;
    if (text && texts[texts.length - 1] !== text) texts.push(text);
  }).observe(root.querySelector('.messages'), {childList: true, subtree: true, characterData: true});
}"""
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def bearer(credential: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {credential}"}


def conversation_of(page: Page, kefu: LiveServer, kb: str = "default") -> str:
    """The conversation the widget keeps in the page's storage."""
    found = page.evaluate(f"localStorage.getItem('kefu:{kefu.url}:{kb}')")
    assert isinstance(found, str), "the widget has no conversation"
    return found


def open_shop(page: Page, site: Site, kefu: LiveServer, customer: str, **attributes: str) -> Widget:
    page.goto(site.with_widget("/shop.html", kefu.url, kb="default", token=customer, **attributes))
    return Widget(page).open()


def eventually(check: Callable[[], Any], timeout_s: float = TIMEOUT_MS / 1000) -> Any:
    """Poll an API-side `check` until it returns something truthy (the browser side uses `expect`)."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, "never came true"
            return result
        time.sleep(0.2)


def test_a_shop_page_on_another_origin_gets_a_streamed_cited_answer(
    page: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    widget = open_shop(page, site, kefu, customer, lang="zh")
    assert page.evaluate("location.origin") == site.origin != kefu.url
    expect(page.locator(".suggestions .chip")).to_have_count(3)  # starters before the first message
    page.evaluate(RECORD_STREAM)

    widget.ask(QUESTION)
    answer = widget.answer()

    conversation = conversation_of(page, kefu)
    stored = httpx.get(f"{kefu.url}/v1/conversations/{conversation}", headers=bearer(customer)).json()
    reply = stored["messages"][-1]["text"]
    assert [m["role"] for m in stored["messages"]] == ["user", "assistant"] and reply.endswith("[1]")
    seen = page.evaluate("window.kefuSeen")
    assert seen["typing"], "no typing indicator before the first words"
    assert len(seen["texts"]) >= 3, f"the answer did not stream in: {seen['texts']}"
    assert all(reply.startswith(text) for text in seen["texts"])  # growing prefixes of the answer

    # [1] became a footnote link; the footnote names the FAQ it came from
    link = answer.locator("sup a.fn-ref")
    expect(link).to_have_text("1")
    expect(answer.locator(".markdown")).not_to_contain_text("[1]")
    citation = stored["messages"][-1]["citations"][0]
    footnote = answer.locator(".sources li").first
    expect(footnote).to_contain_text(citation["title"])
    expect(footnote).to_contain_text(citation["source"])
    link.click()
    focused = page.evaluate("document.querySelector('#kefu-widget').shadowRoot.activeElement.id")
    assert focused == footnote.get_attribute("id")
    expect(page.locator(".suggestions .chip")).to_have_count(0)


def test_markdown_is_rendered_and_html_in_answers_is_never_run(
    page: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    admin = bearer(token("admin", "web-admin"))
    created = httpx.post(f"{kefu.url}/v1/kb", json={"name": "giftcards"}, headers=admin)
    assert created.status_code in (201, 409), created.text
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["id", "question", "answer", "category", "similar_questions"])
    hostile = (
        '**礼品卡**在结算页输入卡号即可使用。<img src=x onerror="window.pwned=1">'
        "<script>window.pwned=2</script> [详情](javascript:window.pwned=3) 见 [帮助中心](https://help.example.com/gift)。"
    )
    writer.writerow(["gift-1", "礼品卡怎么用？", hostile, "其他", "礼品卡如何使用"])
    upload = {"files": ("faq.csv", rows.getvalue().encode(), "text/csv")}
    ingested = httpx.post(f"{kefu.url}/v1/kb/giftcards/documents", files=upload, headers=admin, timeout=120)
    assert ingested.status_code == 200, ingested.text

    page.goto(site.with_widget("/gift.html", kefu.url, kb="giftcards", token=customer))
    widget = Widget(page).open()
    widget.ask("礼品卡怎么用？")
    body = widget.answer().locator(".markdown")
    expect(body.locator("strong")).to_have_text("礼品卡")
    expect(body.locator('a[href="https://help.example.com/gift"]')).to_have_attribute("rel", "noopener noreferrer nofollow")
    assert body.locator("img, script, [onerror]").count() == 0
    assert body.get_by_text("详情").evaluate("node => node.closest('a')?.getAttribute('href') ?? null") is None
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None


def test_thumbs_down_with_a_comment_is_stored(
    page: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    widget = open_shop(page, site, kefu, customer)
    widget.ask(QUESTION)
    answer = widget.answer()
    message_id = answer.get_attribute("data-message-id")

    answer.get_by_role("button", name="没帮助").click()
    expect(answer.get_by_role("button", name="没帮助")).to_have_attribute("aria-pressed", "true")
    comment = answer.get_by_label("补充说明（可选）")
    expect(comment).to_be_focused()
    comment.fill("没有回答延保价格")
    answer.get_by_role("button", name="提交").click()
    expect(answer.locator(".thanks")).to_be_visible()

    with sqlite3.connect(f"file:{kefu.data_dir / 'kefu.db'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT rating, comment FROM feedback WHERE message_id = ?", (message_id,)).fetchall()
    assert rows == [("down", "没有回答延保价格")]


def agent_console(browser: Browser, kefu: LiveServer, subject: str) -> Page:
    """An agent signed in through /login in a browser context of their own (session cookie)."""
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    agent = context.new_page()
    agent.goto(f"{kefu.url}/login?next=/agent")
    agent.get_by_label("令牌或 API 密钥").fill(token("agent", subject))
    agent.get_by_role("button", name="登录").click()
    agent.wait_for_url(f"{kefu.url}/agent")
    return agent


def call(page: Page, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """The agent API from the agent's page, as its console's scripts will call it (cookie, same origin)."""
    result: dict[str, Any] = page.evaluate(
        """async ([method, path, body]) => {
            const response = await fetch(path, {method, headers: body ? {'Content-Type': 'application/json'} : {},
                                                 body: body ? JSON.stringify(body) : undefined});
            return {status: response.status, body: await response.json()};
        }""",
        [method, path, body],
    )
    return result


def test_handoff_with_live_messages_both_ways(
    browser: Browser, page: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    agent = agent_console(browser, kefu, "agent-wang")
    assert call(agent, "GET", "/v1/agent/queue")["status"] == 200  # the agent is online now

    widget = open_shop(page, site, kefu, customer)
    human = page.get_by_role("button", name="转人工客服")
    human.click()
    expect(widget.status).to_contain_text("正在为您转接人工客服")
    expect(human).to_be_disabled()
    conversation = conversation_of(page, kefu)

    queued = call(agent, "GET", "/v1/agent/queue")["body"]["items"]
    assert any(item["conversation_id"] == conversation for item in queued)
    claimed = call(agent, "POST", f"/v1/agent/conversations/{conversation}/claim")
    assert claimed["status"] == 200, claimed
    expect(widget.status).to_contain_text("人工客服已接入")

    sent = call(agent, "POST", f"/v1/agent/conversations/{conversation}/messages", {"text": "您好，我是客服小王。"})
    assert sent["status"] == 201, sent
    expect(widget.messages("agent")).to_have_count(1)
    expect(widget.messages("agent")).to_contain_text("您好，我是客服小王。")

    widget.ask("耳机左边没有声音")

    def customer_line() -> list[str]:
        transcript = call(agent, "GET", f"/v1/agent/conversations/{conversation}")["body"]
        return [m["text"] for m in transcript["messages"] if m["role"] == "user" and "耳机" in m["text"]]

    assert eventually(customer_line) == ["耳机左边没有声音"]
    page.wait_for_timeout(300)
    expect(widget.messages("assistant").filter(has_text="耳机")).to_have_count(0)  # the bot stays silent
    agent.context.close()


def test_reconnection_after_a_network_loss_loses_and_repeats_nothing(
    context: BrowserContext, page: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    widget = open_shop(page, site, kefu, customer)
    agent = bearer(token("agent", "agent-li"))
    httpx.get(f"{kefu.url}/v1/agent/queue", headers=agent)
    page.get_by_role("button", name="转人工客服").click()
    expect(widget.status).to_contain_text("正在为您转接人工客服")
    conversation = conversation_of(page, kefu)
    base = f"{kefu.url}/v1/agent/conversations/{conversation}"
    assert httpx.post(f"{base}/claim", headers=agent).status_code == 200

    def agent_says(text: str) -> None:
        assert httpx.post(f"{base}/messages", json={"text": text}, headers=agent).status_code == 201

    agent_says("第一条")
    expect(widget.messages("agent")).to_have_count(1)

    context.set_offline(True)
    expect(widget.status).to_contain_text("网络已断开")
    agent_says("第二条")
    agent_says("第三条")
    widget.ask("我刚才掉线了")
    expect(widget.messages("user").last).to_contain_text("未发送")
    page.wait_for_timeout(500)
    expect(widget.messages("agent")).to_have_count(1)  # nothing arrives while offline

    context.set_offline(False)
    expect(widget.messages("agent")).to_have_count(3)
    expect(widget.messages("user").last).to_have_attribute("data-seq", re.compile(r"^\d+$"))
    assert [t.removeprefix("人工客服") for t in widget.messages("agent").locator(".text").all_inner_texts()] == [
        "第一条",
        "第二条",
        "第三条",
    ]

    def delivered() -> list[str]:
        messages = httpx.get(base, headers=agent).json()["messages"]
        return [m["text"] for m in messages if m["text"] == "我刚才掉线了"]

    assert eventually(delivered) == ["我刚才掉线了"]  # sent once when back online

    page.reload()  # the transcript comes back from the server, each message once
    Widget(page).open()
    expect(widget.messages("agent")).to_have_count(3)
    expect(widget.messages("user").filter(has_text="我刚才掉线了")).to_have_count(1)


def test_an_image_is_uploaded_and_shown_and_other_files_are_refused(
    page: Page, site: Site, kefu: LiveServer, customer: str, tmp_path: Any
) -> None:
    widget = open_shop(page, site, kefu, customer)
    image = tmp_path / "receipt.png"
    image.write_bytes(PNG)
    page.locator('input[type="file"]').set_input_files(str(image))
    shown = widget.messages("user").locator("img.attachment")
    expect(shown).to_have_count(1)
    expect(widget.messages("user").last).to_have_attribute("data-message-id", re.compile(r"\w+"))
    expect(shown).to_have_attribute("src", re.compile(r"^blob:"))
    expect(shown).to_have_js_property("naturalWidth", 1)  # decoded (the src may still be switching)

    conversation = conversation_of(page, kefu)
    messages = httpx.get(f"{kefu.url}/v1/conversations/{conversation}", headers=bearer(customer)).json()["messages"]
    assert messages[-1]["role"] == "user" and messages[-1]["text"].startswith("![image](/v1/conversations/")

    fake = tmp_path / "notes.png"
    fake.write_bytes(b"just text, named like an image")
    page.locator('input[type="file"]').set_input_files(str(fake))
    expect(widget.messages("user").last).to_contain_text("只能发送 PNG、JPEG、WebP 或 GIF 图片")


@pytest.mark.parametrize(
    ("locale", "html_lang", "data_lang", "expected"),
    [
        ("zh-CN", "zh-CN", "en", "en"),  # data-lang wins
        ("en-US", "zh-CN", None, "zh"),  # then the page's <html lang>
        ("en-US", None, None, "en"),  # then the browser's language
        ("zh-CN", None, None, "zh"),
    ],
)
def test_the_language_follows_the_attribute_then_the_page_then_the_browser(
    browser: Browser,
    site: Site,
    kefu: LiveServer,
    locale: str,
    html_lang: str | None,
    data_lang: str | None,
    expected: str,
) -> None:
    context = browser.new_context(locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    attributes = {"lang": data_lang} if data_lang else {}
    path = f"/lang-{locale}-{html_lang}-{data_lang}.html"
    page.goto(site.with_widget(path, kefu.url, html_lang=html_lang, kb="default", **attributes))
    launcher = page.locator("#kefu-widget .launcher")
    expect(launcher).to_have_attribute("aria-label", {"zh": "打开在线客服", "en": "Open the chat"}[expected])
    launcher.click()
    expect(page.locator("#kefu-title")).to_have_text({"zh": "在线客服", "en": "Customer service"}[expected])
    if html_lang and not data_lang:  # a site that switches language switches the widget too
        page.evaluate("document.documentElement.lang = 'en'")
        expect(page.locator("#kefu-title")).to_have_text("Customer service")
        expect(page.locator("#kefu-input")).to_have_attribute("placeholder", "Type your question…")
    context.close()


def test_on_a_phone_the_open_panel_fills_the_screen(browser: Browser, site: Site, kefu: LiveServer) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.set_default_timeout(TIMEOUT_MS)
    page = phone.new_page()
    page.goto(site.with_widget("/phone.html", kefu.url, kb="default"))
    Widget(page).open()
    box = page.locator(".panel").bounding_box()
    assert box == {"x": 0, "y": 0, "width": 390, "height": 844}
    phone.close()


def test_on_a_desktop_the_panel_floats_at_the_bottom_right(page: Page, site: Site, kefu: LiveServer) -> None:
    page.goto(site.with_widget("/desktop.html", kefu.url, kb="default"))
    Widget(page).open()
    box = page.locator(".panel").bounding_box()
    assert box is not None
    assert box["width"] == 380 and box["x"] + box["width"] == 1280 - 20 and box["y"] + box["height"] == 800 - 20


def test_the_keyboard_alone_opens_uses_and_closes_the_widget(
    page: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    page.goto(site.with_widget("/keys.html", kefu.url, kb="default", token=customer))
    page.locator("#kefu-widget .launcher").wait_for()
    active = "() => document.querySelector('#kefu-widget').shadowRoot.activeElement?.className ?? null"
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "launcher"
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="在线客服")).to_be_visible()
    assert page.evaluate("() => document.querySelector('#kefu-widget').shadowRoot.activeElement.id") == "kefu-input"
    for _ in range(12):  # the focus stays inside the open dialog
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "kefu-widget"
        assert page.evaluate(active) is not None
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(active) is not None
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert page.evaluate(active) == "launcher"


def test_clarifying_options_become_quick_replies(page: Page, site: Site, kefu: LiveServer) -> None:
    page.goto(site.add("/blank.html", "<!doctype html><html lang='zh'><title>blank</title><body></body></html>"))
    options = page.evaluate(
        f"""async () => (await import('{kefu.url}/static/widget/chat.js')).clarifyOptions(
            '我不太确定您想了解的是哪一方面，您是想问：\\n1. 退货政策\\n2. 换货流程\\n请回复具体问题')"""
    )
    assert options == ["退货政策", "换货流程"]


def test_the_open_widget_has_no_critical_accessibility_violations(
    page: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    widget = open_shop(page, site, kefu, customer)
    assert_no_critical_axe_violations(page, "#kefu-widget")
    widget.ask(QUESTION)
    widget.answer().get_by_role("button", name="有帮助").click()
    expect(widget.answer().locator("textarea")).to_be_visible()
    assert_no_critical_axe_violations(page, "#kefu-widget")
