"""Interactions in the fake Discord: sending INTERACTION_CREATE and checking the bot's callbacks.

Strict like Discord: one callback per interaction, within the 3-second deadline; followups and ``@original``
edits only after it; components must exist (and be enabled) on the message they are clicked on.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web
from fake_payloads import FakeUser, build_options
from fake_validation import check_modal

if TYPE_CHECKING:
    from fake_discord import FakeDiscord

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL = (
    4,
    5,
    6,
    7,
    8,
    9,
)
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL},
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE},
}
EPHEMERAL, LOADING = 64, 128


@dataclass
class FakeInteraction:
    id: int
    token: str
    type: int
    user: FakeUser
    channel_id: int
    payload: dict[str, Any]
    sent_at: float
    component_message_id: int | None = None
    callback: dict[str, Any] | None = None
    callback_at: float | None = None
    original_id: int | None = None
    followups: list[int] = field(default_factory=list)
    responded: asyncio.Event = field(default_factory=asyncio.Event)
    may_go_unanswered: bool = False

    @property
    def callback_type(self) -> int | None:
        return None if self.callback is None else self.callback["type"]

    @property
    def latency(self) -> float:
        assert self.callback_at is not None
        return self.callback_at - self.sent_at


class InteractionsMixin:
    def __init__(self: FakeDiscord) -> None:  # type: ignore[misc]
        self.interactions: dict[int, FakeInteraction] = {}

    def interaction_routes(self) -> list[tuple[str, str, Any]]:
        webhook = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
        return [
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("POST", webhook, self._followup),
            ("GET", webhook + r"/messages/(?P<message>@original|\d+)", self._webhook_get),
            ("PATCH", webhook + r"/messages/(?P<message>@original|\d+)", self._webhook_edit),
            ("DELETE", webhook + r"/messages/(?P<message>@original|\d+)", self._webhook_delete),
        ]

    # -- sending ---------------------------------------------------------------------------------------
    async def send_interaction(
        self: FakeDiscord,
        kind: int,
        data: dict[str, Any],
        *,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        locale: str = "fr",
        message: dict[str, Any] | None = None,
    ) -> FakeInteraction:
        user = user or self.alice
        channel_id = channel_id or self.channel_id
        channel = self.channels[channel_id]
        interaction_id = self.ids.next()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": kind,
            "token": f"itoken-{interaction_id}",
            "version": 1,
            "attachment_size_limit": 10 * 1024 * 1024,
            "guild_id": channel["guild_id"],
            "channel_id": str(channel_id),
            "channel": channel,
            "member": user.member_payload(with_permissions=True),
            "locale": locale,
            "guild_locale": "fr",
            "app_permissions": str(
                (1 << 11)
                | (1 << 14)
                | (1 << 15)
                | (1 << 10)
                | ((1 << 28) if self.bot_can_manage_roles else 0)
            ),
            "entitlements": [],
            "authorizing_integration_owners": {"0": channel["guild_id"]},
            "context": 0,
            "data": data,
        }
        if message is not None:
            payload["message"] = message
        record = FakeInteraction(
            interaction_id,
            payload["token"],
            kind,
            user,
            channel_id,
            payload,
            time.perf_counter(),
            component_message_id=int(message["id"]) if message else None,
        )
        self.interactions[interaction_id] = record
        await self.gateway.dispatch("INTERACTION_CREATE", payload, channel["guild_id"])
        return record

    def _find_command(self: FakeDiscord, name: str, kind: int, guild_id: int) -> dict[str, Any]:
        for command in self.commands_for(guild_id):
            if command["name"] == name and command.get("type", 1) == kind:
                return command
        synced = sorted(c["name"] for c in self.commands_for(guild_id))
        raise AssertionError(f"/{name} is not synced, a user cannot invoke it (synced: {synced})")

    async def slash(
        self: FakeDiscord,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        locale: str = "fr",
        focused: str | None = None,
    ) -> FakeInteraction:
        """Invoke a synced slash command (``"settings explain-channel add"`` for subcommands)."""
        top, *path = name.split()
        channel_id = channel_id or self.channel_id
        command = self._find_command(top, 1, int(self.channels[channel_id]["guild_id"]))
        built = build_options(command.get("options") or [], path, dict(options or {}), f"/{name}")
        if focused is not None:
            _mark_focused(built, focused)
        data: dict[str, Any] = {"id": command["id"], "name": top, "type": 1, "options": built}
        resolved = self._resolved(built)
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        kind = AUTOCOMPLETE if focused is not None else APPLICATION_COMMAND
        return await self.send_interaction(kind, data, user=user, channel_id=channel_id, locale=locale)

    def _resolved(self: FakeDiscord, options: list[dict[str, Any]]) -> dict[str, Any]:
        """Discord's ``resolved`` data for user and channel options."""
        resolved: dict[str, dict[str, Any]] = {}
        for option in _flatten(options):
            value = str(option["value"])
            if option["type"] == 6:
                user = next(u for u in (self.owner, self.alice, self.bob, self.bot) if str(u.id) == value)
                member = user.member_payload(with_permissions=True)
                member.pop("user")
                resolved.setdefault("users", {})[value] = user.payload()
                resolved.setdefault("members", {})[value] = member
            elif option["type"] == 7:
                channel = self.channels[int(value)]
                resolved.setdefault("channels", {})[value] = {**channel, "permissions": str(0x7FFFFFFF)}
            elif option["type"] == 8:
                role = self.role(value)  # type: ignore[attr-defined]
                assert role is not None, f"no role {value} in the fake guild"
                resolved.setdefault("roles", {})[value] = role
        return resolved

    async def message_command(
        self: FakeDiscord,
        name: str,
        target: dict[str, Any],
        *,
        user: FakeUser | None = None,
        locale: str = "fr",
    ) -> FakeInteraction:
        """Use a message context menu ("Apps → name") on ``target``."""
        channel_id = int(target["channel_id"])
        command = self._find_command(name, 3, int(self.channels[channel_id]["guild_id"]))
        data: dict[str, Any] = {
            "id": command["id"],
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return await self.send_interaction(
            APPLICATION_COMMAND, data, user=user, channel_id=channel_id, locale=locale
        )

    async def click(
        self: FakeDiscord, message: dict[str, Any] | int, custom_id: str, *, user: FakeUser | None = None
    ) -> FakeInteraction:
        """Press a button on a message, as shown now (a disabled or missing button cannot be pressed)."""
        stored = self.messages[int(message["id"] if isinstance(message, dict) else message)]
        button = _find_component(stored, custom_id)
        if button is None:
            raise AssertionError(f"no component {custom_id!r} on message {stored['id']}")
        if button.get("disabled"):
            raise AssertionError(f"component {custom_id!r} is disabled")
        data = {"custom_id": custom_id, "component_type": button["type"]}
        if button["type"] != 2:
            data["values"] = []
        channel_id = int(stored["channel_id"])
        return await self.send_interaction(
            MESSAGE_COMPONENT, data, user=user, channel_id=channel_id, message=stored
        )

    async def submit_modal(
        self: FakeDiscord, opened_by: FakeInteraction, values: dict[str, str], *, locale: str = "fr"
    ) -> FakeInteraction:
        """Fill in and submit the modal the bot answered ``opened_by`` with."""
        assert opened_by.callback_type == MODAL, (
            f"interaction answered with {opened_by.callback_type}, no modal"
        )
        modal = opened_by.callback["data"]  # type: ignore[index]
        rows = []
        for row in modal["components"]:
            for child in row["components"]:
                rows.append(
                    {"type": 1, "components": [{"type": 4, "custom_id": child["custom_id"], "value": ""}]}
                )
                rows[-1]["components"][0]["value"] = values.get(child["custom_id"], "")
                if child.get("required", True) and not rows[-1]["components"][0]["value"]:
                    raise AssertionError(f"modal field {child['custom_id']!r} is required")
        data = {"custom_id": modal["custom_id"], "components": rows}
        message = self.messages.get(opened_by.component_message_id or 0)
        return await self.send_interaction(
            MODAL_SUBMIT,
            data,
            user=opened_by.user,
            channel_id=opened_by.channel_id,
            locale=locale,
            message=message,
        )

    async def response(
        self: FakeDiscord, interaction: FakeInteraction, timeout: float = 3.0
    ) -> dict[str, Any]:
        """Wait for the bot's callback to ``interaction`` and return it (``{"type", "data"}``)."""
        await asyncio.wait_for(interaction.responded.wait(), timeout)
        assert interaction.callback is not None
        return interaction.callback

    def original(self: FakeDiscord, interaction: FakeInteraction) -> dict[str, Any]:
        assert interaction.original_id is not None, "the interaction has no original message"
        return self.messages[interaction.original_id]

    async def settled(
        self: FakeDiscord, interaction: FakeInteraction, timeout: float = 3.0
    ) -> dict[str, Any]:
        """Wait until the interaction's original message is no longer a 'thinking…' placeholder."""
        await self.response(interaction, timeout)
        return await self.wait_until(lambda: self._settled_message(interaction), timeout)

    def _settled_message(self: FakeDiscord, interaction: FakeInteraction) -> dict[str, Any] | None:
        message = self.messages.get(interaction.original_id or 0)
        if message is None or message["flags"] & LOADING:
            return None
        return message

    # -- callbacks ---------------------------------------------------------------------------------------
    async def _callback(
        self: FakeDiscord, request: web.Request, params: dict[str, str], body: Any, files: Any
    ):
        from fake_discord import discord_error, json_response

        record = self.interactions.get(int(params["id"]))
        if record is None or record.token != params["token"]:
            return discord_error(404, 10062, "Unknown interaction")
        if request.query.get("with_response") not in ("1", "true", "True"):
            self.problem("callback without with_response (discord.py always asks for it)")
        now = time.perf_counter()
        if now - record.sent_at > self.deadline:
            self.problem(f"interaction {record.id} answered after {now - record.sent_at:.2f}s (deadline 3s)")
            return discord_error(404, 10062, "Unknown interaction")
        if record.callback is not None:
            self.problem(f"interaction {record.id} acknowledged twice")
            return discord_error(400, 40060, "Interaction has already been acknowledged.")
        kind, data = body.get("type"), body.get("data") or {}
        if kind not in ALLOWED_CALLBACKS.get(record.type, set()):
            self.problem(f"callback type {kind} not allowed for interaction type {record.type}")
            return discord_error(400, 50035, "Invalid Form Body")
        message = self._apply_callback(record, kind, data, files)
        if message is False:
            return discord_error(400, 50035, "Invalid Form Body")
        record.callback, record.callback_at = {"type": kind, "data": data}, now
        record.responded.set()
        result: dict[str, Any] = {
            "interaction": {
                "id": str(record.id),
                "type": record.type,
                "response_message_loading": kind == DEFERRED_MESSAGE,
                "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
            },
            "resource": {"type": kind},
        }
        if message:
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"]["message"] = message
        return json_response(result)

    def _apply_callback(
        self: FakeDiscord, record: FakeInteraction, kind: int, data: dict[str, Any], files: Any
    ):
        where = f"callback {kind} to interaction {record.id}"
        if kind == CHANNEL_MESSAGE:
            if not self._check_message(where, data, files):
                return False
            message = self.store_message(record.channel_id, data, files)
            record.original_id = int(message["id"])
            return message
        if kind == DEFERRED_MESSAGE:
            message = self.store_message(
                record.channel_id, {}, [], flags=LOADING | (data.get("flags", 0) & 64)
            )
            record.original_id = int(message["id"])
            return message
        if kind in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            if record.component_message_id not in self.messages:
                self.problem(f"{where}: no message to update")
                return False
            record.original_id = record.component_message_id
            message = self.messages[record.component_message_id]
            if kind == UPDATE_MESSAGE:
                if not self._check_message(where, data, files, edit=True):
                    return False
                self.apply_edit(message, data, files)
                return message
            return None
        if kind == MODAL:
            problems = check_modal(data)
            self.problems.extend(f"{where}: {p}" for p in problems)
            return False if problems else None
        if len(data.get("choices") or []) > 25:
            self.problem(f"{where}: more than 25 autocomplete choices")
            return False
        return None

    # -- webhooks: followups and @original ------------------------------------------------------------------
    def _webhook_record(self: FakeDiscord, params: dict[str, str]) -> FakeInteraction | None:
        if params["app"] != str(self.app_id):
            return None
        return next((r for r in self.interactions.values() if r.token == params["token"]), None)

    async def _followup(
        self: FakeDiscord, request: web.Request, params: dict[str, str], body: Any, files: Any
    ):
        from fake_discord import discord_error, json_response

        record = self._webhook_record(params)
        if record is None or record.callback is None:
            self.problem("followup before the interaction was acknowledged")
            return discord_error(404, 10015, "Unknown Webhook")
        if not self._check_message(f"followup to {record.id}", body, files):
            return discord_error(400, 50035, "Invalid Form Body")
        original = self.messages.get(record.original_id or 0)
        if record.callback_type == DEFERRED_MESSAGE and original is not None and original["flags"] & LOADING:
            self.apply_edit(original, body, files)  # Discord: the first followup replaces "thinking…"
            return json_response(original)
        message = self.store_message(record.channel_id, body, files)
        record.followups.append(int(message["id"]))
        if not message["flags"] & EPHEMERAL:
            await self.gateway.dispatch("MESSAGE_CREATE", message, message.get("guild_id"))
        return json_response(message)

    def _webhook_message(self: FakeDiscord, params: dict[str, str]) -> tuple[Any, dict[str, Any] | None]:
        from fake_discord import discord_error

        record = self._webhook_record(params)
        if record is None or record.callback is None:
            return discord_error(404, 10015, "Unknown Webhook"), None
        wanted = record.original_id if params["message"] == "@original" else int(params["message"])
        if wanted is None or wanted not in self.messages:
            return discord_error(404, 10008, "Unknown Message"), None
        return None, self.messages[wanted]

    async def _webhook_get(self: FakeDiscord, _r: web.Request, params: dict[str, str], _b: Any, _f: Any):
        from fake_discord import json_response

        error, message = self._webhook_message(params)
        return error or json_response(message)

    async def _webhook_edit(
        self: FakeDiscord, _r: web.Request, params: dict[str, str], body: Any, files: Any
    ):
        from fake_discord import discord_error, json_response

        error, message = self._webhook_message(params)
        if error is not None:
            return error
        assert message is not None
        if not self._check_message(f"edit of message {message['id']}", body, files, edit=True):
            return discord_error(400, 50035, "Invalid Form Body")
        self.apply_edit(message, body, files)
        if not message["flags"] & EPHEMERAL:
            await self.gateway.dispatch("MESSAGE_UPDATE", message, message.get("guild_id"))
        return json_response(message)

    async def _webhook_delete(self: FakeDiscord, _r: web.Request, params: dict[str, str], _b: Any, _f: Any):
        error, message = self._webhook_message(params)
        if error is not None:
            return error
        assert message is not None
        await self.remove_message(message)
        return web.Response(status=204)

    def unanswered(self: FakeDiscord) -> list[FakeInteraction]:
        return [r for r in self.interactions.values() if r.callback is None and not r.may_go_unanswered]


def _find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any] | None:
    for row in message.get("components") or []:
        for child in row.get("components") or []:
            if child.get("custom_id") == custom_id:
                return child
    return None


def _flatten(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat = []
    for option in options:
        flat += _flatten(option["options"]) if "options" in option else [option]
    return flat


def _mark_focused(options: list[dict[str, Any]], focused: str) -> None:
    for option in options:
        if option["name"] == focused and "value" in option:
            option["focused"] = True
            return
        _mark_focused(option.get("options") or [], focused)
