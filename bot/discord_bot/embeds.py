"""Embeds the cogs send. Text that comes from users (names, pastes) is escaped before it is shown."""

from __future__ import annotations

import discord

from bot.core.leaderboard import Leaderboard, Period
from bot.core.progress import LearnerProfile
from bot.core.text import Lang
from bot.discord_bot.texts import say

COLOUR = discord.Colour.from_rgb(29, 99, 237)  # Docker blue
MEDALS = ("🥇", "🥈", "🥉")


def clean(text: str, limit: int = 100) -> str:
    """User-provided text made inert in Markdown (mentions are neutralised by AllowedMentions.none())."""
    escaped = discord.utils.escape_markdown(discord.utils.escape_mentions(text))
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def profile_embed(profile: LearnerProfile, name: str, lang: Lang) -> discord.Embed:
    embed = discord.Embed(title=say("xp_title", lang, name=clean(name)), colour=COLOUR)
    embed.description = say("xp_line", lang, xp=profile.xp, level=profile.level, streak=profile.streak)
    filled = (
        round(10 * profile.xp_into_level / profile.xp_for_next_level) if profile.xp_for_next_level else 10
    )
    bar = "▰" * filled + "▱" * (10 - filled)
    embed.add_field(
        name=f"{bar}", value=f"{profile.xp_into_level}/{profile.xp_for_next_level} XP", inline=False
    )
    if profile.rank is not None:
        embed.set_footer(text=f"#{profile.rank}")
    return embed


def leaderboard_embed(board: Leaderboard, lang: Lang) -> discord.Embed:
    title = say("leaderboard_week" if board.period is Period.WEEK else "leaderboard_all", lang)
    embed = discord.Embed(title=title, colour=COLOUR)
    if not board.entries:
        embed.description = say("leaderboard_empty", lang)
        return embed
    lines = []
    for entry in board.entries:
        badge = MEDALS[entry.rank - 1] if entry.rank <= len(MEDALS) else f"`#{entry.rank}`"
        lines.append(f"{badge} {clean(entry.display_name or entry.user, 40)} — **{entry.xp} XP**")
    embed.description = "\n".join(lines)
    if board.caller is not None:
        embed.set_footer(text=say("leaderboard_you", lang, rank=board.caller.rank, xp=board.caller.xp))
    return embed
