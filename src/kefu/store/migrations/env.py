"""Alembic environment: kefu passes an open connection in `config.attributes`."""

from alembic import context

from kefu.store import (
    handoff_models,  # noqa: F401  (registers the handoff tables)
    kb_models,  # noqa: F401  (registers the knowledge tables)
)
from kefu.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through kefu.store.database.Database.migrate()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
