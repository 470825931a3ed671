"""`dockcoach quiz export`, and an independent check of thousands of exported `image_name` answers.

The checker below re-implements Docker's reference rules (distribution/reference, as summarized in the
project notes) on its own, without the project's reference core, and recomputes every answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]

# --- an independent implementation of Docker's reference rules ------------------------------------------
_LABEL = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[a-fA-F0-9:]+\])"
_DOMAIN = rf"{_HOST}(?::[0-9]+)?"
_COMPONENT = r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*"
_PATH = rf"{_COMPONENT}(?:/{_COMPONENT})*"
_TAG = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
REFERENCE = re.compile(rf"((?:{_DOMAIN}/)?{_PATH})(?::({_TAG}))?(?:@({_DIGEST}))?")
NAME = re.compile(rf"(?:({_DOMAIN})/)?({_PATH})")
DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}


@dataclass(frozen=True)
class Parsed:
    error: str = ""  # "", uppercase, format, too_long, identifier, digest
    registry: str = ""
    path: str = ""
    tag: str = ""
    digest: str = ""

    @property
    def canonical(self) -> str:
        name = f"{self.registry}/{self.path}" if self.registry else self.path
        if not self.tag and not self.digest:
            return f"{name}:latest"
        return name + (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")


def _digest_error(digest: str) -> str:
    algorithm, _, hex_part = digest.partition(":")
    if algorithm not in DIGEST_LENGTHS:
        return "digest"
    if len(hex_part) != DIGEST_LENGTHS[algorithm] or hex_part != hex_part.lower():
        return "digest"
    return ""


def docker_parse(text: str) -> Parsed:
    if re.fullmatch(r"[a-f0-9]{64}", text):
        return Parsed("identifier")
    slash = text.find("/")
    first = text[:slash] if slash >= 0 else ""
    if slash >= 0 and (first == "localhost" or "." in first or ":" in first or first.lower() != first):
        domain, rest = first, text[slash + 1 :]
    else:
        domain, rest = "docker.io", text
    if domain == "index.docker.io":
        domain = "docker.io"
    if domain == "docker.io" and "/" not in rest:
        rest = "library/" + rest
    remote = rest.split(":", 1)[0]
    if remote.lower() != remote:
        return Parsed("uppercase")
    full = f"{domain}/{rest}"
    match = REFERENCE.fullmatch(full)
    if match is None:
        return Parsed("uppercase" if REFERENCE.fullmatch(full.lower()) else "format")
    name_match = NAME.fullmatch(match[1])
    assert name_match is not None
    registry, path = name_match[1] or "", name_match[2]
    if len(path) > 255:
        return Parsed("too_long")
    if match[3] and (error := _digest_error(match[3])):
        return Parsed(error)
    return Parsed("", registry, path, match[2] or "", match[3] or "")


def same_image(a: str, b: str) -> bool:
    pa, pb = docker_parse(a), docker_parse(b)
    return not pa.error and not pb.error and pa.canonical == pb.canonical


VERDICT_LABELS = {
    "": "Valide",
    "uppercase": "Invalide : majuscules dans le chemin du dépôt",
    "format": "Invalide : caractère ou séparateur interdit",
    "digest": "Invalide : digest mal formé",
    "identifier": "Invalide : 64 caractères hexadécimaux, réservé aux identifiants d'image",
    "too_long": "Invalide : chemin de plus de 255 caractères",
}


def expected_answer(reference: str, ask: str) -> str:
    parsed = docker_parse(reference)
    if ask == "valid":
        return VERDICT_LABELS[parsed.error]
    assert not parsed.error, reference
    if ask == "canonical":
        return parsed.canonical
    if ask == "registry":
        return parsed.registry
    if ask == "namespace":
        return parsed.path.rpartition("/")[0] or "(aucun namespace)"
    if ask == "repository":
        return parsed.path.rpartition("/")[2]
    assert ask == "tag"
    if parsed.tag:
        return parsed.tag
    return "(aucun tag : l'image est épinglée par son digest)" if parsed.digest else "latest"


def check(record: dict) -> list[str]:
    where = f"{record['id']} {record['params']}"
    problems = []
    reference, ask = record["params"]["reference"], record["params"]["ask"]
    choices, correct = record["choices"], record["correct"]
    if len(correct) != 1:
        problems.append(f"{where}: {len(correct)} right choices")
        return problems
    if len(set(choices)) != len(choices):
        problems.append(f"{where}: duplicate choices {choices}")
    expected = expected_answer(reference, ask)
    given = choices[correct[0]]
    if ask == "canonical":
        if given != expected:
            problems.append(f"{where}: answer {given!r}, Docker says {expected!r}")
        for i, choice in enumerate(choices):
            if i != correct[0] and same_image(choice, expected):
                problems.append(f"{where}: wrong choice {choice!r} is the same image as the answer")
        for i, a in enumerate(choices):
            for b in choices[i + 1 :]:
                if same_image(a, b):
                    problems.append(f"{where}: choices {a!r} and {b!r} are the same image")
    else:
        if given != expected:
            problems.append(f"{where}: answer {given!r}, Docker says {expected!r}")
        if any(i != correct[0] and choice == expected for i, choice in enumerate(choices)):
            problems.append(f"{where}: the answer appears twice")
    return problems


# --- the checker checks itself on known cases ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("nginx", "docker.io/library/nginx:latest"),
        ("index.docker.io/library/nginx", "docker.io/library/nginx:latest"),
        ("localhost:5000", "docker.io/library/localhost:5000"),
        ("localhost:5000/myapp:v1", "localhost:5000/myapp:v1"),
        ("Johnwick/myapp", "Johnwick/myapp:latest"),
        ("user/app@sha256:" + "a" * 64, "docker.io/user/app@sha256:" + "a" * 64),
    ],
)
def test_the_checker_knows_docker_rules(text: str, canonical: str) -> None:
    assert docker_parse(text).canonical == canonical


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("MyApp", "uppercase"),
        ("my app", "format"),
        ("a" * 64, "identifier"),
        ("a@sha256:" + "b" * 40, "digest"),
        ("nginx@sha256:abc", "format"),
        ("a@md5:" + "c" * 32, "digest"),
        ("x/" + "a" * 260, "too_long"),
    ],
)
def test_the_checker_knows_docker_errors(text: str, error: str) -> None:
    assert docker_parse(text).error == error


# --- the export ---------------------------------------------------------------------------------------------
def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(
        ["quiz", "export", "--content", str(ROOT / "content"), "--quizzes", str(ROOT / "quizzes"), *args]
    )
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_thousands_of_image_name_answers_are_right(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = export(capsys, "--lesson", "10-registries", "--kind", "image_name", "--count", "2000")
    assert code == 0
    assert len(records) == 2000
    assert len({r["id"] for r in records}) == 2000
    asks = {r["params"]["ask"] for r in records}
    assert asks == {"canonical", "registry", "namespace", "repository", "tag", "valid"}
    problems = [p for record in records for p in check(record)]
    assert problems == []


def test_export_fields_and_determinism(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = export(capsys, "--count", "3", "--seed", "9")
    assert code == 0
    again = export(capsys, "--count", "3", "--seed", "9")[1]
    assert records == again
    kinds = {r["kind"] for r in records}
    assert {"image_name", "tag_meaning", "registry_choice", "command", "push_error", "bank"} <= kinds
    keys = {
        "id",
        "kind",
        "type",
        "lesson",
        "section",
        "objective",
        "difficulty",
        "prompt",
        "choices",
        "correct",
        "explanation",
        "params",
    }
    for record in records:
        assert keys <= record.keys()
        assert record["difficulty"] in (1, 2, 3)
        if record["type"] == "short_answer":
            assert (
                record["accept"]["mode"] in ("text", "image_reference", "regex")
                and record["accept"]["canonical"]
            )
        else:
            assert record["correct"] and all(0 <= i < len(record["choices"]) for i in record["correct"])
    for record in records:
        if record["kind"] == "image_name":
            assert {"reference", "ask"} <= record["params"].keys()


def test_export_in_english_and_bank_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = export(capsys, "--kind", "registry_choice", "--count", "2", "--lang", "en")
    assert code == 0 and all("Which registry" in r["prompt"] for r in records)
    code, bank, _ = export(capsys, "--kind", "bank")
    assert code == 0 and len(bank) >= 25 and {r["kind"] for r in bank} == {"bank"}


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--kind", "nope"), "nope"), (("--lesson", "99-nope"), "99-nope"), (("--count", "0"), "--count")],
)
def test_export_errors(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    code, records, err = export(capsys, *args)
    assert code == 1 and records == [] and message in err
