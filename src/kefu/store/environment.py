"""The database's environment tag: a prod database is never opened by a dev process, and back."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.errors import ConfigError
from kefu.store.audit_models import Meta
from kefu.store.models import utcnow

log = logging.getLogger(__name__)

ENV_KEY = "env"


async def database_environment(sessions: async_sessionmaker[AsyncSession]) -> str | None:
    """The environment the database is tagged with; None when it is not tagged yet."""
    async with sessions() as session:
        row = await session.get(Meta, ENV_KEY)
        return row.value if row else None


async def check_environment(sessions: async_sessionmaker[AsyncSession], env: str) -> None:
    """Tag an untagged database with `env`; refuse one tagged with another environment."""
    tagged = await database_environment(sessions)
    if tagged is None:
        try:
            async with sessions() as session, session.begin():
                session.add(Meta(key=ENV_KEY, value=env, updated_at=utcnow()))
            log.info("database tagged as environment %r", env)
            return
        except IntegrityError:  # another process tagged it first
            tagged = await database_environment(sessions)
    if tagged != env:
        raise ConfigError(
            f"this database belongs to environment {tagged!r} but kefu runs with KEFU_ENV={env!r}; "
            "point KEFU_DATABASE_URL (or KEFU_DATA_DIR) at the right database, or fix KEFU_ENV",
            f"该数据库属于 {tagged!r} 环境，但当前进程的 KEFU_ENV={env!r}；"
            "请将 KEFU_DATABASE_URL（或 KEFU_DATA_DIR）指向正确的数据库，或更正 KEFU_ENV",
        )
