"""A strict loopback fake of Discord's REST API and gateway, for driving the real discord.py client.

Start it, point the bot's ``DISCORD_API_BASE`` at :attr:`FakeDiscord.api_base` and ``DISCORD_GATEWAY_URL``
at :attr:`FakeDiscord.gateway_url`, then play users with :meth:`slash`, :meth:`click`, :meth:`post_message`...
Everything Discord would refuse is recorded in :attr:`problems`; requests to routes Discord does not have in
:attr:`unknown_routes`. Tests assert both are empty (see ``conftest.py``).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from fake_gateway import FakeGateway
from fake_interactions import InteractionsMixin
from fake_payloads import (
    ADMINISTRATOR,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    FakeUser,
    Snowflakes,
    guild_payload,
    text_channel,
    timestamp,
)
from fake_roles import RolesMixin
from fake_validation import check_commands, check_message, mentions_pinged

JSON = "application/json"
Handler = Callable[
    [web.Request, dict[str, str], dict[str, Any], list[dict[str, Any]]], Awaitable[web.Response]
]


def json_response(data: Any, status: int = 200) -> web.Response:
    """Content-Type exactly ``application/json`` (a charset suffix makes discord.py read bodies as text)."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": JSON})


def discord_error(status: int, code: int, message: str) -> web.Response:
    return json_response({"message": message, "code": code}, status=status)


@dataclass
class StoredFile:
    filename: str
    content: bytes


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool = True


@dataclass
class FakeMessageLog:
    """What the bot sent, in order: (kind, message id) with kind create/edit/delete."""

    events: list[tuple[str, int]] = field(default_factory=list)


class FakeDiscord(InteractionsMixin, RolesMixin):
    def __init__(self, *, token: str = "fake-bot-token", deadline: float = 3.0) -> None:
        self.token = token
        self.deadline = deadline
        self.allow_privileged_intents = True  # False: IDENTIFY with message content is closed with 4014
        self.ids = Snowflakes()
        self.app_id = self.ids.next()
        self.bot = FakeUser(self.ids.next(), "dockcoach", bot=True)
        self.bot_user = self.bot.payload()
        self.owner = FakeUser(
            self.ids.next(), "prof", permissions=MEMBER_PERMISSIONS | ADMINISTRATOR | MANAGE_GUILD
        )
        self.alice = FakeUser(self.ids.next(), "alice")
        self.bob = FakeUser(self.ids.next(), "bob")
        self.extra_users: list[FakeUser] = []
        self.guild_id = self.ids.next()
        self.channel_id = self.ids.next()
        self.other_channel_id = self.ids.next()
        self.guilds: dict[str, dict[str, Any]] = {}
        self.channels: dict[int, dict[str, Any]] = {}
        self.add_guild(self.guild_id, "Cours Docker", [self.channel_id, self.other_channel_id])
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.sync_requests: list[tuple[int | None, list[dict[str, Any]]]] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.files: dict[int, list[StoredFile]] = {}
        self.pings: dict[int, dict[str, Any]] = {}
        self.log = FakeMessageLog()
        self.problems: list[str] = []
        self.unknown_routes: list[str] = []
        self.requests: list[tuple[str, str]] = []
        self.gateway = FakeGateway(self)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes = self._route_table()
        super().__init__()
        RolesMixin.__init__(self)

    # -- lifecycle ---------------------------------------------------------------------------------------
    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{id}/{name}", self._serve_attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._dispatch)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- state helpers -----------------------------------------------------------------------------------
    def add_guild(self, guild_id: int, name: str, channel_ids: list[int]) -> None:
        guild = guild_payload(guild_id, name, self.owner.id)
        self.guilds[str(guild_id)] = guild
        for position, channel_id in enumerate(channel_ids):
            self.channels[channel_id] = text_channel(channel_id, guild_id, f"salon-{position}", position)

    def add_user(self, username: str) -> FakeUser:
        """Another member (interactions carry their member data, so the bot needs no cache of them)."""
        user = FakeUser(self.ids.next(), username)
        self.extra_users.append(user)
        return user

    def guild_create_payload(self, guild_id: str | int) -> dict[str, Any]:
        guild = dict(self.guilds[str(guild_id)])
        members = [u.member_payload() for u in (self.bot, self.owner, self.alice, self.bob)]
        guild["channels"] = [c for c in self.channels.values() if c["guild_id"] == str(guild_id)]
        guild["members"] = members
        guild["member_count"] = len(members)
        return guild

    def problem(self, text: str) -> None:
        self.problems.append(text)

    async def notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 3.0) -> Any:
        """Wait until ``predicate()`` is truthy (checked after each request of the bot); return its value."""

        async def _wait() -> Any:
            async with self._changed:
                result = predicate()
                while not result:
                    await self._changed.wait()
                    result = predicate()
                return result

        return await asyncio.wait_for(_wait(), timeout)

    def commands_for(self, guild_id: int | None) -> list[dict[str, Any]]:
        scoped = self.guild_commands.get(guild_id, []) if guild_id else []
        return [*scoped, *self.global_commands]

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        return [
            m for m in self.messages.values() if m["channel_id"] == str(channel_id) and not m["flags"] & 64
        ]

    # -- routing -----------------------------------------------------------------------------------------
    def _route_table(self) -> list[Route]:
        table = [
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("GET", r"/gateway", self._get_gateway),
            ("PUT", r"/applications/(?P<app>\d+)/commands", self._put_commands),
            ("GET", r"/applications/(?P<app>\d+)/commands", self._get_commands),
            ("PUT", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", self._put_commands),
            ("GET", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", self._get_commands),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._create_message),
            ("GET", r"/channels/(?P<channel>\d+)/messages", self._history),
            ("GET", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)", self._get_message),
            ("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)", self._edit_message),
            ("DELETE", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)", self._delete_message),
            ("POST", r"/channels/(?P<channel>\d+)/typing", self._typing),
        ]
        routes = [Route(m, re.compile(p + "$"), h) for m, p, h in table]
        routes += [Route(m, re.compile(p + "$"), h, auth=False) for m, p, h in self.interaction_routes()]
        routes += [Route(m, re.compile(p + "$"), h) for m, p, h in self.role_routes()]
        return routes

    async def _dispatch(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        self.requests.append((request.method, path))
        for route in self._routes:
            match = route.pattern.match(path)
            if match is None or route.method != request.method:
                continue
            if route.auth and request.headers.get("Authorization") != f"Bot {self.token}":
                self.problem(f"{request.method} {path}: missing or wrong Authorization header")
                return discord_error(401, 0, "401: Unauthorized")
            body, files = await self._read_body(request)
            try:
                return await route.handler(request, match.groupdict(), body, files)
            finally:
                await self.notify()
        return await self._unknown(request)

    async def _unknown(self, request: web.Request) -> web.Response:
        self.unknown_routes.append(f"{request.method} {request.path}")
        await self.notify()
        return discord_error(404, 0, "404: Not Found")

    async def _read_body(self, request: web.Request) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        if not request.can_read_body:
            return {}, []
        if request.content_type == JSON:
            return await request.json(), []
        if request.content_type != "multipart/form-data":
            self.problem(f"{request.method} {request.path}: unexpected content type {request.content_type}")
            return {}, []
        body: dict[str, Any] = {}
        files: list[dict[str, Any]] = []
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":
                body = json.loads(await part.text())
            else:
                files.append({"filename": part.filename or "file", "content": await part.read()})
        return body, files

    # -- REST: identity, gateway, commands ------------------------------------------------------------------
    async def _get_me(self, *_: Any) -> web.Response:
        return json_response({**self.bot_user, "verified": True, "mfa_enabled": False, "flags": 0})

    async def _get_application(self, *_: Any) -> web.Response:
        return json_response(
            {
                "id": str(self.app_id),
                "name": "dockcoach",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.owner.payload(),
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _get_gateway_bot(self, *_: Any) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_gateway(self, *_: Any) -> web.Response:
        return json_response({"url": self.gateway_url})

    async def _put_commands(
        self, _r: web.Request, params: dict[str, str], body: Any, _f: Any
    ) -> web.Response:
        if params["app"] != str(self.app_id):
            return discord_error(403, 50001, "Missing Access")
        guild = int(params["guild"]) if "guild" in params else None
        self.sync_requests.append((guild, body))
        problems = check_commands(body)
        if problems:
            self.problems.extend(f"sync: {p}" for p in problems)
            return json_response({"message": "Invalid Form Body", "code": 50035, "errors": problems}, 400)
        stored = [self._stored_command(command, guild) for command in body]
        if guild is None:
            self.global_commands = stored
        else:
            self.guild_commands[guild] = stored
        return json_response(stored)

    def _stored_command(self, command: dict[str, Any], guild: int | None) -> dict[str, Any]:
        stored = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "type": 1,
            **command,
            "id": str(self.ids.next()),
            "application_id": str(self.app_id),
            "version": str(self.ids.next()),
        }
        if guild is not None:
            stored["guild_id"] = str(guild)
        return stored

    async def _get_commands(self, _r: web.Request, params: dict[str, str], _b: Any, _f: Any) -> web.Response:
        guild = int(params["guild"]) if "guild" in params else None
        return json_response(self.global_commands if guild is None else self.guild_commands.get(guild, []))

    # -- REST: channel messages -------------------------------------------------------------------------
    def store_message(
        self,
        channel_id: int,
        body: dict[str, Any],
        files: list[dict[str, Any]],
        *,
        author: dict[str, Any] | None = None,
        flags: int = 0,
    ) -> dict[str, Any]:
        """Create a message the way Discord would (computing who it pings from ``allowed_mentions``)."""
        message_id = self.ids.next()
        pinged = mentions_pinged(body)
        channel = self.channels.get(channel_id, {})
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": author or self.bot_user,
            "content": body.get("content") or "",
            "type": 19 if body.get("message_reference") else 0,
            "timestamp": timestamp(),
            "edited_timestamp": None,
            "tts": False,
            "pinned": False,
            "mention_everyone": pinged["everyone"],
            "mentions": [
                {"id": u, "username": "x", "discriminator": "0", "avatar": None} for u in pinged["users"]
            ],
            "mention_roles": pinged["roles"],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": self._attachments(message_id, files),
            "flags": flags | int(body.get("flags") or 0),
        }
        if channel.get("guild_id"):
            message["guild_id"] = channel["guild_id"]
        if body.get("message_reference"):
            reference = body["message_reference"]
            message["message_reference"] = {
                k: str(v) for k, v in reference.items() if k != "fail_if_not_exists"
            }
        self.messages[message_id] = message
        self.pings[message_id] = pinged
        self.log.events.append(("create", message_id))
        return message

    def _attachments(self, message_id: int, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
        stored = [StoredFile(f["filename"], f["content"]) for f in files]
        self.files[message_id] = stored
        return [
            {
                "id": str(self.ids.next()),
                "filename": f.filename,
                "size": len(f.content),
                "url": f"{self.base_url}/attachments/{message_id}/{f.filename}",
                "proxy_url": f"{self.base_url}/attachments/{message_id}/{f.filename}",
            }
            for f in stored
        ]

    def apply_edit(self, message: dict[str, Any], body: dict[str, Any], files: list[dict[str, Any]]) -> None:
        message_id = int(message["id"])
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if files:
            message["attachments"] = self._attachments(message_id, files)
        elif "attachments" in body:
            keep = {str(a.get("id")) for a in body["attachments"] or []}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
        message["flags"] = message["flags"] & ~128  # no longer "loading"
        message["edited_timestamp"] = timestamp()
        pinged = mentions_pinged(
            {"content": message["content"], "allowed_mentions": body.get("allowed_mentions")}
        )
        if "content" in body:
            self.pings[message_id] = pinged
            message["mention_everyone"] = pinged["everyone"]
        self.log.events.append(("edit", message_id))

    def _check_message(
        self, where: str, body: dict[str, Any], files: list[Any], *, edit: bool = False
    ) -> bool:
        problems = check_message(body, files=len(files), edit=edit)
        self.problems.extend(f"{where}: {p}" for p in problems)
        return not problems

    async def _create_message(
        self, _r: web.Request, params: dict[str, str], body: Any, files: Any
    ) -> web.Response:
        channel_id = int(params["channel"])
        if channel_id not in self.channels:
            return discord_error(404, 10003, "Unknown Channel")
        if not self._check_message(f"POST /channels/{channel_id}/messages", body, files):
            return discord_error(400, 50035, "Invalid Form Body")
        reference = body.get("message_reference")
        missing = reference and int(reference["message_id"]) not in self.messages
        if missing and reference.get("fail_if_not_exists", True):
            return discord_error(400, 50035, "Unknown message (message_reference)")
        message = self.store_message(channel_id, body, files)
        await self.gateway.dispatch("MESSAGE_CREATE", message, self.channels[channel_id]["guild_id"])
        return json_response(message)

    async def _history(self, request: web.Request, params: dict[str, str], _b: Any, _f: Any) -> web.Response:
        """Newest first, like Discord; ``after``/``before``/``limit`` (1-100) as documented."""
        limit = int(request.query.get("limit", "50"))
        if not 1 <= limit <= 100:
            return discord_error(400, 50035, "Invalid Form Body (limit)")
        after = int(request.query.get("after", "0"))
        before = int(request.query.get("before", str(2**63)))
        found = [m for m in self.channel_messages(int(params["channel"])) if after < int(m["id"]) < before]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        if "after" in request.query:
            found = found[-limit:]  # the ones right after ``after``
        return json_response(found[:limit])

    def _find(self, params: dict[str, str]) -> dict[str, Any] | None:
        message = self.messages.get(int(params["message"]))
        if message is None or message["channel_id"] != params["channel"]:
            return None
        return message

    async def _get_message(self, _r: web.Request, params: dict[str, str], _b: Any, _f: Any) -> web.Response:
        message = self._find(params)
        return json_response(message) if message else discord_error(404, 10008, "Unknown Message")

    async def _edit_message(
        self, _r: web.Request, params: dict[str, str], body: Any, files: Any
    ) -> web.Response:
        message = self._find(params)
        if message is None:
            return discord_error(404, 10008, "Unknown Message")
        if message["author"]["id"] != self.bot_user["id"]:
            self.problem(f"edit of message {message['id']} not authored by the bot")
            return discord_error(403, 50005, "Cannot edit a message authored by another user")
        if not self._check_message(f"PATCH message {message['id']}", body, files, edit=True):
            return discord_error(400, 50035, "Invalid Form Body")
        self.apply_edit(message, body, files)
        await self.gateway.dispatch("MESSAGE_UPDATE", message, message.get("guild_id"))
        return json_response(message)

    async def _delete_message(
        self, _r: web.Request, params: dict[str, str], _b: Any, _f: Any
    ) -> web.Response:
        message = self._find(params)
        if message is None:
            return discord_error(404, 10008, "Unknown Message")
        await self.remove_message(message)
        return web.Response(status=204)

    async def remove_message(self, message: dict[str, Any]) -> None:
        del self.messages[int(message["id"])]
        self.log.events.append(("delete", int(message["id"])))
        event = {
            "id": message["id"],
            "channel_id": message["channel_id"],
            "guild_id": message.get("guild_id"),
        }
        if not message["flags"] & 64:
            await self.gateway.dispatch("MESSAGE_DELETE", event, message.get("guild_id"))

    async def _typing(self, *_: Any) -> web.Response:
        return web.Response(status=204)

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        for stored in self.files.get(int(request.match_info["id"]), []):
            if stored.filename == request.match_info["name"]:
                return web.Response(body=stored.content, content_type="application/octet-stream")
        return web.Response(status=404)

    # -- users acting ------------------------------------------------------------------------------------
    async def post_message(
        self,
        content: str,
        *,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        attachments: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    ) -> dict[str, Any]:
        """A member posts a message (MESSAGE_CREATE goes to the bot)."""
        channel_id = channel_id or self.channel_id
        author = (user or self.alice).payload()
        files = [{"filename": name, "content": data} for name, data in attachments]
        message = self.store_message(channel_id, {"content": content}, files, author=author)
        member = (user or self.alice).member_payload()
        member.pop("user")
        await self.gateway.dispatch(
            "MESSAGE_CREATE", {**message, "member": member}, self.channels[channel_id]["guild_id"]
        )
        return message

    async def edit_user_message(self, message: dict[str, Any], content: str) -> dict[str, Any]:
        message["content"] = content
        message["edited_timestamp"] = timestamp()
        await self.gateway.dispatch("MESSAGE_UPDATE", message, message.get("guild_id"))
        return message

    async def delete_user_message(self, message: dict[str, Any]) -> None:
        await self.remove_message(message)

    def replies_to(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            m
            for m in self.messages.values()
            if (m.get("message_reference") or {}).get("message_id") == message["id"]
        ]
