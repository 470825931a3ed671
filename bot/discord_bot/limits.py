"""Per-user rate limits for commands discord.py's decorators cannot reach (context menus in cogs)."""

from __future__ import annotations

import discord
from discord import app_commands

PRUNE_ABOVE = 10_000


class UserRateLimit:
    """``rate`` uses per ``per`` seconds per (guild, user); raises ``CommandOnCooldown`` beyond."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate, self.per = rate, per
        self._buckets: dict[tuple[int | None, int], app_commands.Cooldown] = {}

    def check(self, interaction: discord.Interaction) -> bool:
        if len(self._buckets) > PRUNE_ABOVE:
            self._buckets = {k: b for k, b in self._buckets.items() if b.get_tokens() < b.rate}
        key = (interaction.guild_id, interaction.user.id)
        bucket = self._buckets.setdefault(key, app_commands.Cooldown(self.rate, self.per))
        retry_after = bucket.update_rate_limit()
        if retry_after:
            raise app_commands.CommandOnCooldown(bucket, retry_after)
        return True
