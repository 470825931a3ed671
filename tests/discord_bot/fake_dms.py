"""Direct messages for the fake Discord, added by subclassing (the base fake stays as it is):
``POST /users/@me/channels`` opens (or returns) a DM channel, ``POST /channels/{dm}/messages`` sends into it
with the same message checks as guild channels, and a user can close their DMs (403, code 50007).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fake_discord import FakeDiscord, Route, discord_error, json_response

DM_CHANNEL = 1


@dataclass
class DirectMessage:
    user_id: int
    content: str
    body: dict[str, Any] = field(default_factory=dict)


class DMFakeDiscord(FakeDiscord):
    def __init__(self, **options: Any) -> None:
        self.dm_channels: dict[int, int] = {}  # channel id -> recipient user id
        self.direct_messages: list[DirectMessage] = []
        self.closed_dms: set[int] = set()  # users who refuse DMs from the bot
        super().__init__(**options)

    def _users(self) -> dict[int, Any]:
        users = [self.owner, self.alice, self.bob, *getattr(self, "extra_users", [])]
        return {u.id: u for u in users}

    def _route_table(self) -> list[Route]:
        mine = [
            ("POST", r"/users/@me/channels", self._open_dm),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._send_dm),
        ]
        return [Route(m, re.compile(p + "$"), h) for m, p, h in mine] + super()._route_table()

    def dms_to(self, user_id: int) -> list[DirectMessage]:
        return [m for m in self.direct_messages if m.user_id == user_id]

    async def _open_dm(self, _r: Any, _p: dict[str, str], body: Any, _f: Any) -> Any:
        recipient = int(body.get("recipient_id") or 0)
        user = self._users().get(recipient)
        if user is None:
            return discord_error(400, 50035, "Invalid Form Body (recipient_id)")
        channel_id = next((c for c, u in self.dm_channels.items() if u == recipient), None)
        if channel_id is None:
            channel_id = self.ids.next()
            self.dm_channels[channel_id] = recipient
        payload = {"id": str(channel_id), "type": DM_CHANNEL, "recipients": [user.payload()]}
        return json_response({**payload, "last_message_id": None, "flags": 0})

    async def _send_dm(self, request: Any, params: dict[str, str], body: Any, files: Any) -> Any:
        channel_id = int(params["channel"])
        recipient = self.dm_channels.get(channel_id)
        if recipient is None:  # a guild channel: the base fake handles it
            return await self._create_message(request, params, body, files)
        if recipient in self.closed_dms:
            return discord_error(403, 50007, "Cannot send messages to this user")
        if not self._check_message(f"POST /channels/{channel_id}/messages (DM)", body, files):
            return discord_error(400, 50035, "Invalid Form Body")
        pinged = body.get("allowed_mentions")
        if pinged is None or pinged.get("parse") not in ([], None):
            self.problem(f"DM to {recipient} sent without AllowedMentions.none(): {pinged}")
        message = self.store_message(channel_id, body, files)
        self.direct_messages.append(DirectMessage(recipient, body.get("content") or "", body))
        return json_response(message)
