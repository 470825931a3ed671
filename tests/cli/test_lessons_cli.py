"""``dockcoach lessons``: what the bot understood of each lesson, as text or JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.cli import lessons

# The course export lives in shared/, beside the repository (in CI too).
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_e266ad50935fb685.txt"
ROOT = Path(__file__).resolve().parents[2]


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="dockcoach")
    lessons.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["lessons", *argv])
    return args.handler(args)


@pytest.mark.skipif(not SEED.exists(), reason="the course export is not available")
def test_json_of_the_course_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    assert run(["--content", str(tmp_path), "--json"]) == 0
    captured = capsys.readouterr()
    assert "mojibake" in captured.err
    (lesson,) = json.loads(captured.out)
    assert lesson["title"] == "Docker Hub et Registries"
    assert lesson["icon"] == "📦"
    assert (lesson["order"], lesson["duration"], lesson["xpReward"]) == (10, "25 min", 200)
    assert len(lesson["objectives"]) == 3
    assert [s["number"] for s in lesson["sections"]] == [f"10.{n}" for n in range(1, 8)]
    assert lesson["sections"][5]["title"] == "Registries privés"
    (table,) = lesson["tables"]
    assert table["rows"] == 5 and table["header"] == ["Registry", "Avantage", "Inconvénient"]
    written = {r["written"]: r["canonical"] for r in lesson["references"]}
    assert written["localhost:5000/myapp:v1.0.0"] == "localhost:5000/myapp:v1.0.0"
    assert written["gcr.io/my-project/myapp:v1.0.0"] == "gcr.io/my-project/myapp:v1.0.0"
    assert written["nginx"] == "docker.io/library/nginx:latest"
    assert not any("$" in w for w in written)
    assert lesson["repairedEncoding"] is True


def test_text_of_the_shipped_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--content", str(ROOT / "content")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("📦 10 · Docker Hub et Registries  [10-registries]")
    assert "    10.6 Registries privés" in out
    assert "Registry | Point fort | Point faible  (5 rows)" in out
    assert "localhost:5000/myapp:v1.0.0  →  localhost:5000/myapp:v1.0.0" in out


def test_errors_go_to_stderr_and_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.md").write_text("no front matter\n", encoding="utf-8")
    assert run(["--content", str(tmp_path), "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert "bad.md:1: error: no front matter" in captured.err
