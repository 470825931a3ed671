"""``dockcoach ref``: human output, JSON Lines, stdin, exit codes."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main

H64 = "0123456789abcdef" * 4
KEYS = {
    "input",
    "valid",
    "error_kind",
    "message",
    "registry",
    "path",
    "namespace",
    "repository",
    "tag",
    "digest",
    "canonical",
    "familiar",
}


def _json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_human_output_explains_each_part_and_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref", "nginx"]) == 0
    out = capsys.readouterr().out
    assert "docker.io/library/nginx:latest" in out
    assert "registre" in out and "Docker Hub, registre par défaut" in out
    assert "espace de noms  library" in out and "image officielle" in out
    assert "dépôt           nginx" in out
    assert "latest  (par défaut" in out


def test_human_output_in_english_for_an_explicit_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref", "--lang", "en", f"registry.example.com:5000/team/app:1.2@sha256:{H64}"]) == 0
    out = capsys.readouterr().out
    assert "registry        registry.example.com:5000\n" in out
    assert "namespace       team" in out
    assert "repository      app" in out
    assert "tag             1.2\n" in out
    assert f"digest          sha256:{H64}" in out
    assert "default" not in out


def test_human_output_explains_an_invalid_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref", "MyApp:v1"]) == 1
    out = capsys.readouterr().out
    assert "invalide (uppercase)" in out
    assert "`MyApp`" in out and "Utilise `myapp:v1`." in out
    assert "invalid reference format: repository name (library/MyApp) must be lowercase" in out


def test_surprising_guesses_are_pointed_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref", "--lang", "en", "localhost:5000", "MyOrg/app"]) == 0
    out = capsys.readouterr().out
    assert "docker.io/library/localhost:5000" in out
    assert "Docker reads `localhost` as a Docker Hub image" in out
    assert "`MyOrg` has capital letters" in out


def test_json_lines_for_valid_and_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref", "--json", "--lang", "en", "nginx", "MyApp:v1", f"user/app@sha256:{H64}"]) == 1
    valid, invalid, digested = _json_lines(capsys.readouterr().out)
    assert set(valid) == set(invalid) == KEYS
    assert valid == {
        "input": "nginx",
        "valid": True,
        "error_kind": None,
        "message": None,
        "registry": "docker.io",
        "path": "library/nginx",
        "namespace": "library",
        "repository": "nginx",
        "tag": "",
        "digest": "",
        "canonical": "docker.io/library/nginx:latest",
        "familiar": "nginx",
    }
    assert invalid["valid"] is False and invalid["error_kind"] == "uppercase"
    assert isinstance(invalid["message"], str) and "Use `myapp:v1`." in invalid["message"]
    parts = ("registry", "path", "namespace", "repository", "tag", "digest", "canonical", "familiar")
    assert all(invalid[key] is None for key in parts)
    assert digested["canonical"] == f"docker.io/user/app@sha256:{H64}"
    assert digested["digest"] == f"sha256:{H64}" and digested["tag"] == ""


def test_stdin_one_per_line_keeps_other_whitespace(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("nginx\r\n\n   \nnginx \n\tbusybox\nalpine:3.20"))
    assert main(["ref", "--json"]) == 1
    rows = _json_lines(capsys.readouterr().out)
    assert [row["input"] for row in rows] == ["nginx", "nginx ", "\tbusybox", "alpine:3.20"]
    assert [row["valid"] for row in rows] == [True, False, False, True]
    assert rows[1]["error_kind"] == "invalid_format"
    assert rows[3]["canonical"] == "docker.io/library/alpine:3.20"


def test_stdin_all_valid_exits_zero(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("nginx\nlocalhost:5000/app\n"))
    assert main(["ref"]) == 0
    out = capsys.readouterr().out
    assert "docker.io/library/nginx:latest" in out and "localhost:5000/app:latest" in out


def test_json_escapes_odd_characters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref", "--json", "café\udcff"]) == 1
    (row,) = _json_lines(capsys.readouterr().out)
    assert row["input"] == "café\udcff" and row["error_kind"] == "invalid_format"


def test_no_reference_at_all_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n  \n"))
    assert main(["ref"]) == 2
    assert "aucune référence" in capsys.readouterr().err


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["ref", "--lang", "de", "nginx"])
    assert caught.value.code == 2
    assert "--lang" in capsys.readouterr().err
