"""Level roles: which tier roles a member should hold, what to add and remove, and tier validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.level_roles import (
    MAX_TIERS,
    InvalidTierError,
    LevelRoleTier,
    TooManyTiersError,
    blind_changes,
    check_tier,
    role_changes,
    wanted_roles,
)

TIERS = (LevelRoleTier(1, "r1"), LevelRoleTier(5, "r5"), LevelRoleTier(10, "r10"))


@pytest.mark.parametrize(
    ("level", "keep", "replace"),
    [
        (0, set(), set()),
        (1, {"r1"}, {"r1"}),
        (4, {"r1"}, {"r1"}),
        (5, {"r1", "r5"}, {"r5"}),
        (12, {"r1", "r5", "r10"}, {"r10"}),
    ],
)
def test_wanted_roles(level: int, keep: set[str], replace: set[str]) -> None:
    assert wanted_roles(TIERS, level, remove_previous=False) == keep
    assert wanted_roles(TIERS, level, remove_previous=True) == replace


def test_changes_touch_only_tier_roles() -> None:
    changes = role_changes(TIERS, 5, ["r1", "moderator", "r10"], remove_previous=True)
    assert changes.add == ("r5",) and changes.remove == ("r1", "r10")  # r10: XP went down
    assert role_changes(TIERS, 5, ["r1", "r5", "vip"], remove_previous=False).empty


def test_blind_changes_when_roles_are_unknown() -> None:
    changes = blind_changes(TIERS, 5, remove_previous=True)
    assert changes.add == ("r5",) and changes.remove == ("r1", "r10")
    assert blind_changes(TIERS, 5, remove_previous=False).remove == ("r10",)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.integers(1, 50), st.sampled_from([f"role{i}" for i in range(8)]), max_size=8),
    st.integers(0, 60),
    st.sets(st.sampled_from([f"role{i}" for i in range(10)])),
    st.booleans(),
)
def test_applying_changes_reaches_the_wanted_roles(
    levels: dict[int, str], level: int, current: set[str], remove_previous: bool
) -> None:
    seen: set[str] = set()
    tiers = []
    for tier_level, role in sorted(levels.items()):
        if role not in seen:  # a role is at one level at most
            seen.add(role)
            tiers.append(LevelRoleTier(tier_level, role))
    changes = role_changes(tiers, level, current, remove_previous=remove_previous)
    after = (current | set(changes.add)) - set(changes.remove)
    tier_roles = {t.role_id for t in tiers}
    assert after & tier_roles == wanted_roles(tiers, level, remove_previous=remove_previous)
    assert after - tier_roles == current - tier_roles  # other roles untouched
    assert role_changes(tiers, level, after, remove_previous=remove_previous).empty


@pytest.mark.parametrize("level", [0, -1, 1001, True])
def test_invalid_levels(level: int) -> None:
    with pytest.raises(InvalidTierError):
        check_tier(level, 0)


def test_tier_limit() -> None:
    check_tier(3, MAX_TIERS - 1)
    with pytest.raises(TooManyTiersError):
        check_tier(3, MAX_TIERS)
