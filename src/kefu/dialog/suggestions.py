"""A reply drafted for an agent from the knowledge base: never sent, never stored.

The draft answers the customer's latest message(s) the way a bot turn would, with the same
pieces of the pipeline: the input filter, the routing decision from retrieval (`faq`: the
entry's answer verbatim; `rag`: the LLM phrases an answer from the passages, citing them;
`clarify`: the closest topics; `refuse`: nothing to suggest), the grounding check (a draft
stating a number the sources do not hold is replaced by the source text) and the output
filter. Unlike a turn it runs no task flow (no business system is called), hands nothing
over, records no metrics, and leaves the conversation untouched: the agent edits the draft
and sends it with the agent messages endpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kefu.dialog.citing import MARKER, CitationTracker
from kefu.dialog.grounding import ungrounded_numbers
from kefu.dialog.pipeline import Citation, TurnPipeline, cite, language_of
from kefu.dialog.prompt import build_messages
from kefu.dialog.replies import clarify_reply, reply
from kefu.dialog.routing import decide_fixed
from kefu.dialog.state import DialogState, DialogTurn
from kefu.engine.base import Engine, GenerationParams
from kefu.errors import InvalidInput
from kefu.knowledge.passage import Passage
from kefu.safety.filter import OutputFilter
from kefu.store.models import Message

QUESTION_MESSAGES = 3  # the customer's latest messages in a row, answered together


@dataclass
class Suggestion:
    text: str  # empty when there is nothing to suggest (refuse, blocked, withheld)
    route: str  # faq | rag | clarify | refuse | blocked
    question: str  # what the draft answers: the customer's latest message(s), as stored (masked)
    citations: list[Citation] = field(default_factory=list)
    grounded: bool = True  # False: the LLM's draft stated an unsupported number; the source text stands
    withheld: bool = False  # the output filter stopped the draft


def latest_question(messages: Sequence[Message]) -> tuple[str, list[DialogTurn]] | None:
    """The customer's latest run of questions (up to `QUESTION_MESSAGES`, joined) and what was said
    before it; None when the customer has asked nothing yet.

    Requests for a person and bare greetings ("转人工", "你好") are passed over: after a handoff
    the agent wants the question the customer came with, not "转人工" answered.
    """
    picked: list[int] = []
    for position in range(len(messages) - 1, -1, -1):
        message = messages[position]
        if message.role != "user":
            if picked:
                break
            continue
        if decide_fixed(message.text.strip()) is None:
            picked.append(position)
            if len(picked) == QUESTION_MESSAGES:
                break
    if not picked:
        return None
    first = min(picked)
    question = "\n".join(messages[i].text for i in sorted(picked))
    history = [
        DialogTurn(role="user" if m.role == "user" else "assistant", text=m.text) for m in messages[:first]
    ]
    return question, history


async def suggest_reply(
    pipeline: TurnPipeline, engine: Engine, messages: Sequence[Message], kb: str
) -> Suggestion:
    """A draft answer to the customer's latest message(s) in a conversation bound to `kb`."""
    found = latest_question(messages)
    if found is None:
        raise InvalidInput(
            "nothing_to_suggest",
            "The customer has not asked anything yet: there is nothing to draft a reply to.",
            "客户尚未提出问题，无法生成建议回复。",
            status=409,
        )
    question, history = found
    keep = 2 * pipeline.settings.history_turns
    state = DialogState(history=history[-keep:] if keep else [])
    index = await pipeline.knowledge.index(kb)
    lang = language_of(question, state)
    screened = await pipeline.screen(question)
    if screened is not None and screened.blocked:
        return Suggestion("", "blocked", question)
    decision = await pipeline.decide(question, state, index, lang)
    passages, scores = decision.passages, decision.scores
    if decision.route == "faq":
        return Suggestion(passages[0].text, "faq", question, [cite(passages[0], scores[0])])
    if decision.route == "clarify":
        citations = [cite(p, s) for p, s in zip(passages, scores, strict=True)]
        return Suggestion(clarify_reply([p.title for p in passages], lang), "clarify", question, citations)
    if decision.route != "rag":
        return Suggestion("", decision.route, question)
    return await _draft(pipeline, engine, question, state, passages, scores, lang)


async def _draft(
    pipeline: TurnPipeline,
    engine: Engine,
    question: str,
    state: DialogState,
    passages: list[Passage],
    scores: list[float],
    lang: str,
) -> Suggestion:
    settings = pipeline.settings
    messages = build_messages(
        question, passages, state.history, settings.context_length - settings.max_reply_tokens
    )
    params = GenerationParams(max_tokens=settings.max_reply_tokens, temperature=settings.temperature)
    pieces: list[str] = []
    deltas = engine.stream(messages, params)
    try:
        async for delta in deltas:
            pieces.append(delta.text)
    finally:
        await deltas.aclose()  # type: ignore[attr-defined]
    said = "".join(pieces).strip()
    tracker = CitationTracker(passages)
    text = tracker.rewrite(said)
    cited = tracker.cited()
    citations = [cite(passages[i], scores[i]) for i in cited]
    sources = [question, *(t.text for t in state.history), *(f"{p.title}\n{p.text}" for p in passages)]
    if ungrounded_numbers(MARKER.sub("", said), sources):
        source = passages[cited[0]]
        return Suggestion(
            reply("source_intro", lang) + source.text.strip(), "rag", question, citations, False
        )
    output_filter = pipeline.output_filter
    if output_filter is not None and output_filter.check(text, OutputFilter.known(sources)).blocked:
        return Suggestion("", "rag", question, [], withheld=True)
    return Suggestion(text, "rag", question, citations)
