"""How upset a customer sounds, from -1 (angry) to 1 (pleased), by a zh/en lexicon.

A lexicon, not a model: the handoff rule only needs to notice clear anger ("气死了", "垃圾服务",
"this is ridiculous"), and a lexicon is predictable, explainable and costs microseconds.
Intensifiers ("太", "真的", "!!!") strengthen a hit; a negated positive ("不满意", "not happy")
counts as negative.
"""

from __future__ import annotations

import re

NEGATIVE = {
    # strong (2): insults, fury, threats
    2.0: r"垃圾|骗子|骗人|坑人|黑店|气死|恶心|无语|忍无可忍|太过分|欺负人|什么破|破玩意|坑爹|"
    r"曝光|(?<!\d)315(?!\d)|消协|工商|报警|律师|起诉|投诉你们|差评|再也不买|"
    r"scam|fraud|rip[- ]?off|ridiculous|outrageous|disgusting|unacceptable|worst|useless|"
    r"terrible|awful|furious|lawyer|sue you|pathetic",
    # mild (1): dissatisfaction, impatience
    1.0: r"投诉|举报|失望|生气|着急|急死|烦死|烦人|太慢|好慢|怎么还没|到底|搞什么|什么情况|不靠谱|敷衍|"
    r"态度差|态度太差|服务差|质量差|不满|不爽|郁闷|崩溃|离谱|"
    r"complain\w*|angry|upset|annoyed|disappointed|frustrat\w*|slow|still not|unhappy|bad service|fed up",
}
POSITIVE = {
    1.0: r"谢谢|感谢|多谢|辛苦|满意|不错|很好|太好了|好评|给力|点赞|赞|棒|"
    r"thanks|thank you|great|perfect|awesome|appreciate|helpful|excellent",
}
NEGATION = r"(?:不|没|没有|not|n't)\s?"
INTENSIFIER = re.compile(
    r"太|真的|非常|特别|超级|极其|简直|very|so|really|extremely|[!！]{2,}|[?？]{3,}", re.I
)


def _pattern(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<neg>{NEGATION})?(?:{words})", re.IGNORECASE)


_NEGATIVE = [(weight, _pattern(words)) for weight, words in NEGATIVE.items()]
_POSITIVE = [(weight, _pattern(words)) for weight, words in POSITIVE.items()]


def sentiment(text: str) -> float:
    """-1 … 1; 0 for neutral text."""
    score = 0.0
    for weight, pattern in _NEGATIVE:
        for match in pattern.finditer(text):
            score -= weight if not match.group("neg") else 0.0
    for weight, pattern in _POSITIVE:
        for match in pattern.finditer(text):
            score += -weight if match.group("neg") else weight
    if score < 0:
        score -= 0.5 * len(INTENSIFIER.findall(text))
    return max(-1.0, min(1.0, score / 3))
