"""The agent workspace (/agent) and the admin console (/admin/...) in Chromium, against the real
`kefu serve` of the other browser tests (fake engine, authentication on), signed in through /login."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from tests.conftest import LiveServer
from tests.web.conftest import TIMEOUT_MS, Widget
from tests.web.harness import Site, assert_no_critical_axe_violations, token

pytestmark = pytest.mark.web

QUESTION = "实付金额是怎么算的，偏远地区运费一样吗"  # answered from shipping.md (rag) by the fake engine
ADMIN_PAGES = ("kb", "faqs", "conversations", "annotations", "analytics", "audit", "settings")


def sign_in(page: Page, kefu: LiveServer, credential: str, target: str) -> None:
    """Open `target`, get sent to /login, paste the token, land back on `target`."""
    page.goto(f"{kefu.url}{target}")
    expect(page).to_have_url(f"{kefu.url}/login?next={target}")
    page.get_by_label("令牌或 API 密钥").fill(credential)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{kefu.url}{target}")


@pytest.fixture
def agent(browser: Browser) -> Iterator[Page]:
    """A second browser profile, for the agent, failing the test on any uncaught script error."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"uncaught errors in the agent's page: {errors}"


def admin_headers(subject: str = "console-admin") -> dict[str, str]:
    return {"Authorization": f"Bearer {token('admin', subject)}"}


def test_handoff_claim_reply_suggest_and_release_across_two_browsers(
    page: Page, agent: Page, site: Site, kefu: LiveServer, customer: str
) -> None:
    sign_in(agent, kefu, token("agent", "console-agent-li"), "/agent")  # the agent is online from now on
    expect(agent.locator("#agents-online")).to_contain_text("在线客服")

    page.goto(site.with_widget("/console-shop.html", kefu.url, kb="default", token=customer))
    widget = Widget(page).open()
    widget.ask(QUESTION)
    widget.answer()
    page.get_by_role("button", name="转人工客服").click()
    expect(widget.status).to_contain_text("正在为您转接人工客服")
    conversation = page.evaluate(f"localStorage.getItem('kefu:{kefu.url}:default')")

    item = agent.locator(f'.queue-item[data-conversation="{conversation}"]')
    expect(item).to_be_visible()  # the queue refreshes itself
    expect(item).to_contain_text("排队中")
    item.get_by_role("button", name="查看").click()
    transcript = agent.get_by_role("log", name="会话记录")
    expect(transcript.locator('[data-role="user"]').first).to_contain_text(QUESTION)  # the history
    expect(agent.locator("#context")).to_contain_text("排队中")
    expect(agent.get_by_role("button", name="发送")).to_be_disabled()  # not before claiming

    agent.get_by_role("button", name="接入").click()
    expect(agent.locator("#context")).to_contain_text("console-agent-li")
    expect(widget.status).to_contain_text("人工客服已接入")

    reply = agent.get_by_label("回复客户")
    reply.fill("您好，我是客服小李。")
    agent.get_by_role("button", name="发送").click()
    expect(widget.messages("agent")).to_have_count(1)
    expect(widget.messages("agent")).to_contain_text("您好，我是客服小李。")

    widget.ask("屏幕有亮点算不算保修")
    expect(transcript.locator('[data-role="user"]').last).to_contain_text("屏幕有亮点算不算保修")  # live

    agent.get_by_role("button", name="生成建议回复").click()
    expect(agent.locator("#reply-note")).to_contain_text("请核对修改后再发送")
    drafted = reply.input_value()
    assert drafted.strip(), "the suggestion left the reply box empty"
    reply.fill(f"{drafted} 如有疑问请随时联系。")  # the agent edits the draft before sending
    agent.get_by_role("button", name="发送").click()
    expect(widget.messages("agent")).to_have_count(2)
    expect(widget.messages("agent").last).to_contain_text("如有疑问请随时联系。")

    agent.get_by_role("button", name="交回机器人").click()
    expect(widget.status).to_contain_text("智能客服继续为您服务")
    expect(agent.locator("#context")).to_contain_text("已交回机器人")
    expect(item).to_have_count(0)


def test_kb_upload_reports_each_file_and_the_test_question_shows_scores(page: Page, kefu: LiveServer) -> None:
    created = httpx.post(f"{kefu.url}/v1/kb", json={"name": "console-upload"}, headers=admin_headers())
    assert created.status_code == 201, created.text
    sign_in(page, kefu, token("kb_editor", "console-editor"), "/admin/kb")
    expect(page.locator("#kb-table")).to_contain_text("console-upload")
    page.get_by_label("知识库", exact=True).select_option("console-upload")

    good = "# 以旧换新\n\n以旧换新活动：旧手机可抵扣最高 800 元，需在门店验机。\n"
    page.get_by_label("选择要上传的文件").set_input_files(
        [
            {"name": "tradein.md", "mimeType": "text/markdown", "buffer": good.encode()},
            {"name": "broken.pdf", "mimeType": "application/pdf", "buffer": b"this is not a PDF at all"},
        ]
    )
    page.get_by_role("button", name="上传文件").click()
    report = page.locator("#report-rows")
    expect(report.locator('[data-file="tradein.md"]')).to_contain_text("added")
    failed = report.locator('[data-file="broken.pdf"]')
    expect(failed).to_contain_text("failed")
    assert failed.locator("td.error").inner_text().strip(), "the bad file's error is not shown"
    expect(page.get_by_label("上传进度")).to_have_attribute("value", "100")
    expect(page.locator("#documents")).to_contain_text("tradein.md")

    page.get_by_label("问题", exact=True).fill("旧手机以旧换新能抵扣多少")
    page.get_by_role("button", name="查询").click()
    hit = page.locator("#search-results tr.hit").first
    expect(hit).to_contain_text("tradein.md")
    assert float(hit.locator("td.num").inner_text()) > 0


def test_the_faq_editor_saves_a_new_version_then_approves_it(page: Page, kefu: LiveServer) -> None:
    base = f"{kefu.url}/v1/kb/console-faqs"
    assert (
        httpx.post(f"{kefu.url}/v1/kb", json={"name": "console-faqs"}, headers=admin_headers()).status_code
        == 201
    )
    first = {"question": "门店几点开门？", "answer": "每天 10:00 开门。"}
    assert httpx.put(f"{base}/faqs/hours", json=first, headers=admin_headers()).status_code == 201
    assert httpx.post(f"{base}/faqs/hours/versions/1/approve", headers=admin_headers()).status_code == 200
    sign_in(page, kefu, token("kb_editor", "console-faq-editor"), "/admin/faqs")
    page.get_by_label("知识库", exact=True).select_option("console-faqs")
    page.get_by_role("button", name="编辑 hours v1").click()
    expect(page.get_by_label("问题", exact=True)).to_have_value("门店几点开门？")
    page.get_by_label("答案").fill("每天 9:30 开门，节假日 10:00。")
    page.get_by_role("button", name="保存为新版本（草稿）").click()
    draft = page.locator('#faq-rows tr[data-faq="hours"][data-version="2"]')
    expect(draft).to_have_attribute("data-status", "draft")
    draft.get_by_role("button", name="审核通过 hours v2").click()
    expect(draft).to_have_attribute("data-status", "approved")
    expect(page.locator('#faq-rows tr[data-faq="hours"][data-version="1"]')).to_have_attribute(
        "data-status", "superseded"
    )
    served = httpx.get(f"{base}/faqs/hours", headers=admin_headers()).json()
    assert [(v["version"], v["status"], v["answer"]) for v in served] == [
        (1, "superseded", "每天 10:00 开门。"),
        (2, "approved", "每天 9:30 开门，节假日 10:00。"),
    ]


def start_conversation(kefu: LiveServer, subject: str, text: str) -> str:
    headers = {"Authorization": f"Bearer {token('customer', subject)}"}
    created = httpx.post(f"{kefu.url}/v1/conversations", json={"kb": "default"}, headers=headers)
    assert created.status_code == 201, created.text
    conversation: str = created.json()["id"]
    sent = httpx.post(
        f"{kefu.url}/v1/conversations/{conversation}/messages",
        json={"text": text},
        headers=headers,
        timeout=60,
    )
    assert sent.status_code == 200, sent.text
    return conversation


def test_conversation_filters_narrow_the_list_and_show_the_transcript(page: Page, kefu: LiveServer) -> None:
    answered = start_conversation(kefu, "console-filter-a", QUESTION)
    handed = start_conversation(kefu, "console-filter-b", "转人工")
    sign_in(page, kefu, token("admin", "console-admin"), "/admin/conversations")
    rows = page.locator("#conversation-rows")
    row_a = rows.locator(f'[data-conversation="{answered}"]')
    row_b = rows.locator(f'[data-conversation="{handed}"]')
    expect(row_a).to_have_count(1)
    expect(row_b).to_have_count(1)

    page.get_by_label("转人工").select_option("true")
    page.get_by_role("button", name="查询").click()
    expect(row_a).to_have_count(0)
    expect(row_b).to_have_count(1)

    page.get_by_label("转人工").select_option("")
    page.get_by_label("路由").select_option("rag")
    page.get_by_role("button", name="查询").click()
    expect(row_b).to_have_count(0)
    expect(row_a).to_have_count(1)

    row_a.get_by_role("button").click()
    expect(page.locator("#transcript-title")).to_be_focused()
    expect(page.locator("#transcript")).to_contain_text(QUESTION)
    expect(page.locator("#transcript .line--assistant")).to_have_count(1)


def test_an_answer_rated_down_is_collected_and_labelled(page: Page, kefu: LiveServer) -> None:
    headers = {"Authorization": f"Bearer {token('customer', 'console-unhappy')}"}
    conversation = start_conversation(kefu, "console-unhappy", "电子发票多久能开好？")
    answer = httpx.get(f"{kefu.url}/v1/conversations/{conversation}", headers=headers).json()["messages"][-1]
    rated = httpx.post(
        f"{kefu.url}/v1/conversations/{conversation}/messages/{answer['id']}/feedback",
        json={"rating": "down", "comment": "太慢了"},
        headers=headers,
    )
    assert rated.status_code in (200, 201), rated.text
    sign_in(page, kefu, token("admin", "console-reviewer"), "/admin/annotations")
    page.get_by_role("button", name="收集待标注回答").click()
    expect(page.locator("#collected")).to_have_text(re.compile(r"^新加入队列：[1-9]"))
    page.get_by_label("入队原因").select_option("thumbs_down")  # not the refusals other tests left
    expect(page.locator("#annotation-list")).not_to_have_attribute("aria-busy", "true")
    item = page.locator("#annotation-list li").filter(has_text="电子发票多久能开好？")
    expect(item).to_contain_text("用户点踩")
    expect(item).to_contain_text("太慢了")
    item.get_by_label("标注").select_option("wrong_answer")
    item.get_by_label("正确答案（可选）").fill("开票后 1 个工作日内发到邮箱。")
    item.get_by_role("button", name="保存").click()
    expect(item.get_by_role("status")).to_contain_text("回答错误")
    done = httpx.get(f"{kefu.url}/v1/admin/annotations?status=done&limit=100", headers=admin_headers()).json()
    labelled = [a for a in done["items"] if a["message_id"] == answer["id"]]
    assert [(a["label"], a["corrected_answer"], a["annotated_by"]) for a in labelled] == [
        ("wrong_answer", "开票后 1 个工作日内发到邮箱。", "console-reviewer")
    ]


def test_roles_see_only_their_pages(page: Page, kefu: LiveServer, browser: Browser) -> None:
    response = page.goto(f"{kefu.url}/admin/analytics")  # no session: to the login page, then back
    expect(page).to_have_url(f"{kefu.url}/login?next=/admin/analytics")
    assert response is not None

    sign_in(page, kefu, token("customer", "console-nosy"), "/chat")
    for path in ("/admin", "/admin/kb", "/admin/settings", "/agent"):
        refused = page.goto(f"{kefu.url}{path}")
        assert refused is not None and refused.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("无权访问")

    editor = browser.new_context(locale="zh-CN")
    editor.set_default_timeout(TIMEOUT_MS)
    tab = editor.new_page()
    sign_in(tab, kefu, token("kb_editor", "console-editor-2"), "/admin")
    sections = tab.get_by_role("navigation", name="管理后台栏目").get_by_role("link")
    expect(sections).to_have_text(["知识库", "FAQ 编辑"])
    refused = tab.goto(f"{kefu.url}/admin/audit")
    assert refused is not None and refused.status == 403
    audited = httpx.post(
        f"{kefu.url}/v1/kb", json={"name": "console-audited"}, headers=admin_headers("audit-me")
    )
    assert audited.status_code == 201, audited.text
    tab.context.clear_cookies()
    sign_in(tab, kefu, token("auditor", "console-auditor"), "/admin/audit")
    expect(tab.locator("#audit-rows tr").filter(has_text="audit-me").first).to_contain_text("kb_change")
    expect(tab.get_by_role("navigation", name="管理后台栏目").get_by_role("link")).to_have_text(["审计日志"])
    editor.close()


def test_the_consoles_have_no_critical_accessibility_violations(page: Page, kefu: LiveServer) -> None:
    """axe on every console page, which also load without a console error (a CSP violation, say)."""
    console_errors: list[str] = []
    page.on(
        "console", lambda message: console_errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, kefu, token("admin", "console-axe"), "/agent")
    expect(page.locator("#agents-online")).to_contain_text("在线客服")
    assert_no_critical_axe_violations(page)
    page.goto(f"{kefu.url}/admin")
    assert_no_critical_axe_violations(page)
    ready = {
        "kb": "#kb-table tbody tr",
        "faqs": "#faq-rows tr",
        "conversations": "#conversation-rows tr",
        "annotations": "#a-status",
        "analytics": "#totals dt",
        "audit": "#audit-rows tr",
        "settings": "#settings-rows tr",
    }
    for name in ADMIN_PAGES:
        page.goto(f"{kefu.url}/admin/{name}")
        page.locator(ready[name]).first.wait_for()
        expect(page.locator("#admin-error")).to_be_hidden()
        assert_no_critical_axe_violations(page)
    assert not console_errors, console_errors
