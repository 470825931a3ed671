"""Fixes tailored to the learner's own command, computed with the image-reference core.

Each advisor receives the detection line and the paste context and returns concrete steps (a
sentence and, when useful, the exact command to type). The entry's general text is shown anyway;
these steps only add what can be said about *this* paste.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.explainer.context import PasteContext
from bot.core.references import (
    InvalidReferenceError,
    go_lower,
    is_valid_reference,
    parse_reference,
    try_parse_reference,
)
from bot.core.text import LocalizedText

T = LocalizedText
USER = T("<ton-nom>", "<your-name>")


@dataclass(frozen=True, slots=True)
class AdviceStep:
    """One concrete step: what to do, and optionally the command to copy."""

    text: LocalizedText
    command: LocalizedText | None = None


Advisor = Callable[[str, PasteContext], list[AdviceStep]]
_ADVISORS: dict[str, Advisor] = {}


def advisor(*ids: str) -> Callable[[Advisor], Advisor]:
    def register(func: Advisor) -> Advisor:
        for entry_id in ids:
            _ADVISORS[entry_id] = func
        return func

    return register


def tailored_advice(entry_id: str, line: str, context: PasteContext) -> tuple[AdviceStep, ...]:
    """Steps specific to this paste for one entry (empty when nothing specific can be said)."""
    func = _ADVISORS.get(entry_id)
    return tuple(func(line, context)) if func else ()


def step(fr: str, en: str, command: str | T | None = None) -> AdviceStep:
    cmd = T(command, command) if isinstance(command, str) else command
    return AdviceStep(T(fr, en), cmd)


def lowercase_reference(reference: str) -> str | None:
    """The same reference with its name lowercased (the tag keeps its case), if that makes it valid."""
    name, at, digest = reference.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    tag = ""
    if colon > slash:
        name, tag = name[:colon], name[colon:]
    fixed = go_lower(name) + tag + at + digest
    return fixed if fixed != reference and is_valid_reference(fixed) else None


def _hub_name(context: PasteContext) -> str | None:
    if context.host == "docker.io" and context.repository:
        return context.repository.removeprefix("library/")
    return None


def _target(context: PasteContext) -> str:
    return context.reference or "<image>:<tag>"


def _login_target(host: str | None) -> str:
    return "" if not host or host == "docker.io" else f" {host}"


_EXACT_REF_IN_LINE = (
    re.compile(r"invalid tag \"([^\"\n]{1,300})\""),
    re.compile(r"Error parsing reference: \"([^\"\n]{1,300})\""),
    re.compile(r"invalid argument \"([^\"\n]{1,300})\" for \"-t"),
)
_NORMALIZED_REF_IN_LINE = re.compile(r"repository name \(([^)\s]{1,300})\) must be lowercase")


def _reference_from_line(line: str, context: PasteContext) -> str | None:
    """The rejected reference: quoted by the error, else from the command, else Docker's normalized name."""
    for pattern in _EXACT_REF_IN_LINE:
        match = pattern.search(line)
        if match:
            return match.group(1)
    if context.reference:
        return context.reference
    match = _NORMALIZED_REF_IN_LINE.search(line)
    return match.group(1) if match else None


@advisor("repo_name_uppercase", "invalid_reference_format")
def _advise_reference(line: str, context: PasteContext) -> list[AdviceStep]:
    reference = _reference_from_line(line, context)
    if not reference:
        return []
    steps: list[AdviceStep] = []
    try:
        parse_reference(reference)
    except InvalidReferenceError as exc:
        steps.append(
            AdviceStep(T(f"`{reference}` : {exc.message('fr')}", f"`{reference}`: {exc.message('en')}"))
        )
    fixed = lowercase_reference(reference)
    if fixed is None and reference.startswith(("http://", "https://")):
        fixed = reference.split("://", 1)[1]
        fixed = fixed if is_valid_reference(fixed) else None
    if fixed:
        command = context.command_line.replace(reference, fixed) if context.command_line else fixed
        steps.append(step(f"Utilise plutôt `{fixed}` :", f"Use `{fixed}` instead:", command))
    return steps


@advisor("denied_access")
def _advise_denied(line: str, context: PasteContext) -> list[AdviceStep]:
    steps = [
        step(
            "Vérifie que tu es connecté au bon registry :",
            "Check you are logged in to the right registry:",
            f"docker login{_login_target(context.host)}",
        )
    ]
    name = _hub_name(context)
    ref = try_parse_reference(context.reference) if context.reference else None
    pushing = context.command in (None, "docker push", "docker buildx build") and "pull access" not in line
    if name and ref is not None and ref.is_official and pushing:
        tag = f":{context.tag}" if context.tag else ""
        steps.append(
            step(
                f"`{name}` est interprété comme `docker.io/library/{name}` (images officielles) : "
                f"personne ne peut y pousser. Tague l'image sous ton nom Docker Hub puis pousse-la :",
                f"`{name}` means `docker.io/library/{name}` (official images): nobody can push there. "
                "Tag it under your Docker Hub name, then push:",
                T(
                    f"docker tag {name}{tag} <ton-nom>/{name}{tag}\ndocker push <ton-nom>/{name}{tag}",
                    f"docker tag {name}{tag} <your-name>/{name}{tag}\ndocker push <your-name>/{name}{tag}",
                ),
            )
        )
    elif ref is not None and ref.registry == "docker.io" and ref.namespace and pushing:
        steps.append(
            step(
                f"Le préfixe `{ref.namespace}/` doit être exactement ton nom d'utilisateur Docker Hub "
                "(ou une organisation où tu as le droit d'écrire).",
                f"The `{ref.namespace}/` prefix must be exactly your Docker Hub username "
                "(or an organization you can write to).",
            )
        )
    if "pull access" in line or context.command == "docker pull":
        steps.append(
            step(
                "Pour un pull : vérifie l'orthographe du nom (il n'existe "
                "peut-être pas) ou, s'il est privé, connecte-toi.",
                "For a pull: check the spelling (it may not exist) or, if it is private, log in.",
            )
        )
    if context.host == "ghcr.io":
        steps.append(_ghcr_scope_step())
    return steps


def _ghcr_scope_step() -> AdviceStep:
    return step(
        "Sur GHCR, le token doit avoir le droit `write:packages` (PAT), ou le workflow "
        "`permissions: packages: write` (GITHUB_TOKEN) et l'accès Actions au package.",
        "On GHCR the token needs `write:packages` (PAT), or the workflow needs "
        "`permissions: packages: write` (GITHUB_TOKEN) and Actions access to the package.",
        "permissions:\n  contents: read\n  packages: write",
    )


@advisor("unauthorized", "non_tty_login")
def _advise_login(line: str, context: PasteContext) -> list[AdviceStep]:
    host = context.host or ""
    if host.endswith(".azurecr.io"):
        return [
            step(
                "Connecte-toi à Azure Container Registry :",
                "Log in to Azure Container Registry:",
                f"az acr login --name {host.split('.')[0]}",
            )
        ]
    if context.region and ".dkr.ecr." in host:
        return _advise_ecr_auth(line, context)
    if host.endswith("docker.pkg.dev") or host.endswith("gcr.io"):
        return _advise_gcp(line, context)
    user = "AWS" if ".dkr.ecr." in host else "<user>"
    variable = {"ghcr.io": "$CR_PAT"}.get(host, "$REGISTRY_TOKEN")
    return [
        step(
            "Connecte-toi sans saisie interactive, le secret passé par l'entrée standard :",
            "Log in non-interactively, the secret passed on standard input:",
            f'echo "{variable}" | docker login{_login_target(host)} -u {user} --password-stdin',
        )
    ]


@advisor("ecr_auth")
def _advise_ecr_auth(line: str, context: PasteContext) -> list[AdviceStep]:
    if context.host and ".dkr.ecr." not in context.host and "ecr:" not in line:
        return [
            step(
                f"Docker n'a aucun identifiant pour `{context.host}` : connecte-toi d'abord.",
                f"Docker has no credentials for `{context.host}`: log in first.",
                f"docker login{_login_target(context.host)}",
            )
        ]
    host = (
        context.host
        if context.host and ".dkr.ecr." in context.host
        else "<id>.dkr.ecr.<region>.amazonaws.com"
    )
    region = context.region or "<region>"
    return [
        step(
            "Le token ECR expire au bout de 12 h : reconnecte-toi avec l'AWS CLI :",
            "ECR login tokens expire after 12 hours: log in again with the AWS CLI:",
            f"aws ecr get-login-password --region {region} | docker "
            f"login --username AWS --password-stdin {host}",
        )
    ]


@advisor("gcp_auth")
def _advise_gcp(line: str, context: PasteContext) -> list[AdviceStep]:
    host = context.host or ""
    if not (host.endswith("docker.pkg.dev") or host.endswith("gcr.io")):
        host = "<region>-docker.pkg.dev"
    return [
        step(
            "Enregistre gcloud comme assistant d'identification pour ce registry précis :",
            "Register gcloud as the credential helper for this exact registry:",
            f"gcloud auth login\ngcloud auth configure-docker {host}",
        ),
        step(
            "Il faut aussi le rôle `roles/artifactregistry.writer` (push) ou `reader` (pull) sur le dépôt.",
            "You also need `roles/artifactregistry.writer` (push) or `reader` (pull) on the repository.",
        ),
    ]


@advisor("name_unknown")
def _advise_name_unknown(line: str, context: PasteContext) -> list[AdviceStep]:
    host = context.host or ""
    name = context.repository or "<nom-du-depot>"
    if ".dkr.ecr." in host or "registry with id" in line:
        region = context.region or "<region>"
        return [
            step(
                "ECR ne crée pas les dépôts au premier push : crée-le d'abord, puis relance le push.",
                "ECR does not create repositories on first push: create it, then push again.",
                f"aws ecr create-repository --repository-name {name} --region {region}",
            )
        ]
    if host.endswith("docker.pkg.dev"):
        parts = name.split("/")
        repo = parts[1] if len(parts) > 2 else "<depot>"
        return [
            step(
                "Sur Artifact Registry, le dépôt (2e partie du chemin) doit exister :",
                "On Artifact Registry the repository (2nd part of the path) must exist:",
                f"gcloud artifacts repositories create {repo} "
                f"--repository-format=docker --location={context.region}",
            )
        ]
    return [
        step(
            f"Vérifie que le dépôt `{name}` existe sur `{host or 'le registry'}` et que le nom est exact.",
            f"Check that repository `{name}` exists on `{host or 'the registry'}` and is spelled right.",
        )
    ]


@advisor("ghcr_permission")
def _advise_ghcr(line: str, context: PasteContext) -> list[AdviceStep]:
    return [
        _ghcr_scope_step(),
        step(
            "Le premier segment du chemin doit être ton compte ou ton organisation GitHub, en minuscules.",
            "The first path segment must be your GitHub account or organization, in lowercase.",
            T(
                "docker tag <image> ghcr.io/<ton-compte>/<image>:<tag>",
                "docker tag <image> ghcr.io/<your-account>/<image>:<tag>",
            ),
        ),
    ]


@advisor("image_not_local")
def _advise_not_local(line: str, context: PasteContext) -> list[AdviceStep]:
    target = context.reference
    if context.command == "docker tag" and context.source:
        return [
            step(
                f"L'image source `{context.source}` n'existe pas en local : vérifie son nom et son tag.",
                f"The source image `{context.source}` does not exist locally: check its name and tag.",
                "docker image ls",
            )
        ]
    if not target:
        return [
            step(
                "Liste tes images locales pour retrouver le bon nom :",
                "List your local images to find the right name:",
                "docker image ls",
            )
        ]
    parsed = try_parse_reference(target)
    source = context.source
    if source is None and parsed is not None:
        source = parsed.repository + (f":{parsed.tag}" if parsed.tag else "")
    steps = [
        step(
            "Vérifie sous quel nom l'image existe en local :",
            "Check under which name the image exists locally:",
            "docker image ls",
        )
    ]
    if source and source != target:
        steps.append(
            step(
                f"Si ton image s'appelle `{source}`, donne-lui le nom cible puis pousse :",
                f"If your image is called `{source}`, give it the target name, then push:",
                f"docker tag {source} {target}\ndocker push {target}",
            )
        )
    return steps


@advisor("insecure_registry_http")
def _advise_insecure(line: str, context: PasteContext) -> list[AdviceStep]:
    host = context.host if context.host and context.host != "docker.io" else "<hôte>:<port>"
    snippet = json.dumps({"insecure-registries": [host]}, indent=2)
    return [
        step(
            f"Ce registry parle HTTP : autorise-le pour `{host}` exactement dans /etc/docker/daemon.json "
            "(Docker Desktop : Settings > Docker Engine), puis redémarre "
            "Docker. À réserver à un réseau de confiance.",
            f"This registry speaks HTTP: allow exactly `{host}` in /etc/docker/daemon.json "
            "(Docker Desktop: Settings > Docker Engine), then restart Docker. Only on a trusted network.",
            f"{snippet}\n\nsudo systemctl restart docker",
        )
    ]
