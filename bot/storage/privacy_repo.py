"""Everything stored about one learner: export as JSON-ready data, and delete.

Tables are found from the schema itself: every table with a foreign key to ``learners.id`` (so tables added
later by other features are covered as long as they reference ``learners.id``). Never commits.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Learner, load_all_models

JsonValue = str | int | float | bool | None


def learner_tables() -> list[tuple[Table, Column[Any]]]:
    """(table, column) for every table whose column references ``learners.id``, children first."""
    metadata = load_all_models()
    found: list[tuple[Table, Column[Any]]] = []
    for table in reversed(metadata.sorted_tables):
        for fk in table.foreign_keys:
            if fk.column.table.name == Learner.__tablename__ and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def _json_value(value: object) -> JsonValue:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, learner_id: int) -> dict[str, list[dict[str, JsonValue]]]:
        """Every row about the learner, by table name (the learner's own row under ``learners``)."""
        exported: dict[str, list[dict[str, JsonValue]]] = {}
        tables = [(Learner.__table__, Learner.__table__.c.id), *learner_tables()]
        for table, column in tables:
            order = list(table.primary_key.columns)
            result = await self._session.execute(select(table).where(column == learner_id).order_by(*order))
            exported[table.name] = [
                {key: _json_value(value) for key, value in row.items()} for row in result.mappings()
            ]
        return exported

    async def delete(self, learner_id: int) -> int:
        """Delete the learner and every row referencing it; the number of rows deleted."""
        deleted = 0
        for table, column in learner_tables():
            result = await self._session.execute(delete(table).where(column == learner_id))
            deleted += max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
        result = await self._session.execute(delete(Learner).where(Learner.id == learner_id))
        return deleted + max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
