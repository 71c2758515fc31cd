"""Fixed replies, in the customer's language."""

from __future__ import annotations

import re

REPLIES = {
    "greeting": {
        "zh": "您好！我是在线客服助手，可以为您解答退换货、配送、支付、保修、会员和发票等问题。"
        "请问有什么可以帮您？",
        "en": "Hello! I'm the customer-service assistant. I can help with returns, shipping, payment, "
        "warranty, membership and invoices. How can I help you?",
    },
    "handoff": {
        "zh": "好的，正在为您转接人工客服，请稍候。人工客服服务时间为每天 9:00–21:00。",
        "en": "Sure, I'm transferring you to a human agent. Please hold on.",
    },
    "refuse": {
        "zh": "抱歉，这个问题我暂时没有可靠的资料可以回答，不想给您错误的信息。"
        "您可以换个说法再问一次，或者输入“转人工”联系人工客服。",
        "en": "Sorry, I don't have reliable information to answer that, and I don't want to guess. "
        'You can rephrase the question, or type "human" to talk to a person.',
    },
    "clarify": {
        "zh": "我不太确定您想了解的是哪一方面，您是想问：\n{options}\n"
        "请回复具体问题，或者输入“转人工”联系人工客服。",
        "en": "I'm not sure which of these you mean:\n{options}\n"
        'Please tell me more, or type "human" to talk to a person.',
    },
    "thanks": {
        "zh": "不客气，很高兴能帮到您！还有其他问题随时找我。",
        "en": "You're welcome! Let me know if there is anything else.",
    },
    "goodbye": {
        "zh": "感谢您的咨询，祝您生活愉快，再见！",
        "en": "Thanks for getting in touch. Goodbye!",
    },
    "blocked": {
        "zh": "抱歉，这条消息我无法处理。如果您有订单、售后或账户方面的问题，请直接描述，我很乐意帮忙；"
        "也可以输入“转人工”联系人工客服。",
        "en": "Sorry, I can't help with that message. If you have a question about an order, after-sales "
        'or your account, just ask; or type "human" to talk to a person.',
    },
    "withheld": {
        "zh": "抱歉，这部分内容我不能提供。您可以换个问法，或者输入“转人工”联系人工客服。",
        "en": 'Sorry, I can\'t share that. You can ask in another way, or type "human" to talk to a person.',
    },
    "resume": {
        "zh": "我们继续刚才的办理：",
        "en": "Back to what we were doing: ",
    },
    "source_intro": {
        "zh": "以下是相关规定的原文，供您参考：\n",
        "en": "Here is the relevant text from our knowledge base:\n",
    },
}


THANKS = re.compile(r"谢|thank|thx|多亏|辛苦", re.IGNORECASE)
GOODBYE = re.compile(r"再见|拜拜|886|\bbye\b|see you|没事了|没有了", re.IGNORECASE)


def reply(name: str, lang: str) -> str:
    return REPLIES[name]["zh" if lang == "zh" else "en"]


def clarify_reply(topics: list[str], lang: str) -> str:
    """Ask which of the closest topics the customer means."""
    options = "\n".join(f"{n}. {topic}" for n, topic in enumerate(topics, start=1))
    return reply("clarify", lang).format(options=options)


def chitchat_reply(text: str, lang: str) -> str:
    """Thanks, goodbye or hello: nothing about the business is said here."""
    if THANKS.search(text):
        return reply("thanks", lang)
    if GOODBYE.search(text):
        return reply("goodbye", lang)
    return reply("greeting", lang)
