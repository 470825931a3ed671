"""Where the bot connects: Discord's REST and gateway base URLs (or proxies in front of them).

discord.py builds every REST URL (interaction callbacks and webhooks included) from ``Route.BASE`` and opens
the gateway at ``DiscordWebSocket.DEFAULT_GATEWAY`` (reconnects follow READY's ``resume_gateway_url``). Both
are class attributes, so they are set once per process, in the composition root.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import Any

import aiohttp
import discord
import yarl
from aiohttp.abc import AbstractResolver, ResolveResult

log = logging.getLogger(__name__)


def configure_endpoints(api_base: str, gateway_url: str) -> None:
    """Point discord.py at ``api_base`` (e.g. ``https://discord.com/api/v10``) and ``gateway_url``."""
    api = yarl.URL(api_base.rstrip("/"))
    if api.scheme not in ("http", "https") or not api.host:
        raise ValueError(f"DISCORD_API_BASE must be an http(s) URL, got {api_base!r}")
    gateway = yarl.URL(gateway_url)
    if gateway.scheme not in ("ws", "wss") or not gateway.host:
        raise ValueError(f"DISCORD_GATEWAY_URL must be a ws(s) URL, got {gateway_url!r}")
    discord.http.Route.BASE = str(api)
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
    log.info("Discord REST at %s, gateway at %s", api, gateway)


class LoopbackOnlyResolver(AbstractResolver):
    """Resolves loopback addresses only: with it, nothing the bot does can leave the machine (tests)."""

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        address = "127.0.0.1" if host == "localhost" else host
        try:
            loopback = ipaddress.ip_address(address).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise OSError(f"refusing to resolve non-loopback host {host!r}")
        ip_family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": ip_family,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None


def loopback_connector(**kwargs: Any) -> aiohttp.TCPConnector:
    """A connector that refuses every non-loopback host (must be created inside the running loop)."""
    return aiohttp.TCPConnector(limit=0, resolver=LoopbackOnlyResolver(), **kwargs)
