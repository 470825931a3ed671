"""Level roles: which server roles a member should have for their level. Pure functions.

A community maps levels to roles (tiers). A member at level L should hold every tier role with level ≤ L,
or, with ``remove_previous``, only the highest such tier's role. Tier roles above the member's level are
removed (XP can go down after an admin correction). Roles that are not tier roles are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.core.errors import DomainError

MAX_TIERS = 25
MAX_LEVEL = 1000


class AnnounceMode(StrEnum):
    OFF = "off"
    CHANNEL = "channel"  # where the level-up happened
    CHOSEN = "chosen"  # a channel chosen by the admins


@dataclass(frozen=True, slots=True)
class LevelRoleTier:
    level: int
    role_id: str


@dataclass(frozen=True, slots=True)
class LevelRoleSettings:
    community: str
    tiers: tuple[LevelRoleTier, ...] = ()  # sorted by level
    remove_previous: bool = False
    announce: AnnounceMode = AnnounceMode.CHANNEL
    announce_channel: str | None = None


@dataclass(frozen=True, slots=True)
class RoleChanges:
    add: tuple[str, ...]
    remove: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.add and not self.remove


class InvalidTierError(DomainError, ValueError):
    def __init__(self, level: int) -> None:
        super().__init__(
            f"Niveau invalide : {level} (de 1 à {MAX_LEVEL}).", f"Invalid level: {level} (1 to {MAX_LEVEL})."
        )


class TooManyTiersError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            f"Au plus {MAX_TIERS} rôles de niveau par serveur.",
            f"At most {MAX_TIERS} level roles per server.",
        )


def check_tier(level: int, existing: int) -> None:
    if isinstance(level, bool) or not 1 <= level <= MAX_LEVEL:
        raise InvalidTierError(level)
    if existing >= MAX_TIERS:
        raise TooManyTiersError()


def wanted_roles(tiers: Iterable[LevelRoleTier], level: int, *, remove_previous: bool) -> frozenset[str]:
    """The tier roles a member at ``level`` should hold."""
    reached = sorted((t for t in tiers if t.level <= level), key=lambda t: t.level)
    if not reached:
        return frozenset()
    if remove_previous:
        top_level = reached[-1].level
        return frozenset(t.role_id for t in reached if t.level == top_level)
    return frozenset(t.role_id for t in reached)


def role_changes(
    tiers: Iterable[LevelRoleTier], level: int, current: Iterable[str], *, remove_previous: bool
) -> RoleChanges:
    """What to add and remove so a member holding ``current`` roles matches ``level``."""
    tiers = tuple(tiers)
    tier_roles = {t.role_id for t in tiers}
    want = wanted_roles(tiers, level, remove_previous=remove_previous)
    have = set(current)
    add = sorted(want - have)
    remove = sorted((have & tier_roles) - want)
    return RoleChanges(tuple(add), tuple(remove))


def blind_changes(tiers: Iterable[LevelRoleTier], level: int, *, remove_previous: bool) -> RoleChanges:
    """The changes when the member's roles are unknown: add every wanted role, remove every other tier role
    (Discord ignores adding a role held or removing one not held)."""
    tiers = tuple(tiers)
    want = wanted_roles(tiers, level, remove_previous=remove_previous)
    return RoleChanges(tuple(sorted(want)), tuple(sorted({t.role_id for t in tiers} - want)))


@dataclass(frozen=True, slots=True)
class LevelUp:
    """A member reached ``level`` (an event front ends pass to the level-role logic)."""

    community: str
    user: str
    level: int
    channel_id: str | None = None  # where it happened (for "announce in the channel")
