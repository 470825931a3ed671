"""The one settings object, read from the environment (and an optional `.env`) in the composition root."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
DEFAULT_QUIZZES_DIR = PROJECT_ROOT / "quizzes"


class Settings(BaseSettings):
    """Configuration. Secrets (the token) have no default and are never logged or printed."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, repr=False)
    database_url: str | None = None
    data_dir: Path = Path("data")
    content_dir: Path = DEFAULT_CONTENT_DIR
    quizzes_dir: Path = DEFAULT_QUIZZES_DIR
    dev_guild_id: int | None = None
    discord_api_base: str = "https://discord.com/api/v10"
    discord_gateway_url: str = "wss://gateway.discord.gg/"
    shard_count: int | None = None
    shard_ids: list[int] | None = None
    log_level: str = "INFO"
    # Discord front end: explain-on-paste needs the privileged Message Content intent (enable it in the
    # developer portal too); idle quizzes get their buttons disabled after this many seconds.
    explain_on_paste: bool = False
    quiz_idle_seconds: float = 600
    guild_ready_timeout: float = 2.0

    @field_validator("discord_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _parse_shard_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", "").split(",") if part]
        return value

    @property
    def effective_database_url(self) -> str:
        """`DATABASE_URL`, or a SQLite file under the data directory (created on first use)."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'dockcoach.sqlite3').resolve()}"
