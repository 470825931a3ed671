"""Base class for domain errors: they carry data and a learner-safe message in French and English."""

from __future__ import annotations


class DomainError(Exception):
    """An expected failure of the domain, safe to show to a learner.

    Subclasses set ``message_fr`` / ``message_en``; front ends translate them in one place with
    :meth:`message`. ``str(error)`` is the English message (for logs).
    """

    def __init__(self, message_fr: str, message_en: str | None = None) -> None:
        self.message_fr = message_fr
        self.message_en = message_en if message_en is not None else message_fr
        super().__init__(self.message_en)

    def message(self, lang: str = "fr") -> str:
        return self.message_en if lang == "en" else self.message_fr
