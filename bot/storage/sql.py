"""Small SQL helpers shared by the repositories: the dialect's INSERT (for ON CONFLICT) and typed literals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.models import UTCDateTime


class UnsupportedDatabaseError(RuntimeError):
    pass


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def insert(session: AsyncSession, table: Table | Any) -> Any:
    """``INSERT`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for the session's backend."""
    name = dialect_name(session)
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise UnsupportedDatabaseError(f"unsupported database backend: {name} (use SQLite or PostgreSQL)")


def utc(value: datetime) -> ColumnElement[datetime]:
    """A timestamp literal bound with the UTC type (for CASE branches that have no column to infer from)."""
    return literal(value, UTCDateTime())
