"""``dockcoach explain``: human output, --json, --jsonl, stdin, usage errors."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from bot.cli import explain as explain_cli


def main(argv: list[str]) -> int:
    """Only this subcommand (other subcommands are not needed, and may be mid-edit by others)."""
    parser = argparse.ArgumentParser(prog="dockcoach")
    explain_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.handler(args))


PASTE = (
    "$ docker login -u bob -p hunter22\n"
    "$ docker push myapp:1.0\n"
    "The push refers to repository [docker.io/library/myapp]\n"
    "a1b2c3d4e5f6: Layer already exists\n"
    "denied: requested access to the resource is denied\n"
)


def _run(args: list[str], capsys: pytest.CaptureFixture[str], stdin: str | None = None,
         monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:  # fmt: skip
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["explain", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paste = tmp_path / "paste.txt"
    paste.write_text(PASTE, encoding="utf-8")
    code, out, _ = _run([str(paste), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["primary"] == "denied_access" and data["severity"] == "error"
    assert data["matches"] == [{"id": "denied_access", "severity": "error", "line": 5}]
    assert data["context"]["command"] == "docker push"
    assert data["context"]["reference"] == "myapp:1.0"
    assert data["redacted"] == ["password_argument"]
    assert "hunter22" not in out


def test_human_output_from_stdin_in_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _run(["-", "--lang", "en"], capsys, stdin=PASTE, monkeypatch=monkeypatch)
    assert code == 0
    assert "Access to the repository denied" in out
    assert "docker tag myapp:1.0 <your-name>/myapp:1.0" in out
    assert "revoke" in out and "hunter22" not in out


def test_quiet_paste_says_so(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run([], capsys, stdin="salut, ça va ?", monkeypatch=monkeypatch)
    assert code == 0 and "pas d'erreur Docker" in out


def test_jsonl_keeps_ids_and_reports_bad_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "toomanyrequests: Too Many Requests."}),
        "{not json",
        json.dumps({"id": 7, "text": "hello there"}),
        json.dumps({"id": "c", "text": 12}),
        "",
        json.dumps(["x"]),
    ]
    source = tmp_path / "pastes.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = _run([str(source), "--jsonl"], capsys)
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") for r in results] == ["a", None, 7, "c", None]
    assert results[0]["primary"] == "rate_limited"
    assert results[1]["line"] == 2 and "invalid JSON" in results[1]["error"]
    assert results[2]["primary"] is None and results[2]["status"] == "quiet"
    assert "'text' must be a string" in results[3]["error"]
    assert results[4]["line"] == 6


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run([str(tmp_path / "absent.txt")], capsys)
    assert code == 2 and "cannot read" in err


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["explain", "--lang", "de"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["explain", "--json", "--jsonl"])
    assert exc.value.code == 2
