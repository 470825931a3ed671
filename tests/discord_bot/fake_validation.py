"""Discord's documented payload limits, checked by the fake so a test cannot pass where Discord would refuse.

Each function returns a list of human-readable problems (empty when the payload is valid).
Sources: Discord developer docs (application commands, message resource, embed limits, message components).
"""

from __future__ import annotations

import re
from typing import Any

VALID_LOCALES = frozenset(
    {
        *("id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no"),
        *("pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th"),
        *("zh-CN", "ja", "zh-TW", "ko"),
    }
)
MENTION_PATTERN = re.compile(r"<@!?(\d+)>|<@&(\d+)>|@(everyone|here)")

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = range(
    1, 11
)
ATTACHMENT = 11
OPTION_VALUE_TYPES = {STRING: str, INTEGER: int, BOOLEAN: bool, NUMBER: (int, float)}


def _valid_name(name: object) -> bool:
    if not isinstance(name, str) or not 1 <= len(name) <= 32 or name != name.lower():
        return False
    return all(ch in "-_" or ch.isalnum() for ch in name)


def _check_localizations(where: str, value: object, *, names: bool) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"{where}: localizations must be an object"]
    problems = []
    for locale, text in value.items():
        if locale not in VALID_LOCALES:
            problems.append(f"{where}: invalid locale {locale!r}")
        elif names and not _valid_name(text):
            problems.append(f"{where}[{locale}]: invalid name {text!r}")
        elif not names and not (isinstance(text, str) and 1 <= len(text) <= 100):
            problems.append(f"{where}[{locale}]: description must be 1-100 characters, got {text!r}")
    return problems


def _check_name_and_description(where: str, item: dict[str, Any], *, chat_input: bool) -> list[str]:
    problems: list[str] = []
    name = item.get("name")
    if chat_input and not _valid_name(name):
        problems.append(f"{where}: invalid name {name!r}")
    if not chat_input and not (isinstance(name, str) and 1 <= len(name) <= 32):
        problems.append(f"{where}: context menu name must be 1-32 characters, got {name!r}")
    problems += _check_localizations(
        f"{where}.name_localizations", item.get("name_localizations"), names=chat_input
    )
    if chat_input:
        description = item.get("description")
        if not (isinstance(description, str) and 1 <= len(description) <= 100):
            problems.append(f"{where}: description must be 1-100 characters, got {description!r}")
        problems += _check_localizations(
            f"{where}.description_localizations", item.get("description_localizations"), names=False
        )
    return problems


def _check_options(where: str, options: list[dict[str, Any]], depth: int) -> list[str]:
    problems: list[str] = []
    if len(options) > 25:
        problems.append(f"{where}: {len(options)} options (max 25)")
    seen_optional = False
    names: set[str] = set()
    for index, option in enumerate(options):
        here = f"{where}.options[{index}]"
        problems += _check_name_and_description(here, option, chat_input=True)
        if option.get("name") in names:
            problems.append(f"{here}: duplicate option name {option.get('name')!r}")
        names.add(option.get("name", ""))
        kind = option.get("type")
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            if depth >= 2 or (kind == SUB_COMMAND_GROUP and depth >= 1):
                problems.append(f"{here}: subcommands nested too deep")
            problems += _check_options(here, option.get("options", []), depth + 1)
            continue
        if not isinstance(kind, int) or not 3 <= kind <= 11:
            problems.append(f"{here}: invalid option type {kind!r}")
        if option.get("required"):
            if seen_optional:
                problems.append(f"{here}: required option after an optional one")
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            problems.append(f"{here}: {len(choices)} choices (max 25)")
        if choices and option.get("autocomplete"):
            problems.append(f"{here}: autocomplete and choices are mutually exclusive")
        for c_index, choice in enumerate(choices):
            c_name = choice.get("name")
            if not (isinstance(c_name, str) and 1 <= len(c_name) <= 100):
                problems.append(f"{here}.choices[{c_index}]: name must be 1-100 characters")
            problems += _check_localizations(
                f"{here}.choices[{c_index}].name_localizations", choice.get("name_localizations"), names=False
            )
    return problems


def check_commands(commands: object) -> list[str]:
    """Problems in a bulk-overwrite payload (``PUT /applications/{app}/commands``)."""
    if not isinstance(commands, list):
        return ["commands payload must be a list"]
    problems: list[str] = []
    seen: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        where = f"commands[{index}]({command.get('name')!r})"
        kind = command.get("type", 1)
        problems += _check_name_and_description(where, command, chat_input=kind == 1)
        key = (kind, command.get("name", ""))
        if key in seen:
            problems.append(f"{where}: duplicate command")
        seen.add(key)
        if kind == 1:
            problems += _check_options(where, command.get("options") or [], 0)
        elif command.get("options"):
            problems.append(f"{where}: context menus take no options")
    if sum(1 for c in commands if c.get("type", 1) == 1) > 100:
        problems.append("more than 100 chat input commands")
    return problems


def _check_embed(where: str, embed: dict[str, Any]) -> tuple[list[str], int]:
    problems: list[str] = []
    limits = {"title": 256, "description": 4096}
    total = 0
    for key, limit in limits.items():
        text = embed.get(key) or ""
        total += len(text)
        if len(text) > limit:
            problems.append(f"{where}.{key}: {len(text)} characters (max {limit})")
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems.append(f"{where}: {len(fields)} fields (max 25)")
    for i, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        if not name or len(name) > 256:
            problems.append(f"{where}.fields[{i}].name: must be 1-256 characters")
        if not value or len(value) > 1024:
            problems.append(f"{where}.fields[{i}].value: must be 1-1024 characters, got {len(value)}")
        total += len(name) + len(value)
    for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
        text = (embed.get(key) or {}).get(sub) or ""
        total += len(text)
        if len(text) > limit:
            problems.append(f"{where}.{key}.{sub}: {len(text)} characters (max {limit})")
    return problems, total


def _check_components(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows (max 5)")
    custom_ids: set[str] = set()
    for r_index, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") != 1:
            problems.append(f"components[{r_index}]: top level must be an action row")
        if not 1 <= len(children) <= 5:
            problems.append(f"components[{r_index}]: {len(children)} components (1-5)")
        for child in children:
            custom_id = child.get("custom_id")
            label = child.get("label") or ""
            if len(label) > 80:
                problems.append(f"component label {label!r} is longer than 80 characters")
            if child.get("type") == 2 and child.get("style") == 5:
                if custom_id or not child.get("url"):
                    problems.append("link buttons need a url and no custom_id")
                continue
            if not custom_id or len(custom_id) > 100:
                problems.append(f"custom_id {custom_id!r} must be 1-100 characters")
            elif custom_id in custom_ids:
                problems.append(f"duplicate custom_id {custom_id!r}")
            custom_ids.add(custom_id or "")
            if child.get("type") == 2 and not (label or child.get("emoji")):
                problems.append(f"button {custom_id!r} needs a label or an emoji")
            if len(child.get("options") or []) > 25:
                problems.append(f"select {custom_id!r}: more than 25 options")
    return problems


def check_message(payload: dict[str, Any], *, files: int = 0, edit: bool = False) -> list[str]:
    """Problems in a message create/edit payload (content, embeds, components)."""
    problems: list[str] = []
    content = payload.get("content") or ""
    if not isinstance(content, str):
        problems.append("content must be a string")
        content = str(content)
    if len(content) > 2000:
        problems.append(f"content: {len(content)} characters (max 2000)")
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        problems.append(f"{len(embeds)} embeds (max 10)")
    total = 0
    for index, embed in enumerate(embeds):
        embed_problems, size = _check_embed(f"embeds[{index}]", embed)
        problems += embed_problems
        total += size
    if total > 6000:
        problems.append(f"embeds: {total} characters in total (max 6000)")
    problems += _check_components(payload.get("components") or [])
    if not edit and not (content or embeds or files or payload.get("components") or payload.get("poll")):
        problems.append("Cannot send an empty message")
    return problems


def check_modal(payload: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    title = payload.get("title") or ""
    if not 1 <= len(title) <= 45:
        problems.append(f"modal title must be 1-45 characters, got {title!r}")
    custom_id = payload.get("custom_id") or ""
    if not 1 <= len(custom_id) <= 100:
        problems.append("modal custom_id must be 1-100 characters")
    rows = payload.get("components") or []
    if not 1 <= len(rows) <= 5:
        problems.append(f"modal needs 1-5 rows, got {len(rows)}")
    for row in rows:
        for child in row.get("components") or [row.get("component") or {}]:
            if child.get("type") == 4 and len(child.get("label") or "") > 45:
                problems.append(f"text input label {child.get('label')!r} longer than 45 characters")
    return problems


def mentions_pinged(payload: dict[str, Any]) -> dict[str, Any]:
    """Who a message would ping, following `allowed_mentions` (absent means Discord's default: parse all)."""
    allowed = payload.get("allowed_mentions")
    parse = {"users", "roles", "everyone"} if allowed is None else set(allowed.get("parse") or [])
    explicit_users = set(map(str, (allowed or {}).get("users") or []))
    explicit_roles = set(map(str, (allowed or {}).get("roles") or []))
    users: set[str] = set()
    roles: set[str] = set()
    everyone = False
    texts = [payload.get("content") or ""]
    for match in MENTION_PATTERN.finditer("\n".join(texts)):
        user, role, special = match.groups()
        if user and ("users" in parse or user in explicit_users):
            users.add(user)
        if role and ("roles" in parse or role in explicit_roles):
            roles.add(role)
        if special and "everyone" in parse:
            everyone = True
    return {"users": sorted(users), "roles": sorted(roles), "everyone": everyone}
