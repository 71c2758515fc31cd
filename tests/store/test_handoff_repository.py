from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from kefu.errors import InvalidInput, NotFound
from kefu.store.database import MIGRATIONS, Database
from kefu.store.handoff_models import Handoff
from kefu.store.handoff_repository import HandoffRepository
from kefu.store.models import utcnow
from kefu.store.repository import ConversationRepository, NewMessage

pytestmark = pytest.mark.anyio


@pytest.fixture
def conversations(database: Database) -> ConversationRepository:
    return ConversationRepository(database.sessions)


@pytest.fixture
def handoffs(database: Database) -> HandoffRepository:
    return HandoffRepository(database.sessions)


async def enqueue(
    handoffs: HandoffRepository, conversation_id: str, group: str = "售后", priority: int = 0
) -> tuple[Handoff, bool]:
    return await handoffs.enqueue(
        conversation_id,
        reason="explicit",
        skill_group=group,
        priority=priority,
        summary="客户：我要退货",
        context={"intent": "return_refund", "slots": {"order_id": "XH202611250001"}},
        sla_deadline=utcnow() + timedelta(seconds=120),
    )


async def new_conversation(conversations: ConversationRepository) -> str:
    return (await conversations.create("default", None, "web", {})).id


def _revision(connection: Connection, target: str, down: bool) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, target)


def _schema(connection: Connection) -> tuple[set[str], set[str]]:
    inspector = inspect(connection)
    return set(inspector.get_table_names()), {c["name"] for c in inspector.get_columns("messages")}


async def test_migration_0003_upgrades_and_downgrades(database: Database) -> None:
    async with database.engine.begin() as connection:
        tables, columns = await connection.run_sync(_schema)
    assert {"handoffs", "callback_tickets"} <= tables and "agent_id" in columns
    async with database.engine.begin() as connection:
        await connection.run_sync(_revision, "0002", True)
        tables, columns = await connection.run_sync(_schema)
    assert not {"handoffs", "callback_tickets"} & tables and "agent_id" not in columns
    async with database.engine.begin() as connection:
        await connection.run_sync(_revision, "head", False)
        tables, _ = await connection.run_sync(_schema)
    assert "handoffs" in tables


async def test_one_open_handoff_per_conversation(
    conversations: ConversationRepository, handoffs: HandoffRepository
) -> None:
    conversation_id = await new_conversation(conversations)
    first, created = await enqueue(handoffs, conversation_id)
    again, created_again = await enqueue(handoffs, conversation_id, priority=5)
    assert created and not created_again and again.id == first.id
    # Queued at the same moment by two requests: still one.
    other = await new_conversation(conversations)
    results = await asyncio.gather(*(enqueue(handoffs, other) for _ in range(4)))
    assert len({h.id for h, _ in results}) == 1 and sum(created for _, created in results) == 1
    opened = await handoffs.open_handoff(other)
    assert opened is not None and opened.status == "queued" and opened.context["slots"]


async def test_queue_orders_by_priority_then_age_with_positions_per_skill_group(
    conversations: ConversationRepository, handoffs: HandoffRepository
) -> None:
    ids = [await new_conversation(conversations) for _ in range(4)]
    old, _ = await enqueue(handoffs, ids[0], "售后", priority=0)
    newer, _ = await enqueue(handoffs, ids[1], "售后", priority=0)
    urgent, _ = await enqueue(handoffs, ids[2], "售后", priority=2)
    other_group, _ = await enqueue(handoffs, ids[3], "物流", priority=0)
    queue = await handoffs.queue()
    assert [(e.handoff.id, e.position) for e in queue] == [
        (urgent.id, 1),
        (old.id, 2),
        (newer.id, 3),
        (other_group.id, 1),
    ]
    assert [e.handoff.id for e in await handoffs.queue("物流")] == [other_group.id]
    assert [await handoffs.position(h) for h in (urgent, old, newer, other_group)] == [1, 2, 3, 1]
    await handoffs.claim(ids[2], "alice")
    assert await handoffs.position(old) == 1
    assert [e.handoff.id for e in await handoffs.queue("售后")] == [old.id, newer.id]
    claimed = await handoffs.queue(statuses=("claimed",))
    assert [(e.handoff.id, e.position) for e in claimed] == [(urgent.id, 0)]


async def test_concurrent_claims_exactly_one_agent_wins(
    conversations: ConversationRepository, handoffs: HandoffRepository
) -> None:
    conversation_id = await new_conversation(conversations)
    await enqueue(handoffs, conversation_id)
    agents = [f"agent{i}" for i in range(5)]
    results: list[Any] = await asyncio.gather(
        *(handoffs.claim(conversation_id, a) for a in agents), return_exceptions=True
    )
    winners = [r for r in results if isinstance(r, Handoff)]
    losers = [r for r in results if isinstance(r, InvalidInput)]
    assert len(winners) == 1 and len(losers) == 4, results
    assert all(e.status == 409 and e.code == "handoff_already_claimed" for e in losers)
    held = await handoffs.open_handoff(conversation_id)
    assert held is not None and held.status == "claimed" and held.agent_id == winners[0].agent_id
    # Claiming one's own conversation again is harmless; another agent still loses.
    assert (await handoffs.claim(conversation_id, held.agent_id or "")).id == held.id
    loser = next(a for a in agents if a != held.agent_id)
    with pytest.raises(InvalidInput) as error:
        await handoffs.claim(conversation_id, loser)
    assert error.value.status == 409


async def test_only_the_claiming_agent_writes_and_seqs_follow_bot_turns(
    conversations: ConversationRepository, handoffs: HandoffRepository
) -> None:
    conversation = await conversations.create("default", None, None, {})
    await conversations.record_turn(
        conversation, NewMessage("user", "转人工"), NewMessage("assistant", "好的"), {}
    )
    await enqueue(handoffs, conversation.id)
    with pytest.raises(InvalidInput) as not_claimed:
        await handoffs.add_agent_message(conversation.id, "alice", "您好")
    assert (not_claimed.value.status, not_claimed.value.code) == (409, "handoff_not_claimed")
    await handoffs.claim(conversation.id, "alice")
    with pytest.raises(InvalidInput) as not_yours:
        await handoffs.add_agent_message(conversation.id, "bob", "我来")
    assert (not_yours.value.status, not_yours.value.code) == (403, "handoff_not_yours")
    message = await handoffs.add_agent_message(conversation.id, "alice", "您好，我是客服小李")
    assert (message.seq, message.role, message.agent_id) == (2, "agent", "alice")
    customer = await handoffs.append_message(conversation.id, NewMessage("user", "订单号 XH202611250001"))
    assert customer.seq == 4
    await handoffs.release(conversation.id, "alice")
    # The bot's next turn reads the bumped counter and takes the following seqs: no collision.
    fresh = await conversations.get(conversation.id)
    await conversations.record_turn(fresh, NewMessage("user", "谢谢"), NewMessage("assistant", "不客气"), {})
    stored = await conversations.get(conversation.id, with_messages=True)
    assert [(m.seq, m.role) for m in stored.messages] == [
        (0, "user"),
        (1, "assistant"),
        (2, "agent"),
        (4, "user"),
        (6, "user"),
        (7, "assistant"),
    ]
    assert [m.seq for m in await handoffs.messages_after(conversation.id, 2)] == [4, 6, 7]


async def test_release_and_close(conversations: ConversationRepository, handoffs: HandoffRepository) -> None:
    conversation_id = await new_conversation(conversations)
    await enqueue(handoffs, conversation_id)
    with pytest.raises(InvalidInput) as early:
        await handoffs.release(conversation_id, "alice")
    assert early.value.code == "handoff_not_claimed"
    await handoffs.claim(conversation_id, "alice")
    with pytest.raises(InvalidInput) as other:
        await handoffs.release(conversation_id, "bob")
    assert other.value.status == 403
    released = await handoffs.release(conversation_id, "alice")
    assert released.status == "released" and released.released_at is not None
    assert await handoffs.open_handoff(conversation_id) is None
    with pytest.raises(NotFound) as gone:
        await handoffs.release(conversation_id, "alice")
    assert gone.value.code == "handoff_not_found"
    # The customer may ask again: a new handoff; a queued one may be closed by any agent.
    second, created = await enqueue(handoffs, conversation_id)
    assert created and second.id != released.id
    closed = await handoffs.close(conversation_id, "bob")
    assert (closed.id, closed.status, closed.agent_id) == (second.id, "closed", "bob")
    assert (await handoffs.latest(conversation_id) or closed).id == second.id


async def test_callback_ticket_takes_the_conversation_out_of_the_queue(
    conversations: ConversationRepository, handoffs: HandoffRepository
) -> None:
    waiting = await new_conversation(conversations)
    handoff, _ = await enqueue(handoffs, waiting)
    ticket, moved = await handoffs.create_callback(waiting, "13800138000", "退货")
    assert moved is not None and moved.id == handoff.id and moved.status == "callback"
    assert (ticket.handoff_id, ticket.phone, ticket.skill_group, ticket.status) == (
        handoff.id,
        "13800138000",
        "售后",
        "open",
    )
    assert await handoffs.open_handoff(waiting) is None and await handoffs.queue() == []
    served = await new_conversation(conversations)
    await enqueue(handoffs, served)
    await handoffs.claim(served, "alice")
    with pytest.raises(InvalidInput) as error:
        await handoffs.create_callback(served, None, "")
    assert (error.value.status, error.value.code) == (409, "handoff_in_progress")
    assert [t.id for t in await handoffs.callbacks()] == [ticket.id]


async def test_unknown_conversation(handoffs: HandoffRepository) -> None:
    with pytest.raises(NotFound) as enqueued:
        await enqueue(handoffs, "nope")
    assert enqueued.value.code == "conversation_not_found"
    for action in (handoffs.claim, handoffs.release, handoffs.add_agent_message):
        with pytest.raises(NotFound) as error:
            await action("nope", "alice", *(["hi"] if action == handoffs.add_agent_message else []))
        assert error.value.code == "conversation_not_found"
    with pytest.raises(NotFound):
        await handoffs.create_callback("nope", None, "")
