"""Level roles and level-up announcements.

`/settings level-role add|remove|list|sync|remove-previous` and `/settings level-announce` (Manage Server,
checked server-side on every call) are added under the existing `/settings` group. On a level-up (the
``dockcoach_level_up`` event) the member gets the tier roles; a full sync re-applies roles to every learner.
Roles the bot cannot manage produce a clear message for the admins (in the command's reply, and in `list`
for failures that happened on a level-up), never a crash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.level_roles import AnnounceMode, LevelUp, RoleChanges
from bot.core.text import Lang, LocalizedText
from bot.discord_bot.admin import require_manage_guild
from bot.discord_bot.context import community_of, user_lang
from bot.services.communities import CommunitySettingsService
from bot.services.level_roles import LevelRoleService

log = logging.getLogger(__name__)

WATCH_SECONDS = 15.0

TEXTS: dict[str, LocalizedText] = {
    "added": LocalizedText("Niveau {level} → {role}.", "Level {level} → {role}."),
    "removed": LocalizedText("{role} n'est plus un rôle de niveau.", "{role} is no longer a level role."),
    "not_tier": LocalizedText("{role} n'était pas un rôle de niveau.", "{role} was not a level role."),
    "none": LocalizedText("Aucun rôle de niveau.", "No level role."),
    "list": LocalizedText("Rôles de niveau :", "Level roles:"),
    "mode_replace": LocalizedText(
        "Au passage d'un palier, le rôle du palier précédent est retiré.",
        "On reaching a tier, the previous tier's role is removed.",
    ),
    "mode_keep": LocalizedText(
        "Les rôles des paliers précédents sont gardés.", "Previous tiers' roles are kept."
    ),
    "announce_off": LocalizedText("Annonces de niveau : désactivées.", "Level-up announcements: off."),
    "announce_channel": LocalizedText(
        "Annonces de niveau : dans le salon où ça se passe.",
        "Level-up announcements: in the channel where it happens.",
    ),
    "announce_chosen": LocalizedText(
        "Annonces de niveau : dans {channel}.", "Level-up announcements: in {channel}."
    ),
    "announce_needs_channel": LocalizedText(
        "Choisis le salon des annonces (option `channel`).",
        "Pick the announcement channel (`channel` option).",
    ),
    "unusable_role": LocalizedText(
        "{role} est géré par Discord ou une intégration : impossible de le donner.",
        "{role} is managed by Discord or an integration: it cannot be given.",
    ),
    "cannot_manage": LocalizedText(
        "⚠️ Je ne peux pas gérer {role} : donne-moi la permission « Gérer les rôles » et place mon rôle "
        "au-dessus de {role} dans les réglages du serveur.",
        "⚠️ I can't manage {role}: give me the Manage Roles permission and move my role above {role} in the "
        "server settings.",
    ),
    "synced": LocalizedText(
        "Synchronisé : {members} membre(s), {added} rôle(s) donné(s), {removed} retiré(s).",
        "Synced: {members} member(s), {added} role(s) given, {removed} removed.",
    ),
    "last_problem": LocalizedText("Dernier problème :", "Last problem:"),
    "level_up": LocalizedText(
        "🎉 {member} passe au niveau **{level}** !", "🎉 {member} reached level **{level}**!"
    ),
}


def say(key: str, lang: Lang | str, **values: object) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text


@dataclass(slots=True)
class SyncReport:
    members: int = 0
    added: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)  # role ids the bot could not manage


class ManageServerGroup(app_commands.Group):
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return require_manage_guild(interaction)


level_role = ManageServerGroup(name="level-role", description="Rôles donnés selon le niveau")


def _cog(interaction: discord.Interaction) -> LevelRolesCog:
    cog = interaction.client.get_cog("LevelRolesCog")  # type: ignore[attr-defined]
    assert isinstance(cog, LevelRolesCog)
    return cog


@level_role.command(name="add", description="Donne un rôle aux membres qui atteignent un niveau")
@app_commands.describe(level="Le niveau", role="Le rôle")
async def add_level_role(
    interaction: discord.Interaction, level: app_commands.Range[int, 1, 1000], role: discord.Role
) -> None:
    require_manage_guild(interaction)
    lang = user_lang(interaction)
    if role.managed or role.is_default():
        await interaction.response.send_message(say("unusable_role", lang, role=role.mention), ephemeral=True)
        return
    cog = _cog(interaction)
    await cog.roles.add_tier(community_of(interaction), level, role.id, now=datetime.now(UTC))
    text = say("added", lang, level=level, role=role.mention)
    if not cog.can_manage(interaction, role):
        text += "\n" + say("cannot_manage", lang, role=role.mention)
    await interaction.response.send_message(text, ephemeral=True)


@level_role.command(name="remove", description="Retire un rôle de niveau")
@app_commands.describe(role="Le rôle")
async def remove_level_role(interaction: discord.Interaction, role: discord.Role) -> None:
    require_manage_guild(interaction)
    removed = await _cog(interaction).roles.remove_tier(community_of(interaction), role.id)
    text = say("removed" if removed else "not_tier", user_lang(interaction), role=role.mention)
    await interaction.response.send_message(text, ephemeral=True)


@level_role.command(name="list", description="Liste les rôles de niveau")
async def list_level_roles(interaction: discord.Interaction) -> None:
    require_manage_guild(interaction)
    lang, cog, community = user_lang(interaction), _cog(interaction), community_of(interaction)
    settings = await cog.roles.settings(community)
    lines = [say("list", lang)] if settings.tiers else [say("none", lang)]
    lines += [f"• {tier.level} → <@&{tier.role_id}>" for tier in settings.tiers]
    lines.append(say("mode_replace" if settings.remove_previous else "mode_keep", lang))
    lines.append(cog.announce_text(settings.announce, settings.announce_channel, lang))
    problem = cog.last_problem.get(community)
    if problem:
        lines += [say("last_problem", lang), say("cannot_manage", lang, role=f"<@&{problem}>")]
    await interaction.response.send_message("\n".join(lines), ephemeral=True)


@level_role.command(name="remove-previous", description="Retirer le rôle du palier précédent")
@app_commands.describe(enabled="Oui : seul le rôle du plus haut palier atteint est gardé")
async def remove_previous(interaction: discord.Interaction, enabled: bool) -> None:
    require_manage_guild(interaction)
    settings = await _cog(interaction).roles.configure(
        community_of(interaction), now=datetime.now(UTC), remove_previous=enabled
    )
    text = say("mode_replace" if settings.remove_previous else "mode_keep", user_lang(interaction))
    await interaction.response.send_message(text, ephemeral=True)


@level_role.command(name="sync", description="Réapplique les rôles de niveau à tout le monde")
async def sync_level_roles(interaction: discord.Interaction) -> None:
    require_manage_guild(interaction)
    lang = user_lang(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    report = await _cog(interaction).sync(interaction.guild_id or 0)
    lines = [say("synced", lang, members=report.members, added=report.added, removed=report.removed)]
    lines += [say("cannot_manage", lang, role=f"<@&{role}>") for role in sorted(set(report.problems))]
    await interaction.followup.send("\n".join(lines)[:2000], ephemeral=True)


@app_commands.command(name="level-announce", description="Où annoncer les passages de niveau")
@app_commands.describe(mode="Désactivées, dans le salon, ou dans un salon choisi", channel="Le salon choisi")
@app_commands.choices(
    mode=[
        app_commands.Choice(name="Désactivées", value=AnnounceMode.OFF.value),
        app_commands.Choice(name="Dans le salon", value=AnnounceMode.CHANNEL.value),
        app_commands.Choice(name="Salon choisi", value=AnnounceMode.CHOSEN.value),
    ]
)
async def level_announce(
    interaction: discord.Interaction, mode: str, channel: discord.TextChannel | None = None
) -> None:
    require_manage_guild(interaction)
    lang, chosen = user_lang(interaction), AnnounceMode(mode)
    if chosen is AnnounceMode.CHOSEN and channel is None:
        await interaction.response.send_message(say("announce_needs_channel", lang), ephemeral=True)
        return
    cog = _cog(interaction)
    settings = await cog.roles.configure(
        community_of(interaction),
        now=datetime.now(UTC),
        announce=chosen,
        announce_channel=channel.id if channel is not None else None,
    )
    text = cog.announce_text(settings.announce, settings.announce_channel, lang)
    await interaction.response.send_message(text, ephemeral=True)


class LevelRolesCog(commands.Cog):
    def __init__(
        self, bot: commands.Bot, roles: LevelRoleService, communities: CommunitySettingsService
    ) -> None:
        self.bot = bot
        self.roles = roles
        self.communities = communities
        self.last_problem: dict[str, str] = {}  # community -> a role id the bot could not manage
        self.watcher = tasks.loop(seconds=WATCH_SECONDS)(self.watch_tick)

    async def cog_load(self) -> None:
        self.watcher.before_loop(self.bot.wait_until_ready)  # not while `dockcoach sync` only logs in
        self.watcher.start()

    async def cog_unload(self) -> None:
        self.watcher.cancel()

    async def watch_tick(self) -> None:
        try:
            await self.watch_level_ups()
        except Exception:
            log.exception("level roles: could not watch level-ups")

    async def watch_level_ups(self) -> int:
        """Level-ups from solo quizzes, challenges, imports and admin awards (also those reached while the
        bot was down): learners of this process's servers whose level is above their stored mark. Each is
        claimed atomically (several shard processes never handle one twice), then gets its roles and
        announcement (in channel mode, in the channel of the learner's latest quiz run)."""
        communities = [str(guild.id) for guild in self.bot.guilds]
        handled = 0
        for pending in await self.roles.pending_level_ups(communities):
            event = await self.roles.claim(pending)
            if event is not None:
                await self.reward(event)
                handled += 1
        return handled

    @staticmethod
    def announce_text(mode: AnnounceMode, channel: str | None, lang: Lang) -> str:
        if mode is AnnounceMode.OFF:
            return say("announce_off", lang)
        if mode is AnnounceMode.CHOSEN and channel:
            return say("announce_chosen", lang, channel=f"<#{channel}>")
        return say("announce_channel", lang)

    @staticmethod
    def can_manage(interaction: discord.Interaction, role: discord.Role) -> bool:
        """Whether the bot has Manage Roles here (a role above the bot's own shows up when applying)."""
        return interaction.app_permissions.manage_roles and not role.managed

    async def apply(self, guild_id: int, user_id: int, changes: RoleChanges, report: SyncReport) -> None:
        """Add and remove roles; what the bot may not do is noted in ``report.problems``."""
        steps = [(self.bot.http.add_role, r, "added") for r in changes.add]
        steps += [(self.bot.http.remove_role, r, "removed") for r in changes.remove]
        for call, role, counter in steps:
            try:
                await call(guild_id, user_id, int(role), reason="dockcoach level roles")
            except discord.Forbidden:
                report.problems.append(role)
                self.last_problem[str(guild_id)] = role
            except discord.NotFound:
                log.info("level roles: role %s or member %s is gone (guild %s)", role, user_id, guild_id)
            except discord.HTTPException as error:
                log.warning("level roles: could not change role %s of %s: %s", role, user_id, error)
            else:
                setattr(report, counter, getattr(report, counter) + 1)

    async def sync(self, guild_id: int) -> SyncReport:
        community = str(guild_id)
        settings = await self.roles.settings(community)
        report = SyncReport()
        if not settings.tiers:
            return report
        for member in await self.roles.member_levels(community):
            try:
                data = await self.bot.http.get_member(guild_id, int(member.user))
            except discord.NotFound:
                continue  # no longer on the server
            except discord.HTTPException as error:
                log.warning("level roles: could not read member %s: %s", member.user, error)
                continue
            report.members += 1
            current = [str(role) for role in data.get("roles", [])]
            await self.apply(
                guild_id, int(member.user), self.roles.changes(settings, member.level, current), report
            )
        return report

    @commands.Cog.listener("on_dockcoach_level_up")
    async def on_level_up(self, event: LevelUp) -> None:
        """A level-up a front end reports with its channel (a live quiz): claimed like the watcher's."""
        if not event.community.isdigit():
            return
        try:
            if await self.roles.claim_event(event):
                await self.reward(event)
        except Exception:
            log.exception(
                "level roles: could not claim the level-up of %s in %s", event.user, event.community
            )

    async def reward(self, event: LevelUp) -> None:
        """Give the tier roles and announce a claimed level-up."""
        try:
            settings = await self.roles.settings(event.community)
            report = SyncReport()
            if settings.tiers:
                changes = self.roles.changes(settings, event.level, None)
                await self.apply(int(event.community), int(event.user), changes, report)
            if report.problems:
                log.warning(
                    "level roles: missing permissions for roles %s in %s", report.problems, event.community
                )
            await self.announce(event, settings.announce, settings.announce_channel)
        except Exception:
            log.exception("level roles: level-up of %s in %s failed", event.user, event.community)

    async def announce(self, event: LevelUp, mode: AnnounceMode, chosen: str | None) -> None:
        target = chosen if mode is AnnounceMode.CHOSEN else event.channel_id
        if mode is AnnounceMode.OFF or not target:
            return
        lang = (await self.communities.get(event.community)).locale
        channel = self.bot.get_partial_messageable(int(target), guild_id=int(event.community))
        text = say("level_up", lang, member=f"<@{event.user}>", level=event.level)
        try:
            await channel.send(
                text, allowed_mentions=discord.AllowedMentions(users=[discord.Object(int(event.user))])
            )
        except discord.HTTPException as error:
            log.info("level roles: could not announce in %s: %s", target, error)


def settings_group(bot: commands.Bot) -> app_commands.Group:
    group = bot.tree.get_command("settings")
    if not isinstance(group, app_commands.Group):
        raise RuntimeError("the /settings group must be loaded first (bot.discord_bot.admin)")
    return group


async def setup(bot: commands.Bot) -> None:
    services = bot.services  # type: ignore[attr-defined]
    group = settings_group(bot)
    group.add_command(level_role)
    group.add_command(level_announce)
    await bot.add_cog(LevelRolesCog(bot, LevelRoleService(services.db.sessions), services.communities))


async def teardown(bot: commands.Bot) -> None:
    group = bot.tree.get_command("settings")
    if isinstance(group, app_commands.Group):
        group.remove_command(level_role.name)
        group.remove_command(level_announce.name)
