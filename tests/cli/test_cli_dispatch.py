"""The `dockcoach` dispatcher: default command, lazy subcommand loading, usage errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli import SUBCOMMAND_MODULES, build_parser, default_command, main, requested_command


def test_the_requested_command_is_the_first_word_that_is_not_an_option() -> None:
    assert requested_command(["-v", "ref", "nginx"]) == "ref"
    assert requested_command(["--verbose"]) is None
    assert requested_command([]) is None


def test_without_a_token_the_default_is_the_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert default_command() == "console"
    monkeypatch.setenv("DISCORD_TOKEN", "   ")
    assert default_command() == "console"
    monkeypatch.setenv("DISCORD_TOKEN", "x.y.z")
    assert default_command() == "run"


def test_the_full_parser_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for module in SUBCOMMAND_MODULES:
        assert module.rsplit(".", 1)[1] in out


def test_a_named_command_loads_only_its_own_module() -> None:
    parser = build_parser("ref")
    args = parser.parse_args(["ref", "nginx"])
    assert args.command == "ref"
    with pytest.raises(SystemExit):
        parser.parse_args(["lessons"])  # not loaded: argparse refuses it


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["no-such-command"])
    assert stop.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_ref_does_not_import_discord_or_sqlalchemy() -> None:
    code = (
        "import sys; from bot.cli import main; main(['ref', 'nginx']); "
        "print(sorted(m for m in ('discord', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
