"""Payload builders for the fake Discord: users, guilds, members, messages, command options."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fake_validation import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    NUMBER,
    OPTION_VALUE_TYPES,
    ROLE,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER,
)

DISCORD_EPOCH_MS = 1420070400000
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31)


class Snowflakes:
    """Increasing snowflakes whose timestamps are 'now' (Discord IDs encode their creation time)."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self) -> int:
        now_ms = int(datetime.now(UTC).timestamp() * 1000) - DISCORD_EPOCH_MS
        return (now_ms << 22) | (next(self._counter) & 0x3FFFFF)


@dataclass(frozen=True)
class FakeUser:
    id: int
    username: str
    permissions: int = MEMBER_PERMISSIONS
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.username.capitalize(),
            "discriminator": "0",
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data

    def member_payload(self, *, with_permissions: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.payload(),
            "roles": [],
            "flags": 0,
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "nick": None,
        }
        if with_permissions:
            data["permissions"] = str(self.permissions)
        return data


def timestamp() -> str:
    return datetime.now(UTC).isoformat()


def text_channel(channel_id: int, guild_id: int, name: str, position: int) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "name": name,
        "position": position,
        "guild_id": str(guild_id),
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def guild_payload(guild_id: int, name: str, owner_id: int) -> dict[str, Any]:
    return {
        "id": str(guild_id),
        "name": name,
        "owner_id": str(owner_id),
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [
            {
                "id": str(guild_id),
                "name": "@everyone",
                "permissions": str(MEMBER_PERMISSIONS),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ],
        "preferred_locale": "fr",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "premium_tier": 0,
        "nsfw_level": 0,
        "system_channel_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "large": False,
        "unavailable": False,
        "joined_at": "2025-01-01T00:00:00+00:00",
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def build_options(
    definition: list[dict[str, Any]], path: list[str], values: dict[str, Any], where: str
) -> list[dict[str, Any]]:
    """Turn ``settings explain-channel add`` + ``{"channel": 123}`` into Discord's nested option list,
    refusing what Discord's client would refuse (unknown options, wrong types, missing required ones)."""
    if path:
        head, rest = path[0], path[1:]
        sub = next(
            (o for o in definition if o["name"] == head and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)),
            None,
        )
        if sub is None:
            raise AssertionError(f"{where}: no subcommand {head!r} in the synced command")
        inner = build_options(sub.get("options") or [], rest, values, f"{where} {head}")
        return [{"name": head, "type": sub["type"], "options": inner}]
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in definition):
        raise AssertionError(f"{where}: a subcommand is required")
    known = {o["name"]: o for o in definition}
    for name in values:
        if name not in known:
            raise AssertionError(f"{where}: unknown option {name!r} (synced: {sorted(known)})")
    options = []
    for option in definition:
        name = option["name"]
        if name not in values:
            if option.get("required"):
                raise AssertionError(f"{where}: missing required option {name!r}")
            continue
        options.append(_option_value(option, values[name], where))
    return options


def _option_value(option: dict[str, Any], value: Any, where: str) -> dict[str, Any]:
    kind = option["type"]
    if kind in (USER, CHANNEL, ATTACHMENT, ROLE):
        return {"name": option["name"], "type": kind, "value": str(value)}
    expected = OPTION_VALUE_TYPES.get(kind)
    if expected is None or not isinstance(value, expected) or (kind != BOOLEAN and isinstance(value, bool)):
        raise AssertionError(f"{where}: option {option['name']!r} wants type {kind}, got {value!r}")
    choices = option.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise AssertionError(f"{where}: {value!r} is not one of the choices of {option['name']!r}")
    if kind in (INTEGER, NUMBER):
        low, high = option.get("min_value"), option.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise AssertionError(f"{where}: {option['name']}={value} outside [{low}, {high}]")
    if kind == STRING:
        low, high = option.get("min_length", 0), option.get("max_length", 6000)
        if not low <= len(value) <= high:
            raise AssertionError(f"{where}: {option['name']!r} length {len(value)} outside [{low}, {high}]")
    return {"name": option["name"], "type": kind, "value": value}
