"""Per-community settings: time zone (for days, streaks and weeks), locale, and explain channels."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.text import Lang

DEFAULT_TIMEZONE = "UTC"
DEFAULT_LOCALE = Lang.FR


@dataclass(frozen=True, slots=True)
class CommunitySettings:
    community: str
    timezone: str = DEFAULT_TIMEZONE  # an IANA name such as "Europe/Paris"
    locale: Lang = DEFAULT_LOCALE
    explain_channels: tuple[str, ...] = ()  # channel ids where pasted docker errors are explained
