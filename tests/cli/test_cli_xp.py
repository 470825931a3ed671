"""Admin commands: ``dockcoach db upgrade``, ``xp add|show`` and ``leaderboard`` on a real SQLite file."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
from pathlib import Path

import pytest

import bot.cli
from bot.core.learners import LearnerKey
from bot.services.progress import ProgressService
from bot.storage.db import open_database

MODULES = ("bot.cli.db", "bot.cli.xp", "bot.cli.leaderboard")
ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="dockcoach")
    subparsers = parser.add_subparsers(dest="command")
    for name in MODULES:
        importlib.import_module(name).register(subparsers)
    args = parser.parse_args(list(argv))
    return int(args.handler(args))


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    value = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", value)
    return value


def test_commands_are_registered() -> None:
    assert set(MODULES) <= set(bot.cli.SUBCOMMAND_MODULES)


def test_db_upgrade_and_current(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("db", "current") == 0
    assert "needs 'dockcoach db upgrade'" in capsys.readouterr().out
    assert run("db", "upgrade") == 0
    assert "(head)" in capsys.readouterr().out
    assert run("db", "upgrade") == 0  # repeatable
    assert run("db", "current") == 0
    assert "up to date" in capsys.readouterr().out


def test_xp_add_is_idempotent_with_a_key(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("xp", "add", "--community", "g1", "--user", "42", "--reason", "atelier")
    assert run(*base, "--amount", "150", "--key", "w1", "--name", "Zoé", "--json") == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["xp_awarded"], first["total_xp"], first["level"], first["leveled_up"]) == (
        150,
        150,
        1,
        True,
    )
    assert run(*base, "--amount", "150", "--key", "w1") == 0
    assert "nothing changed" in capsys.readouterr().out
    assert run(*base, "--amount", "5") == 0  # no key: a new award every time
    assert run(*base, "--amount", "5") == 0
    assert run("xp", "show", "--community", "g1", "--user", "42", "--json") == 0
    shown = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert shown["xp"] == 160 and shown["display_name"] == "Zoé" and shown["rank"] == 1
    assert shown["xp_to_next_level"] == 95


def test_bad_input_gives_a_message_and_status_1(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("xp", "add", "--community", "g1", "--user", "42", "--reason", "x")
    assert run(*base, "--amount", "0") == 1
    assert "Invalid XP amount" in capsys.readouterr().err
    assert run(*base, "--amount", "-10") == 1
    assert "negative" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run("leaderboard", "--community", "g1", "--limit", "0")
    assert usage.value.code == 2
    missing = "sqlite+aiosqlite:////nonexistent-dir/x.sqlite3"
    assert run("xp", "show", "--community", "g", "--user", "u", "--database-url", missing) == 1
    assert "nonexistent-dir" in capsys.readouterr().err


def test_leaderboard_text_and_json(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for user, amount in (("a", 50), ("b", 300), ("c", 120)):
        assert (
            run("xp", "add", "--community", "g1", "--user", user, "--amount", str(amount), "--reason", "r")
            == 0
        )
    capsys.readouterr()
    assert run("leaderboard", "--community", "g1", "--limit", "2", "--caller", "a") == 0
    text = capsys.readouterr().out
    assert "3 ranked learner(s)" in text and text.index(" b") < text.index(" c") < text.index("…")
    assert run("leaderboard", "--community", "g1", "--week", "--json", "--limit", "1", "--caller", "a") == 0
    board = json.loads(capsys.readouterr().out)
    assert board["period"] == "week" and [e["user"] for e in board["entries"]] == ["b"]
    assert board["caller"] == {"rank": 3, "user": "a", "display_name": "", "xp": 50}
    assert run("leaderboard", "--community", "empty") == 0
    assert "nobody has XP yet" in capsys.readouterr().out


MINI_DISPATCHER = """
import argparse, importlib, sys
parser = argparse.ArgumentParser(prog="dockcoach")
subparsers = parser.add_subparsers(dest="command")
for name in ("bot.cli.db", "bot.cli.xp", "bot.cli.leaderboard"):
    importlib.import_module(name).register(subparsers)
args = parser.parse_args(sys.argv[1:])
sys.exit(args.handler(args))
"""


async def _spawn(env: dict[str, str], cwd: Path, key: str) -> asyncio.subprocess.Process:
    argv = ["xp", "add", "--community", "g", "--user", "u", "--amount", "7", "--reason", "r", "--key", key]
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", MINI_DISPATCHER, *argv,
        env=env, cwd=cwd, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_several_processes_at_once(url: str, tmp_path: Path) -> None:
    """Operators may run commands concurrently: same key → one award, distinct keys → one each."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    keys = ["same", "same", "other"]
    processes = [await _spawn(env, tmp_path, key) for key in keys]
    results = [await process.communicate() for process in processes]
    assert [process.returncode for process in processes] == [0] * len(keys), results
    database = await open_database(url)
    try:
        assert (await ProgressService(database.sessions).profile(LearnerKey("g", "u"))).xp == 14
    finally:
        await database.dispose()
