"""Where a turn goes, decided in code from the retrieval evidence, never left to the LLM.

- `handoff`: the customer asks for a person;
- `chitchat`: a bare greeting;
- `faq`: a served FAQ question matches well enough (`faq_threshold`): its answer, verbatim;
- `rag`: the best passage speaks to the question (`answer_threshold`): the LLM phrases an
  answer from the retrieved passages only;
- `clarify`: something related but not clearly the question (`clarify_threshold`): ask which
  of the closest topics the customer means, and offer a person;
- `refuse`: nothing in the knowledge base answers it: say so, offer a person, invent nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from kefu.knowledge.index import KnowledgeIndex
from kefu.knowledge.passage import FaqMatch, Hit, Passage

HANDOFF = re.compile(
    r"转人工|转接人工|找人工|要人工|接人工|人工服务|真人|活人|换个人|跟人说话|和人说话|不要机器人|"
    r"(?:找|叫|要|给我接|接|转)[^，。？！,.?!]{0,4}(?:人工|经理|主管|负责人|领导)|经理电话|^(?:人工[\s，,!！]*)+$|"
    r"\b(?:human|real person|live agent|(?:an|the|your) agent|representative|operator|supervisor|manager)\b",
    re.IGNORECASE,
)
# Questions *about* the human service ("人工客服几点上班") are questions, not requests.
ABOUT_HUMAN_SERVICE = re.compile(r"人工客服?.{0,8}(?:几点|时间|上班|下班|周[六日末]|节假日|电话是|多少)")
GREETING = re.compile(
    r"(?:你好|您好|在吗|在不在|哈喽|嗨|hi|hello|hey|good (?:morning|afternoon|evening))"
    r"[呀啊吗嘛~～!！。.,，\s]*",
    re.IGNORECASE,
)


@dataclass
class Decision:
    route: str  # handoff | chitchat | task | faq | rag | clarify | refuse
    passages: list[Passage] = field(default_factory=list)  # faq: the entry; rag: the facts; clarify: options
    scores: list[float] = field(default_factory=list)
    intent: str | None = None

    @property
    def handoff(self) -> bool:
        return self.route == "handoff"


def decide_fixed(question: str) -> Decision | None:
    """Routes that need no knowledge base."""
    if HANDOFF.search(question) and not ABOUT_HUMAN_SERVICE.search(question):
        return Decision("handoff", intent="human_agent")
    if GREETING.fullmatch(question):
        return Decision("chitchat", intent="chitchat")
    return None


def decide(
    question: str,
    query_vector: NDArray[np.float32] | None,
    index: KnowledgeIndex,
    top_k: int,
    *,
    cross_lingual: bool = False,
    today: date | None = None,
) -> Decision:
    """faq, rag, clarify or refuse, from the KB's calibrated thresholds.

    `cross_lingual` (the question is in another language than the KB) scores by sentence
    vectors only, against the KB's cross-lingual thresholds, and turns a FAQ match into a
    `rag` answer from that entry, so the LLM answers in the customer's language.
    """
    settings = index.settings.for_question(cross_lingual)
    # Retrieved once for both the FAQ match and the passages.
    ranked = index.search(question, query_vector, top_k=None, today=today, cross_lingual=cross_lingual)
    match = next((FaqMatch.of(h) for h in ranked if h.passage.kind == "faq"), None)
    if match is not None and match.score >= settings.faq_threshold:
        return Decision("rag" if cross_lingual else "faq", [match.passage], [match.score])
    hits = ranked[:top_k]
    best = max((h.relevance for h in hits), default=0.0)
    if best >= settings.answer_threshold:
        used = [h for h in hits if h.relevance >= settings.clarify_threshold]
        return Decision("rag", [h.passage for h in used], [h.relevance for h in used])
    if best >= settings.clarify_threshold:
        options = _distinct_topics([h for h in hits if h.relevance >= settings.clarify_threshold])
        return Decision("clarify", [h.passage for h in options], [h.relevance for h in options])
    return Decision("refuse")


def _distinct_topics(hits: list[Hit], limit: int = 3) -> list[Hit]:
    seen: set[str] = set()
    kept = []
    for hit in hits:
        if hit.passage.title not in seen:
            seen.add(hit.passage.title)
            kept.append(hit)
    return kept[:limit]
