"""Tailored fixes for network, daemon, client and registry-side errors (see :mod:`advice`)."""

from __future__ import annotations

import json
import re

from bot.core.explainer.advice import AdviceStep, T, advisor, step
from bot.core.explainer.context import PasteContext
from bot.core.references import try_parse_reference

_STATUS_PAGES = {
    "docker.io": "https://www.dockerstatus.com",
    "ghcr.io": "https://www.githubstatus.com",
    "quay.io": "https://status.redhat.com",
}
_HELPER = re.compile(r"docker-credential-([a-z0-9-]{2,40})")
_USAGE = re.compile(r"\"docker ([a-z]{2,12}(?: [a-z]{2,12})?)\" requires")
_USAGES = {
    "push": "docker push NAME[:TAG]",
    "pull": "docker pull NAME[:TAG|@DIGEST]",
    "tag": "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    "build": "docker build -t NAME[:TAG] PATH",
    "login": "docker login [SERVER]",
    "run": "docker run [OPTIONS] IMAGE [COMMAND]",
}


def _host(context: PasteContext, fallback: str) -> str:
    return context.host if context.host and context.host != "docker.io" else fallback


@advisor("rate_limited")
def _advise_rate(line: str, context: PasteContext) -> list[AdviceStep]:
    mirror = json.dumps({"registry-mirrors": ["https://<ton-cache>"]}, indent=2)
    return [
        step(
            "Connecte-toi : un compte (même gratuit) a une limite plus haute que l'anonyme (comptée par IP).",
            "Log in: an account (even free) has a higher limit than anonymous pulls (counted per IP).",
            "docker login",
        ),
        step(
            "Les limites actuelles de Docker Hub sont sur https://docs.docker.com/docker-hub/usage/ ; "
            "en CI, connecte-toi avant chaque build et évite de re-télécharger les mêmes images.",
            "Docker Hub's current limits are at https://docs.docker.com/docker-hub/usage/; "
            "in CI, log in before each build and avoid pulling the same images again.",
        ),
        step(
            "Pour une équipe ou une CI : un cache pull-through (registry:2 avec REGISTRY_PROXY_REMOTEURL) "
            "déclaré comme miroir dans daemon.json.",
            "For a team or CI: a pull-through cache (registry:2 with REGISTRY_PROXY_REMOTEURL) "
            "declared as a mirror in daemon.json.",
            T(
                "docker run -d -p 5000:5000 -e "
                "REGISTRY_PROXY_REMOTEURL=https://registry-1.docker.io registry:2\n" + mirror,
                "docker run -d -p 5000:5000 -e REGISTRY_PROXY_REMOTEURL=https://registry-1.docker.io "
                "registry:2\n" + mirror.replace("<ton-cache>", "<your-cache>"),
            ),
        ),
    ]


@advisor("manifest_unknown")
def _advise_manifest(line: str, context: PasteContext) -> list[AdviceStep]:
    ref = try_parse_reference(context.reference) if context.reference else None
    if ref is None:
        return []
    steps = [
        step(
            "Vérifie que ce tag existe bien (liste des tags du dépôt) :",
            "Check that this tag exists:",
            f"docker buildx imagetools inspect {ref.familiar}",
        )
    ]
    if ref.registry == "docker.io":
        page = ref.path.removeprefix("library/") if ref.is_official else ref.path
        url = (
            f"https://hub.docker.com/_/{page}/tags"
            if ref.is_official
            else f"https://hub.docker.com/r/{page}/tags"
        )
        steps.append(step(f"Tags disponibles : {url}", f"Available tags: {url}"))
    if ref.uses_default_tag or ref.tag == "latest":
        steps.append(
            step(
                "Sans tag, Docker demande `:latest`, qui n'existe pas forcément : précise un tag.",
                "Without a tag Docker asks for `:latest`, which may not exist: give a tag.",
            )
        )
    return steps


@advisor("tls_unknown_authority")
def _advise_ca(line: str, context: PasteContext) -> list[AdviceStep]:
    host = _host(context, "<hôte>:<port>")
    return [
        step(
            f"Fais confiance à la CA de ce registry pour `{host}` "
            f"uniquement (pas besoin de redémarrer Docker) :",
            f"Trust this registry's CA for `{host}` only (no Docker restart needed):",
            f"sudo mkdir -p /etc/docker/certs.d/{host}\nsudo cp ca.crt /etc/docker/certs.d/{host}/ca.crt",
        )
    ]


@advisor("tls_other")
def _advise_tls(line: str, context: PasteContext) -> list[AdviceStep]:
    host = _host(context, "<hôte>")
    name, _, port = host.partition(":")
    return [
        step(
            "Inspecte le certificat présenté (nom, dates, chaîne) :",
            "Inspect the certificate (names, dates, chain):",
            f"openssl s_client -connect {name}:{port or 443} -servername {name} </dev/null | "
            "openssl x509 -noout -subject -dates -ext subjectAltName",
        )
    ]


@advisor("connection_refused")
def _advise_refused(line: str, context: PasteContext) -> list[AdviceStep]:
    host = _host(context, "<hôte>:<port>")
    return [
        step(
            f"Rien n'écoute sur `{host}` : vérifie que le registry tourne et sur quel port.",
            f"Nothing listens on `{host}`: check the registry is running and on which port.",
            f"docker ps --filter ancestor=registry:2\ncurl -v http://{host}/v2/",
        ),
        step(
            "Un registry local se lance ainsi :",
            "A local registry starts like this:",
            "docker run -d -p 5000:5000 --name registry registry:2",
        ),
    ]


@advisor("dns_resolution")
def _advise_dns(line: str, context: PasteContext) -> list[AdviceStep]:
    host = _host(context, "<hôte>").partition(":")[0]
    return [
        step(
            f"Vérifie l'orthographe de `{host}` et ta résolution DNS :",
            f"Check the spelling of `{host}` and DNS:",
            f"nslookup {host}",
        )
    ]


@advisor("network_timeout", "retrying_eof", "gateway_error_5xx")
def _advise_flaky(line: str, context: PasteContext) -> list[AdviceStep]:
    host = context.host or ""
    steps = [
        step(
            "Relance la commande : ces erreurs sont souvent passagères.",
            "Run the command again: these are often transient.",
            context.command_line,
        )
    ]
    if host in _STATUS_PAGES:
        steps.append(
            step(f"État du service : {_STATUS_PAGES[host]}", f"Service status: {_STATUS_PAGES[host]}")
        )
    if "Retrying" in line or "EOF" in line:
        steps.append(
            step(
                "Sur une connexion lente, limite les envois parallèles dans daemon.json :",
                "On a slow link, limit parallel uploads in daemon.json:",
                json.dumps({"max-concurrent-uploads": 1}, indent=2),
            )
        )
    return steps


@advisor("proxy_error")
def _advise_proxy(line: str, context: PasteContext) -> list[AdviceStep]:
    proxy = context.proxy or "<proxy>:<port>"
    snippet = json.dumps(
        {
            "proxies": {
                "http-proxy": f"http://{proxy}",
                "https-proxy": f"http://{proxy}",
                "no-proxy": "localhost,127.0.0.0/8",
            }
        },
        indent=2,
    )
    return [
        step(
            f"Le démon passe par le proxy `{proxy}` : vérifie son adresse dans daemon.json puis redémarre.",
            f"The daemon goes through proxy `{proxy}`: check it in daemon.json, then restart.",
            f"{snippet}\n\nsudo systemctl restart docker",
        )
    ]


@advisor("daemon_not_running")
def _advise_daemon(line: str, context: PasteContext) -> list[AdviceStep]:
    if "pipe" in line or "docker_engine" in line.lower() or "dockerDesktop" in line:
        return [
            step(
                "Lance Docker Desktop et attends « Engine running », puis relance.",
                "Start Docker Desktop and wait for 'Engine running', then retry.",
                "docker version",
            )
        ]
    if "/Users/" in line or ".docker/run" in line:
        return [
            step(
                "Lance Docker Desktop (ou ton runtime, ex. colima start), puis vérifie :",
                "Start Docker Desktop (or your runtime, e.g. colima start), then check:",
                "docker version",
            )
        ]
    return [
        step(
            "Démarre le démon et vérifie qu'il répond :",
            "Start the daemon and check it answers:",
            "sudo systemctl start docker\ndocker version",
        )
    ]


@advisor("permission_denied_socket")
def _advise_socket(line: str, context: PasteContext) -> list[AdviceStep]:
    return [
        step(
            "Ajoute ton utilisateur au groupe docker (équivaut à un accès root), puis rouvre ta session :",
            "Add your user to the docker group (root-equivalent access), then log in again:",
            "sudo usermod -aG docker $USER\nnewgrp docker\ndocker version",
        )
    ]


@advisor("credential_helper")
def _advise_helper(line: str, context: PasteContext) -> list[AdviceStep]:
    helper = _HELPER.search(line)
    name = helper.group(1) if helper else None
    steps = [
        step(
            "Regarde quel assistant est configuré (`credsStore` / `credHelpers`) :",
            "See which helper is configured (`credsStore` / `credHelpers`):",
            "cat ~/.docker/config.json",
        )
    ]
    if name:
        steps.append(
            step(
                f"`docker-credential-{name}` est introuvable ou échoue : installe-le (ou ajoute-le au PATH), "
                f'ou retire `"credsStore": "{name}"` de config.json, puis refais `docker login`.',
                f"`docker-credential-{name}` is missing or failing: install it (or add it to PATH), "
                f'or remove `"credsStore": "{name}"` from config.json, then run `docker login` again.',
            )
        )
    return steps


@advisor("cli_usage")
def _advise_usage(line: str, context: PasteContext) -> list[AdviceStep]:
    match = _USAGE.search(line)
    sub = match.group(1).split()[-1] if match else (context.command or "").split(" ")[-1]
    usage = _USAGES.get(sub)
    if usage is None:
        return []
    return [step(f"Syntaxe attendue : `{usage}`", f"Expected syntax: `{usage}`", f"docker {sub} --help")]


@advisor("payload_too_large")
def _advise_payload(line: str, context: PasteContext) -> list[AdviceStep]:
    return [
        step(
            "Le reverse proxy (souvent nginx) devant le registry limite "
            "la taille des requêtes : lève la limite.",
            "The reverse proxy (often nginx) in front of the registry limits request size: lift the limit.",
            "# nginx.conf, server/location du "
            "registry\nclient_max_body_size 0;\nchunked_transfer_encoding on;",
        )
    ]


@advisor("disk_full")
def _advise_disk(line: str, context: PasteContext) -> list[AdviceStep]:
    return [
        step(
            "Regarde ce qui occupe la place, puis nettoie ce qui ne sert plus :",
            "See what uses the space, then clean what you no longer need:",
            "docker system df\ndocker image prune\ndocker builder prune",
        )
    ]


@advisor("platform_mismatch")
def _advise_platform(line: str, context: PasteContext) -> list[AdviceStep]:
    ref = context.reference or "<image>:<tag>"
    wanted = re.search(r"for (linux/[a-z0-9]{2,10}(?:/v\d)?)", line)
    platform = wanted.group(1) if wanted else "linux/amd64"
    return [
        step(
            "Vérifie les plateformes publiées pour cette image :",
            "Check the platforms published for this image:",
            f"docker buildx imagetools inspect {ref}",
        ),
        step(
            "Publie une image multi-plateforme (ou demande explicitement "
            "une plateforme existante avec --platform) :",
            "Publish a multi-platform image (or explicitly ask for an existing platform with --platform):",
            f"docker buildx build --platform linux/amd64,linux/arm64 -t {ref} --push .\n"
            f"docker pull --platform {'linux/amd64' if platform != 'linux/amd64' else 'linux/arm64'} {ref}",
        ),
    ]


@advisor("unsupported_media_type", "blob_unknown", "digest_invalid")
def _advise_registry_side(line: str, context: PasteContext) -> list[AdviceStep]:
    cmd = context.command_line or "docker push <image>:<tag>"
    steps = [
        step(
            "Relance le push : une couche a pu être perdue ou corrompue en route.",
            "Push again: a layer may have been lost or corrupted on the way.",
            cmd,
        )
    ]
    if "media" in line.lower() or "manifest invalid" in line.lower():
        steps.append(
            step(
                "Registry ancien ou strict : pousse sans attestations/OCI index.",
                "Old or strict registry: push without attestations/OCI index.",
                "docker buildx build --provenance=false --sbom=false -t <image>:<tag> --push .",
            )
        )
    return steps
