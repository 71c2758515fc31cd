from __future__ import annotations

import pytest
from sqlalchemy import inspect

from kefu.errors import InvalidInput, NotFound
from kefu.store.database import Database
from kefu.store.repository import ConversationRepository, NewMessage

pytestmark = pytest.mark.anyio


async def test_migrations_create_the_schema_and_are_idempotent(database: Database) -> None:
    await database.migrate()
    async with database.engine.connect() as connection:
        tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
    assert {"conversations", "messages", "alembic_version"} <= set(tables)


async def test_a_turn_is_stored_with_its_state(database: Database) -> None:
    repository = ConversationRepository(database.sessions)
    conversation = await repository.create("default", "u1", "web", {"k": "v"})
    await repository.record_turn(
        conversation,
        NewMessage("user", "你好"),
        NewMessage("assistant", "您好", route="greeting"),
        {"slots": {"a": 1}},
    )
    stored = await repository.get(conversation.id, with_messages=True)
    assert [(m.seq, m.role, m.text) for m in stored.messages] == [
        (0, "user", "你好"),
        (1, "assistant", "您好"),
    ]
    assert stored.state == {"slots": {"a": 1}} and stored.turns == 1 and stored.meta == {"k": "v"}


async def test_a_stale_turn_is_refused_and_writes_nothing(database: Database) -> None:
    repository = ConversationRepository(database.sessions)
    conversation = await repository.create("default", None, None, {})
    stale = await repository.get(conversation.id)
    await repository.record_turn(conversation, NewMessage("user", "a"), NewMessage("assistant", "b"), {})
    with pytest.raises(InvalidInput) as error:
        await repository.record_turn(stale, NewMessage("user", "c"), NewMessage("assistant", "d"), {})
    assert error.value.status == 409
    stored = await repository.get(conversation.id, with_messages=True)
    assert [m.text for m in stored.messages] == ["a", "b"]


async def test_unknown_conversation(database: Database) -> None:
    with pytest.raises(NotFound) as error:
        await ConversationRepository(database.sessions).get("nope")
    assert error.value.code == "conversation_not_found"
