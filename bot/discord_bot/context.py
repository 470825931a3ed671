"""Small helpers every cog uses: who the learner is, which language to answer in."""

from __future__ import annotations

import discord

from bot.core.learners import LearnerKey
from bot.core.text import Lang

DM_COMMUNITY = "dm"


def community_of(interaction: discord.Interaction) -> str:
    return str(interaction.guild_id) if interaction.guild_id else DM_COMMUNITY


def learner_of(interaction: discord.Interaction, user: discord.abc.User | None = None) -> LearnerKey:
    who = user or interaction.user
    return LearnerKey(community_of(interaction), str(who.id), who.display_name[:100])


def user_lang(interaction: discord.Interaction) -> Lang:
    """The user's Discord language when it is English, French otherwise (the course's language)."""
    return Lang.from_locale(str(interaction.locale))
