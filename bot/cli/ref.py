"""``dockcoach ref``: how Docker expands image references, or why it rejects them.

Each reference (arguments, or stdin one per line when there are none) is parsed with Docker's rules. The human
output names every part (registry, namespace, repository, tag, digest) and says which ones Docker filled in;
``--json`` prints one JSON object per reference (JSON Lines). Exit status: 0 when all are valid, 1 when any is
invalid, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from bot.core.reference_text import show, split_written
from bot.core.references import (
    DEFAULT_TAG,
    ImageReference,
    ImpliedParts,
    InvalidReferenceError,
    implied_parts,
    parse_reference,
)

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_LABELS = {
    "fr": {
        "valid": "valide",
        "invalid": "invalide",
        "registry": "registre",
        "namespace": "espace de noms",
        "repository": "dépôt",
        "tag": "tag",
        "digest": "digest",
        "canonical": "forme complète",
        "familiar": "forme courte",
        "docker": "message de Docker",
        "none": "(aucun)",
        "default": "par défaut",
        "hub": "Docker Hub, registre par défaut",
        "library": "ajouté par Docker : image officielle",
        "latest": "par défaut, car ni tag ni digest",
        "no_registry": "(aucun : le premier composant n'est pas un nom d'hôte valide, tout est chemin)",
        "bare_host": "attention : sans `/`, Docker lit {name} comme une image de Docker Hub, "
        "pas comme un registre",
        "capital_host": "attention : {name} contient des majuscules, alors Docker le prend pour un registre",
        "no_input": "dockcoach ref : aucune référence (ni argument ni ligne sur l'entrée standard)",
    },
    "en": {
        "valid": "valid",
        "invalid": "invalid",
        "registry": "registry",
        "namespace": "namespace",
        "repository": "repository",
        "tag": "tag",
        "digest": "digest",
        "canonical": "full form",
        "familiar": "short form",
        "docker": "Docker's message",
        "none": "(none)",
        "default": "default",
        "hub": "Docker Hub, the default registry",
        "library": "added by Docker: official image",
        "latest": "default, as there is neither tag nor digest",
        "no_registry": "(none: the first component is not a valid host name, so it is all path)",
        "bare_host": "note: without a `/`, Docker reads {name} as a Docker Hub image, not as a registry",
        "capital_host": "note: {name} has capital letters, so Docker takes it for a registry",
        "no_input": "dockcoach ref: no reference (no argument and no line on standard input)",
    },
}


@dataclass(frozen=True, slots=True)
class RefOutcome:
    """One input line and what Docker makes of it."""

    text: str
    reference: ImageReference | None
    error: InvalidReferenceError | None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ref",
        help="explain how Docker expands image references (stdin when no REF)",
        description="Explique comment Docker complète un nom d'image, ou pourquoi il le refuse.",
    )
    parser.add_argument("refs", nargs="*", metavar="REF", help="image references (default: stdin lines)")
    parser.add_argument("--json", action="store_true", help="one JSON object per reference (JSON Lines)")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the explanations")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    texts = list(args.refs) if args.refs else list(read_lines(sys.stdin))
    if not texts:
        print(_LABELS[args.lang]["no_input"], file=sys.stderr)
        return EXIT_USAGE
    outcomes = [analyse(text) for text in texts]
    for index, outcome in enumerate(outcomes):
        if args.json:
            print(json.dumps(to_json(outcome, args.lang)))
        else:
            if index:
                print()
            print("\n".join(render(outcome, args.lang)))
    return EXIT_OK if all(outcome.error is None for outcome in outcomes) else EXIT_INVALID


def read_lines(stream: TextIO) -> Iterator[str]:
    """Lines without their terminator (``\\n`` or ``\\r\\n``); blank lines skipped; nothing else stripped."""
    for raw in stream:
        line = raw[:-1] if raw.endswith("\n") else raw
        line = line[:-1] if line.endswith("\r") else line
        if line.strip():
            yield line


def analyse(text: str) -> RefOutcome:
    try:
        return RefOutcome(text, parse_reference(text), None)
    except InvalidReferenceError as error:
        return RefOutcome(text, None, error)


def to_json(outcome: RefOutcome, lang: str) -> dict[str, object]:
    ref, error = outcome.reference, outcome.error
    parts: dict[str, object] = dict.fromkeys(
        ("registry", "path", "namespace", "repository", "tag", "digest", "canonical", "familiar")
    )
    if ref is not None:
        parts = {
            "registry": ref.registry,
            "path": ref.path,
            "namespace": ref.namespace,
            "repository": ref.repository,
            "tag": ref.tag,
            "digest": ref.digest,
            "canonical": ref.canonical,
            "familiar": ref.familiar,
        }
    return {
        "input": outcome.text,
        "valid": error is None,
        "error_kind": None if error is None else str(error.kind),
        "message": None if error is None else error.message(lang),
        **parts,
    }


def render(outcome: RefOutcome, lang: str) -> list[str]:
    labels = _LABELS[lang]
    if outcome.error is not None:
        error = outcome.error
        return [
            f"{show(outcome.text)} : ✘ {labels['invalid']} ({error.kind})",
            f"  {error.message(lang)}",
            f"  {labels['docker']} : {show(error.docker_message, 200)}",
        ]
    ref = outcome.reference
    assert ref is not None
    lines = [f"{outcome.text} : ✔ {labels['valid']} → {ref.canonical}"]
    lines.extend(_part_lines(ref, implied_parts(outcome.text), labels))
    lines.append(f"  {labels['familiar']:<15} {ref.familiar}")
    note = _surprise_note(outcome.text, labels)
    if note:
        lines.append(f"  {note}")
    return lines


def _part_lines(ref: ImageReference, implied: ImpliedParts, labels: dict[str, str]) -> Iterable[str]:
    registry = ref.registry or labels["no_registry"]
    if implied.registry and ref.registry:
        registry = f"{registry}  ({labels['hub']})"
    namespace = ref.namespace or labels["none"]
    if implied.library:
        namespace = f"{namespace}  ({labels['library']})"
    tag = ref.tag or labels["none"]
    if implied.tag:
        tag = f"{DEFAULT_TAG}  ({labels['latest']})"
    rows = (
        ("registry", registry),
        ("namespace", namespace),
        ("repository", ref.repository),
        ("tag", tag),
        ("digest", ref.digest or labels["none"]),
    )
    return (f"  {labels[key]:<15} {value}" for key, value in rows)


def _surprise_note(text: str, labels: dict[str, str]) -> str:
    """Warn about Docker's guesses that surprise learners: ``localhost:5000`` alone, ``MyOrg/app``."""
    first, slash, _ = text.partition("/")
    if not slash:
        name = split_written(text)[0]
        if name == "localhost" or "." in name:
            return labels["bare_host"].format(name=f"`{name}`")
    elif "." not in first and ":" not in first and first.lower() != first:
        return labels["capital_host"].format(name=f"`{first}`")
    return ""
