"""``dockcoach validate``: every problem printed, errors and warnings distinguished, exit status."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.cli import validate
from bot.core.problems import Problem, Severity

# The course export lives in shared/, beside the repository (in CI too).
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_e266ad50935fb685.txt"
ROOT = Path(__file__).resolve().parents[2]


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="dockcoach")
    validate.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["validate", *argv])
    return args.handler(args)


def test_shipped_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["--content", str(ROOT / "content"), "--quizzes", str(ROOT / "quizzes")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip().splitlines()[-1].startswith("validate OK: 0 error(s), 0 warning(s)")
    assert "bank(s) with" in out


def test_defaults_come_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content, quizzes = tmp_path / "c", tmp_path / "q"
    content.mkdir()
    quizzes.mkdir()
    (quizzes / "x.yaml").write_text("schema_version: 1\nlesson: nowhere\nquestions: []\n", encoding="utf-8")
    monkeypatch.setenv("CONTENT_DIR", str(content))
    monkeypatch.setenv("QUIZZES_DIR", str(quizzes))
    assert run([]) == 1
    assert "lesson 'nowhere' is not a known lesson id" in capsys.readouterr().out


@pytest.mark.skipif(not SEED.exists(), reason="the course export is not available")
def test_course_export_folder_passes_with_the_repair_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    assert run(["--content", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert SEED.name in lines[0] and ": warning: mojibake" in lines[0]
    assert lines[1].startswith("validate OK: 0 error(s), 1 warning(s) — checked 1 lesson(s)")


def test_every_problem_of_every_file_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    content.mkdir()
    front = '---\ntitle: "T"\ndescription: "d"\norder: {n}\nduration: "1 min"\nicon: "x"\nxpReward: {xp}\n'
    (content / "a.md").write_text(
        front.format(n=1, xp="deux") + "objectives: oui\ncolour: 1\n---\n", encoding="utf-8"
    )
    (content / "b.md").write_text(front.format(n=2, xp=5) + "---\n", encoding="utf-8")
    assert run(["--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert "a.md:7: error: xpReward must be a positive integer, got 'deux'" in out
    assert "a.md:8: error: objectives must be a list, got 'oui'" in out
    assert "a.md:9: warning: front matter: unknown key 'colour' is ignored" in out
    assert "b.md:1: error: missing required key 'objectives'" in out
    assert "validate FAILED: 3 error(s), 1 warning(s)" in out


def test_missing_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--content", str(tmp_path / "nope")]) == 1
    assert "nope: error: directory not found" in capsys.readouterr().out


def test_checkers_are_extensible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def check_errors_catalog(context: validate.ValidationContext) -> list[Problem]:
        context.notes.append("1 error entry")
        return [Problem(str(context.content_dir / "errors" / "x.yaml"), 3, Severity.ERROR, "bad entry")]

    monkeypatch.setattr(validate, "CHECKERS", (*validate.CHECKERS, check_errors_catalog))
    assert run(["--content", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "x.yaml:3: error: bad entry" in out
    assert "checked 0 lesson(s); 1 error entry" in out
