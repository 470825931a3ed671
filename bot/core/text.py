"""Learner-facing text in the two languages the bot speaks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Lang(StrEnum):
    FR = "fr"
    EN = "en"

    @classmethod
    def from_locale(cls, locale: str | None) -> Lang:
        """Discord locales such as ``en-US``/``en-GB`` map to English; everything else to French."""
        return cls.EN if locale and str(locale).lower().startswith("en") else cls.FR


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A text in French (the default) with an optional English version."""

    fr: str
    en: str = ""

    def get(self, lang: str | Lang = Lang.FR) -> str:
        if str(lang) == Lang.EN and self.en:
            return self.en
        return self.fr
