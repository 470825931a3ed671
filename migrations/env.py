"""Alembic environment (async). Batch mode on SQLite; the schema's metadata comes from ``bot.storage.models``.

Used two ways: programmatically by ``bot.storage.migrate`` (which passes an open connection in
``config.attributes["connection"]``), or by the ``alembic`` command, which reads ``DATABASE_URL`` (or
``sqlalchemy.url``) and opens its own async engine.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from alembic import context
from sqlalchemy import Connection

from bot.storage.db import create_engine
from bot.storage.models import UTCDateTime, load_all_models

config = context.config
target_metadata = load_all_models()


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render our UTC timestamp type as a plain ``sa.DateTime(timezone=True)`` in revisions."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )


def run_on(connection: Connection) -> None:
    configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_async() -> None:
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set DATABASE_URL (or sqlalchemy.url) to run alembic directly")
    engine = create_engine(url, foreign_keys=False, null_pool=True)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_on)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported; run them against a database")

shared = config.attributes.get("connection")
if shared is not None:
    run_on(shared)
else:
    asyncio.run(run_async())
