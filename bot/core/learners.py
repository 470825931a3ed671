"""Who a learner is: a user inside a community (a Discord guild, or the console's local community)."""

from __future__ import annotations

from dataclasses import dataclass

CONSOLE_COMMUNITY = "console"


@dataclass(frozen=True, slots=True)
class LearnerKey:
    """Identifies a learner across front ends.

    ``community`` is the Discord guild id as a string, or ``"console"`` for the local console community;
    ``user`` is the Discord user id as a string, or the console user name. ``display_name`` is only
    informative (shown on leaderboards) and is refreshed whenever it is given.
    """

    community: str
    user: str
    display_name: str = ""

    def __post_init__(self) -> None:
        if not self.community.strip() or not self.user.strip():
            raise ValueError("a learner needs a non-empty community and user")
