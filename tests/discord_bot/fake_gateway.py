"""The websocket gateway of the fake Discord: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME.

Payloads go out like Discord's: one zlib stream per connection, each payload compressed and flushed with
Z_SYNC_FLUSH in a binary frame (when the client asked for ``compress=zlib-stream``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from fake_discord import FakeDiscord

HELLO, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION = (
    10,
    1,
    2,
    3,
    6,
    7,
    8,
    9,
)
HEARTBEAT_ACK, DISPATCH = 11, 0
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content


@dataclass
class GatewaySession:
    """One identified session (one shard). It outlives its websocket so the client can RESUME."""

    session_id: str
    shard: tuple[int, int]
    intents: int
    seq: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    socket: GatewayConnection | None = None


class GatewayConnection:
    def __init__(self, ws: web.WebSocketResponse, compress: bool) -> None:
        self.ws = ws
        self._deflate = zlib.compressobj() if compress else None

    async def send(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload)
        if self._deflate is None:
            await self.ws.send_str(data)
        else:
            chunk = self._deflate.compress(data.encode()) + self._deflate.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(chunk)


class FakeGateway:
    HEARTBEAT_INTERVAL_MS = 41250

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.sessions: dict[str, GatewaySession] = {}
        self.identify_count = 0
        self.resume_count = 0
        self.heartbeats = 0
        self._ids = itertools.count(1)
        self._connections: set[GatewayConnection] = set()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        if request.query.get("v") != "10" or request.query.get("encoding") != "json":
            self.fake.problem(f"gateway: unexpected query {dict(request.query)}")
        conn = GatewayConnection(ws, request.query.get("compress") == "zlib-stream")
        self._connections.add(conn)
        session: GatewaySession | None = None
        try:
            await conn.send({"op": HELLO, "d": {"heartbeat_interval": self.HEARTBEAT_INTERVAL_MS}})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                session = await self._receive(conn, session, payload) or session
                await self.fake.notify()
        finally:
            self._connections.discard(conn)
            if session is not None and session.socket is conn:
                session.socket = None
        return ws

    async def _receive(
        self, conn: GatewayConnection, session: GatewaySession | None, payload: dict[str, Any]
    ) -> GatewaySession | None:
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            self.heartbeats += 1
            await conn.send({"op": HEARTBEAT_ACK, "d": None})
        elif op == IDENTIFY:
            return await self._identify(conn, data)
        elif op == RESUME:
            return await self._resume(conn, data)
        elif op in (PRESENCE, REQUEST_MEMBERS):
            pass
        else:
            self.fake.problem(f"gateway: unexpected op {op}")
        return None

    async def _identify(self, conn: GatewayConnection, data: dict[str, Any]) -> GatewaySession | None:
        if data.get("token") != self.fake.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return None
        if not self.fake.allow_privileged_intents and int(data["intents"]) & PRIVILEGED_INTENTS:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return None
        self.identify_count += 1
        shard = tuple(data.get("shard") or (0, 1))
        session = GatewaySession(f"session-{next(self._ids)}", (shard[0], shard[1]), int(data["intents"]))
        session.socket = conn
        self.sessions[session.session_id] = session
        guilds = [g for g in self.fake.guilds.values() if self._shard_of(g["id"], session) == shard[0]]
        ready = {
            "v": 10,
            "user": self.fake.bot_user,
            "session_id": session.session_id,
            "resume_gateway_url": self.fake.gateway_url,
            "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
            "application": {"id": str(self.fake.app_id), "flags": 0},
            "shard": list(shard),
        }
        await self._dispatch_to(session, "READY", ready)
        for guild in guilds:
            await self._dispatch_to(session, "GUILD_CREATE", self.fake.guild_create_payload(guild["id"]))
        return session

    async def _resume(self, conn: GatewayConnection, data: dict[str, Any]) -> GatewaySession | None:
        session = self.sessions.get(data.get("session_id", ""))
        if data.get("token") != self.fake.token or session is None:
            await conn.send({"op": INVALID_SESSION, "d": False})
            return None
        self.resume_count += 1
        session.socket = conn
        for event in session.history:
            if event["s"] > int(data.get("seq") or 0):
                await conn.send(event)
        await self._dispatch_to(session, "RESUMED", {})
        return session

    @staticmethod
    def _shard_of(guild_id: str | int, session: GatewaySession) -> int:
        return (int(guild_id) >> 22) % session.shard[1]

    async def _dispatch_to(self, session: GatewaySession, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.history.append(payload)
        if session.socket is not None and not session.socket.ws.closed:
            await session.socket.send(payload)

    async def dispatch(self, event: str, data: dict[str, Any], guild_id: str | int | None = None) -> None:
        """Send an event to the session that owns the guild (or, without a guild, to shard 0's session)."""
        for session in self.live_sessions():
            wanted = self._shard_of(guild_id, session) if guild_id is not None else 0
            if session.shard[0] == wanted:
                await self._dispatch_to(session, event, data)
                return
        self.fake.problem(f"gateway: no session to receive {event} for guild {guild_id}")

    def live_sessions(self) -> list[GatewaySession]:
        # The newest session per shard: an old one lingers after a fresh IDENTIFY.
        newest: dict[int, GatewaySession] = {}
        for session in self.sessions.values():
            newest[session.shard[0]] = session
        return list(newest.values())

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every websocket the way a Discord outage does (the client should RESUME)."""
        for conn in list(self._connections):
            await conn.ws.close(code=code, message=b"fake outage")

    async def request_reconnect(self) -> None:
        for conn in list(self._connections):
            await conn.send({"op": RECONNECT, "d": None})

    async def close(self) -> None:
        for conn in list(self._connections):
            await conn.ws.close(code=1001)
        await asyncio.sleep(0)
