"""Layers depend inward only: core <- storage <- services <- front ends (see DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

# What each layer may import from our own package (besides itself).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "storage": {"core"},
    "services": {"core", "storage"},
}
FRONT_ENDS = {"discord_bot", "console", "cli"}


def _layer_of(path: Path) -> str:
    rel = path.relative_to(BOT)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.suffix else ""


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            # Relative imports: resolve against the module's package.
            package = path.relative_to(BOT.parent).with_suffix("").parts[: -node.level]
            module = ".".join([*package, *(node.module.split(".") if node.module else [])])
            found.append((node.lineno, module))
    return found


def _violations() -> list[str]:
    problems: list[str] = []
    for path in sorted(BOT.rglob("*.py")):
        layer = _layer_of(path)
        for lineno, module in _imports(path):
            where = f"{path.relative_to(BOT.parent)}:{lineno}"
            top = module.split(".")[0]
            if top == "discord" and layer != "discord_bot":
                problems.append(f"{where}: only bot/discord_bot may import discord ({module})")
            if layer in ALLOWED:
                if top in {"sqlalchemy", "alembic", "aiosqlite", "asyncpg"} and layer == "core":
                    problems.append(f"{where}: core must not import {module}")
                if top == "bot":
                    parts = module.split(".")
                    target = parts[1] if len(parts) > 1 else ""
                    if target != layer and target not in ALLOWED[layer]:
                        problems.append(f"{where}: {layer} must not import {module}")
    return problems


def test_layers_import_only_inward() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("layer", "module", "allowed"),
    [("core", "bot.storage.models", False), ("storage", "bot.core.references", True)],
)
def test_rule_table_is_meaningful(layer: str, module: str, allowed: bool) -> None:
    target = module.split(".")[1]
    assert (target == layer or target in ALLOWED[layer]) is allowed
