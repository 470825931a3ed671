"""Small SQL helpers shared by the repositories: the dialect's INSERT (for ``ON CONFLICT``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

_INSERTS: dict[str, Callable[..., Any]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class UnsupportedDatabaseError(RuntimeError):
    pass


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def insert_for(dialect: str) -> Callable[..., Any]:
    """The ``insert`` construct of ``dialect`` (with ``on_conflict_do_nothing`` / ``_do_update``)."""
    try:
        return _INSERTS[dialect]
    except KeyError:
        raise UnsupportedDatabaseError(
            f"unsupported database backend: {dialect} (use SQLite or PostgreSQL)"
        ) from None


def insert(session: AsyncSession, table: Table | Any) -> Any:
    """``INSERT`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for the session's backend."""
    return insert_for(dialect_name(session))(table)
