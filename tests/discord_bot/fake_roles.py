"""Guild roles in the fake Discord: roles in GUILD_CREATE, members' roles, and the role routes.

Strict like Discord: adding or removing a role needs the bot to have Manage Roles and a top role above the
role (else 403 "Missing Permissions", code 50013); unknown roles and members are 404s. Managed (@everyone)
roles cannot be assigned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from fake_discord import FakeDiscord

MANAGE_ROLES = 1 << 28


class RolesMixin:
    def __init__(self: FakeDiscord) -> None:  # type: ignore[misc]
        self.member_roles: dict[int, set[int]] = {}
        self.bot_can_manage_roles = True
        self.bot_role_position = 10  # roles at or above this position are out of the bot's reach
        self.role_changes: list[tuple[str, int, int]] = []  # ("add" | "remove", user id, role id)

    def role_routes(self) -> list[tuple[str, str, Any]]:
        member = r"/guilds/(?P<guild>\d+)/members/(?P<user>\d+)"
        return [
            ("GET", member, self._get_member),
            ("PUT", member + r"/roles/(?P<role>\d+)", self._add_role),
            ("DELETE", member + r"/roles/(?P<role>\d+)", self._remove_role),
        ]

    def add_role(self: FakeDiscord, name: str, *, position: int = 1) -> dict[str, Any]:
        """A role of the main guild (created before the bot connects, so GUILD_CREATE carries it)."""
        role = {
            "id": str(self.ids.next()),
            "name": name,
            "permissions": "0",
            "position": position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        self.guilds[str(self.guild_id)]["roles"].append(role)
        return role

    def role(self: FakeDiscord, role_id: int | str) -> dict[str, Any] | None:
        roles = self.guilds[str(self.guild_id)]["roles"]
        return next((r for r in roles if r["id"] == str(role_id)), None)

    def roles_of(self: FakeDiscord, user: Any) -> set[int]:
        return set(self.member_roles.get(int(user.id), set()))

    def _member_user(self: FakeDiscord, user_id: int) -> Any:
        known = (self.bot, self.owner, self.alice, self.bob, *self.extra_users)
        return next((u for u in known if u.id == user_id), None)

    async def _get_member(self: FakeDiscord, _r: web.Request, params: dict[str, str], _b: Any, _f: Any):
        from fake_discord import discord_error, json_response

        user = self._member_user(int(params["user"]))
        if params["guild"] != str(self.guild_id) or user is None:
            return discord_error(404, 10007, "Unknown Member")
        payload = user.member_payload()
        payload["roles"] = [str(r) for r in sorted(self.member_roles.get(user.id, set()))]
        return json_response(payload)

    def _role_change(self: FakeDiscord, params: dict[str, str]) -> tuple[web.Response | None, int, int]:
        from fake_discord import discord_error

        user = self._member_user(int(params["user"]))
        role = self.role(params["role"]) if params["guild"] == str(self.guild_id) else None
        if user is None:
            return discord_error(404, 10007, "Unknown Member"), 0, 0
        if role is None or role["id"] == str(self.guild_id):
            return discord_error(404, 10011, "Unknown Role"), 0, 0
        if not self.bot_can_manage_roles or role["position"] >= self.bot_role_position:
            return discord_error(403, 50013, "Missing Permissions"), 0, 0
        return None, user.id, int(role["id"])

    async def _add_role(self: FakeDiscord, _r: web.Request, params: dict[str, str], _b: Any, _f: Any):
        error, user, role = self._role_change(params)
        if error is not None:
            return error
        self.member_roles.setdefault(user, set()).add(role)
        self.role_changes.append(("add", user, role))
        return web.Response(status=204)

    async def _remove_role(self: FakeDiscord, _r: web.Request, params: dict[str, str], _b: Any, _f: Any):
        error, user, role = self._role_change(params)
        if error is not None:
            return error
        self.member_roles.setdefault(user, set()).discard(role)
        self.role_changes.append(("remove", user, role))
        return web.Response(status=204)
