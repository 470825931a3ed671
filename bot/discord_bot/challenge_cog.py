"""`/challenge` (this week's challenge, privately, one attempt), `/challenge-leaderboard`, and
`/settings challenge-channel` (Manage Server): the bot announces each Monday's challenge there with last
week's top 3. The attempt is an ordinary stored quiz, played with the `/quiz` buttons."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.challenge import ChallengeEntry
from bot.core.text import Lang, LocalizedText
from bot.discord_bot.admin import require_manage_guild
from bot.discord_bot.context import community_of, learner_of, user_lang
from bot.discord_bot.level_roles_cog import settings_group
from bot.discord_bot.quiz_render import step_embed
from bot.discord_bot.quiz_views import step_view
from bot.services.challenge import Announcement, ChallengeBoard, ChallengeService, podium
from bot.services.communities import CommunitySettingsService
from bot.services.quiz_runs import QuizRunService

log = logging.getLogger(__name__)

MEDALS = ("🥇", "🥈", "🥉")
TEXTS: dict[str, LocalizedText] = {
    "header": LocalizedText(
        "🏆 **Défi de la semaine {week}** — les mêmes questions pour toute la communauté, "
        "une seule tentative.",
        "🏆 **Challenge of the week {week}** — the same questions for the whole community, one attempt.",
    ),
    "board_title": LocalizedText("🏆 Défi de la semaine {week}", "🏆 Challenge of the week {week}"),
    "board_empty": LocalizedText(
        "Personne n'a encore relevé le défi. Lance-toi avec `/challenge` !",
        "Nobody took the challenge yet. Go for it with `/challenge`!",
    ),
    "line": LocalizedText(
        "{rank} {name} — {score}/{total} en {seconds} s", "{rank} {name} — {score}/{total} in {seconds} s"
    ),
    "unfinished": LocalizedText(
        "{rank} {name} — en cours ({score}/{total})", "{rank} {name} — in progress ({score}/{total})"
    ),
    "announce": LocalizedText(
        "🏆 **Nouveau défi de la semaine {week} !** Les mêmes questions pour tout le monde, une seule "
        "tentative : lance `/challenge`.",
        "🏆 **New challenge of the week {week}!** The same questions for everyone, one attempt: "
        "run `/challenge`.",
    ),
    "last_week": LocalizedText("Podium de la semaine dernière :", "Last week's podium:"),
    "last_week_empty": LocalizedText(
        "Personne n'a fini le défi la semaine dernière.", "Nobody finished last week's challenge."
    ),
    "channel_set": LocalizedText(
        "J'annoncerai chaque lundi le nouveau défi dans {channel}.",
        "I'll announce each Monday's challenge in {channel}.",
    ),
    "channel_off": LocalizedText("Plus d'annonce des défis.", "No more challenge announcements."),
}


def say(key: str, lang: Lang | str, **values: object) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text


def entry_line(entry: ChallengeEntry, lang: Lang) -> str:
    rank = MEDALS[entry.rank - 1] if entry.rank <= len(MEDALS) else f"{entry.rank}."
    result = entry.result
    name = discord.utils.escape_markdown((result.display_name or result.user)[:40])
    key = "line" if result.finished else "unfinished"
    return say(
        key, lang, rank=rank, name=name, score=result.score, total=result.total, seconds=round(result.seconds)
    )


def board_text(board: ChallengeBoard, lang: Lang, limit: int = 10) -> str:
    lines = [f"**{say('board_title', lang, week=board.week.label)}**"]
    lines += [entry_line(e, lang) for e in board.entries[:limit]] or [say("board_empty", lang)]
    return "\n".join(lines)


def announcement_text(announcement: Announcement, lang: Lang) -> str:
    lines = [say("announce", lang, week=announcement.week.label), "", say("last_week", lang)]
    top = podium(announcement.previous)
    lines += [entry_line(e, lang) for e in top] or [say("last_week_empty", lang)]
    return "\n".join(lines)


@app_commands.command(name="challenge-channel", description="Le salon où annoncer le défi de chaque lundi")
@app_commands.describe(channel="Le salon (vide : plus d'annonce)")
async def challenge_channel(
    interaction: discord.Interaction, channel: discord.TextChannel | None = None
) -> None:
    require_manage_guild(interaction)
    cog = interaction.client.get_cog("ChallengeCog")  # type: ignore[attr-defined]
    assert isinstance(cog, ChallengeCog)
    lang = user_lang(interaction)
    community = community_of(interaction)
    await cog.challenges.set_channel(community, channel.id if channel else None, now=datetime.now(UTC))
    text = say("channel_set", lang, channel=channel.mention) if channel else say("channel_off", lang)
    await interaction.response.send_message(text, ephemeral=True)


class ChallengeCog(commands.Cog):
    def __init__(
        self,
        bot: commands.Bot,
        challenges: ChallengeService,
        runs: QuizRunService,
        communities: CommunitySettingsService,
    ) -> None:
        self.bot = bot
        self.challenges = challenges
        self.runs = runs
        self.communities = communities
        self.announcer = tasks.loop(minutes=1)(self.announce_tick)

    async def cog_load(self) -> None:
        self.announcer.before_loop(self.bot.wait_until_ready)  # not while `dockcoach sync` only logs in
        self.announcer.start()

    async def cog_unload(self) -> None:
        self.announcer.cancel()

    @app_commands.command(name="challenge", description="Le défi de la semaine (une seule tentative)")
    @app_commands.guild_only()
    async def challenge(self, interaction: discord.Interaction) -> None:
        lang = user_lang(interaction)
        started = await self.challenges.start(
            learner_of(interaction), now=datetime.now(UTC), channel_id=interaction.channel_id
        )
        step = started.step
        callback = await interaction.response.send_message(
            say("header", lang, week=started.week.label),
            embed=step_embed(step, lang),
            view=step_view(step, lang),
            ephemeral=True,
        )
        if callback.message_id is not None:
            await self.runs.attach_message(step.run.id, callback.message_id, interaction.token)

    @app_commands.command(name="challenge-leaderboard", description="Le classement du défi de la semaine")
    @app_commands.guild_only()
    async def challenge_leaderboard(self, interaction: discord.Interaction) -> None:
        board = await self.challenges.leaderboard(community_of(interaction), now=datetime.now(UTC))
        await interaction.response.send_message(board_text(board, user_lang(interaction)), ephemeral=True)

    async def announce_tick(self) -> None:
        try:
            await self.announce_due(datetime.now(UTC))
        except Exception:
            log.exception("could not announce weekly challenges")

    async def announce_due(self, now: datetime) -> int:
        """Post the announcements due at ``now``; how many were posted."""
        posted = 0
        for announcement in await self.challenges.due_announcements(now):
            try:
                lang = (await self.communities.get(announcement.community)).locale
                channel = self.bot.get_partial_messageable(
                    int(announcement.channel_id), guild_id=int(announcement.community)
                )
                await channel.send(announcement_text(announcement, lang))
                posted += 1
            except discord.HTTPException as error:
                log.warning("challenge announcement in %s failed: %s", announcement.channel_id, error)
        return posted


async def setup(bot: commands.Bot) -> None:
    services = bot.services  # type: ignore[attr-defined]
    challenges = ChallengeService(services.runs, services.quiz.content, services.db.sessions)
    settings_group(bot).add_command(challenge_channel)
    await bot.add_cog(ChallengeCog(bot, challenges, services.runs, services.communities))


async def teardown(bot: commands.Bot) -> None:
    group = bot.tree.get_command("settings")
    if isinstance(group, app_commands.Group):
        group.remove_command(challenge_channel.name)
