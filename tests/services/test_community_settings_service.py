"""CommunitySettingsService: time zone, locale and explain channels per community."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.text import Lang
from bot.core.xp import InvalidTimezoneError
from bot.services.communities import CommunitySettingsService, InvalidLocaleError
from bot.storage.db import Database
from bot.storage.scratch import scratch_backends, scratch_database


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


@pytest.fixture
def settings(database: Database) -> CommunitySettingsService:
    return CommunitySettingsService(database.sessions)


async def test_defaults_when_never_set(settings: CommunitySettingsService) -> None:
    current = await settings.get("123")
    assert (current.timezone, current.locale, current.explain_channels) == ("UTC", Lang.FR, ())


async def test_timezone_and_locale_are_validated_and_independent(settings: CommunitySettingsService) -> None:
    assert (await settings.set_timezone("123", " Europe/Paris ")).timezone == "Europe/Paris"
    assert (await settings.set_locale("123", "en-US")).locale is Lang.EN
    current = await settings.get("123")
    assert (current.timezone, current.locale) == ("Europe/Paris", Lang.EN)
    with pytest.raises(InvalidTimezoneError) as caught:
        await settings.set_timezone("123", "Paris")
    assert "Europe/Paris" in caught.value.message("fr")
    with pytest.raises(InvalidLocaleError):
        await settings.set_locale("123", "de")
    assert (await settings.set_locale("123", Lang.FR)).timezone == "Europe/Paris"
    assert (await settings.get("456")).timezone == "UTC"


async def test_explain_channels(settings: CommunitySettingsService) -> None:
    assert await settings.add_explain_channel("123", 111)
    assert await settings.add_explain_channel("123", "222")
    assert not await settings.add_explain_channel("123", "111")
    assert (await settings.get("123")).explain_channels == ("111", "222")
    assert await settings.is_explain_channel("123", 222) and not await settings.is_explain_channel("456", 222)
    assert await settings.remove_explain_channel("123", "111")
    assert not await settings.remove_explain_channel("123", "111")
    assert (await settings.get("123")).explain_channels == ("222",)
    with pytest.raises(ValueError):
        await settings.add_explain_channel("123", "#general")
