"""``dockcoach report``: from a JSON file (no database) and from a SQLite database through the service."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bot.cli
from bot.cli import report as report_cli
from bot.core.coaching.srs import FamilyKey
from bot.core.learners import LearnerKey
from bot.services.coaching import CoachingService
from bot.storage.db import open_database

T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="dockcoach")
    report_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return int(args.handler(args))


def planted_document() -> dict[str, object]:
    """Ten learners: sound families, and one bank question nobody gets right (broken)."""
    attempts = []
    for n in range(10):
        for j in range(4):
            attempts.append(
                {"learner": f"u{n}", "lesson": "10", "kind": "image_name", "objective": "naming",
                 "variant": f"ask{j}", "correct": n >= 2 + j,
                 "answered_at": (T0 + timedelta(minutes=j)).isoformat(), "choice": "docker.io/nginx"}
            )  # fmt: skip
        attempts.append(
            {"learner": f"u{n}", "lesson": "10", "kind": "bank", "objective": "tags", "variant": "broken",
             "correct": False, "answered_at": (T0 + timedelta(minutes=9)).isoformat(), "choice": "latest"}
        )  # fmt: skip
    completions = [{"learner": "u1", "lesson": "10", "completed_at": T0.isoformat()}]
    return {"attempts": attempts, "completions": completions, "names": {"u1": "Alice"}}


def test_registered() -> None:
    assert "bot.cli.report" in bot.cli.SUBCOMMAND_MODULES


def test_json_input_flags_the_broken_question(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "attempts.json"
    path.write_text(json.dumps(planted_document()), encoding="utf-8")
    assert run("report", "--input", str(path), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    flagged = [f for f in data["families"] if f["flags"]]
    assert [f["family"] for f in flagged] == ["bank|tags|broken"] and "too_hard" in flagged[0]["flags"]
    assert data["completions"] == [{"lesson": "10", "learners": ["Alice"]}]
    assert run("report", "--input", str(path), "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "almost nobody gets it right" in out and "Alice" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), ("{", "not UTF-8 JSON"), ('{"attempts": [{"learner": "u"}]}', "attempts[0]")],
)
def test_bad_input_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert run("report", "--input", str(path)) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_from_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'report.sqlite3'}"

    async def seed() -> None:
        database = await open_database(url)
        try:
            coaching = CoachingService(database.sessions)
            family = FamilyKey("push_error", "Pousser une image", "denied")
            for i, correct in enumerate([False, False, True, False]):
                await coaching.record_review(
                    LearnerKey("guild-9", "42", "Zoé"), family=family, lesson="10-registries", section="10.5",
                    correct=correct, answered_at=T0 + timedelta(hours=i), source_key=f"k{i}", choice="login",
                )  # fmt: skip
        finally:
            await database.dispose()

    asyncio.run(seed())
    assert run("report", "--database-url", url, "--community", "guild-9", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stuck"][0]["learner"] == "Zoé" and data["stuck"][0]["objective"] == "Pousser une image"
    assert data["families"][0]["top_wrong_answer"] == "login"
    assert run("report", "--database-url", url, "--community", "guild-9", "--lesson", "other") == 0
    assert "(aucune réponse pour l'instant)" in capsys.readouterr().out
