"""Mask secrets in a paste before anything is echoed, logged or stored.

Token rules only start at the beginning of a run of token characters (a look-behind right after the
literal prefix) and use possessive repeats, so a long run of look-alike characters is scanned once.

Every regex has a literal anchor and bounded repeats, so redaction is linear in the paste length.
The result says which kinds of secret were found, so the learner can be told to revoke them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.core.explainer.patterns import ascii_lower
from bot.core.text import LocalizedText

MASK = "[REDACTED]"


class SecretKind(StrEnum):
    DOCKER_HUB_TOKEN = "docker_hub_token"
    GITHUB_TOKEN = "github_token"
    AWS_ACCESS_KEY_ID = "aws_access_key_id"
    AWS_SECRET_ACCESS_KEY = "aws_secret_access_key"
    GCP_ACCESS_TOKEN = "gcp_access_token"
    REGISTRY_TOKEN = "registry_token"
    PASSWORD_ARGUMENT = "password_argument"
    AUTHORIZATION_HEADER = "authorization_header"
    DOCKER_CONFIG_AUTH = "docker_config_auth"
    ENV_SECRET = "env_secret"


@dataclass(frozen=True, slots=True)
class Redaction:
    """The masked text and the kinds of secret that were masked (in order of first appearance)."""

    text: str
    kinds: tuple[SecretKind, ...]

    @property
    def found(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True, slots=True)
class _Rule:
    """``regex`` starts with a literal (so the regex engine scans fast) and runs on the
    ASCII-lowercased text when ``lowered`` (it is then written in lowercase); ``group`` holds the secret."""

    kind: SecretKind
    regex: re.Pattern[str]
    group: int = 0
    lowered: bool = False


_VALUE = r"(\"[^\"\n]{1,300}\"|'[^'\n]{1,300}'|[^\s\"'$][^\s\"']{0,499})"
_RULES: tuple[_Rule, ...] = (
    _Rule(SecretKind.DOCKER_HUB_TOKEN, re.compile(r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{16,200}")),
    _Rule(SecretKind.GITHUB_TOKEN, re.compile(r"gh[pousr]_[A-Za-z0-9]{30,255}")),
    _Rule(SecretKind.GITHUB_TOKEN, re.compile(r"github_pat_[A-Za-z0-9_]{30,255}")),
    _Rule(
        SecretKind.AWS_ACCESS_KEY_ID,
        re.compile(r"(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
    ),
    _Rule(
        SecretKind.AWS_SECRET_ACCESS_KEY,
        re.compile(r"secret_?access_?key[\"']?\s{0,4}[:=]\s{0,4}[\"']?([a-z0-9/+=]{40})(?![a-z0-9/+=])"),
        group=1,
        lowered=True,
    ),
    _Rule(SecretKind.GCP_ACCESS_TOKEN, re.compile(r"ya29\.[A-Za-z0-9_.-]{20,2000}")),
    _Rule(
        SecretKind.REGISTRY_TOKEN,
        re.compile(
            r"eyJ(?<![A-Za-z0-9_+/=-]eyJ)[A-Za-z0-9_-]{8,8000}+\.[A-Za-z0-9_-]{8,8000}+\.[A-Za-z0-9_-]{8,8000}+"
        ),
    ),
    _Rule(
        SecretKind.REGISTRY_TOKEN,
        re.compile(
            r"eyJ(?<![A-Za-z0-9_+/=-]eyJ)[A-Za-z0-9_+/=-]{30,8000}+(?:\.[A-Za-z0-9_+/=-]{8,8000}+){0,2}"
        ),
    ),
    _Rule(
        SecretKind.AUTHORIZATION_HEADER,
        re.compile(
            r"authorization[\"']?\s{0,4}[:=]\s{0,4}[\"']?(?:(?:bearer|basic|token)\s{1,4})?([^\s\"',]{6,4000})"
        ),
        group=1,
        lowered=True,
    ),
    _Rule(
        SecretKind.AUTHORIZATION_HEADER,
        re.compile(r"bearer\s{1,4}([a-z0-9._~+/=-]{16,4000})"),
        group=1,
        lowered=True,
    ),
    _Rule(
        SecretKind.DOCKER_CONFIG_AUTH,
        re.compile(r"\"(?:auth|identitytoken|registrytoken|password)\"\s{0,4}:\s{0,4}\"([^\"\n]{1,8000})\""),
        group=1,
        lowered=True,
    ),
    _Rule(
        SecretKind.PASSWORD_ARGUMENT,
        re.compile(r"--password(?:=|\s{1,8})" + _VALUE),
        group=1,
    ),
    _Rule(
        SecretKind.PASSWORD_ARGUMENT,
        re.compile(r"login\b[^\n]{0,300}?\s-p(?:=|\s{1,8})" + _VALUE),
        group=1,
        lowered=True,
    ),
    *(
        _Rule(SecretKind.ENV_SECRET, re.compile(word + r"[A-Z0-9_]{0,20}=" + _VALUE), group=1)
        for word in ("PASSWORD", "PASSWD", "TOKEN", "SECRET", "_PAT")
    ),
)

_LABELS: dict[SecretKind, LocalizedText] = {
    SecretKind.DOCKER_HUB_TOKEN: LocalizedText(
        "un access token Docker Hub (dckr_pat_…)", "a Docker Hub access token"
    ),
    SecretKind.GITHUB_TOKEN: LocalizedText("un token GitHub (ghp_/github_pat_…)", "a GitHub token"),
    SecretKind.AWS_ACCESS_KEY_ID: LocalizedText(
        "un identifiant de clé d'accès AWS (AKIA…)", "an AWS access key id"
    ),
    SecretKind.AWS_SECRET_ACCESS_KEY: LocalizedText("une clé secrète AWS", "an AWS secret access key"),
    SecretKind.GCP_ACCESS_TOKEN: LocalizedText(
        "un token d'accès Google Cloud (ya29.…)", "a Google Cloud access token"
    ),
    SecretKind.REGISTRY_TOKEN: LocalizedText(
        "un token de connexion au registry (ECR/JWT)", "a registry login token (ECR/JWT)"
    ),
    SecretKind.PASSWORD_ARGUMENT: LocalizedText(
        "un mot de passe passé avec -p/--password", "a password given with -p/--password"
    ),
    SecretKind.AUTHORIZATION_HEADER: LocalizedText(
        "un en-tête Authorization/Bearer", "an Authorization/Bearer header"
    ),
    SecretKind.DOCKER_CONFIG_AUTH: LocalizedText(
        "une entrée « auths » de ~/.docker/config.json (identifiants encodés en base64, pas chiffrés)",
        "an 'auths' entry of ~/.docker/config.json (base64-encoded credentials, not encrypted)",
    ),
    SecretKind.ENV_SECRET: LocalizedText(
        "une variable d'environnement secrète (…PASSWORD=/…TOKEN=)", "a secret environment variable"
    ),
}


def secret_label(kind: SecretKind, lang: str = "fr") -> str:
    return _LABELS[kind].get(lang)


def redact(text: str) -> Redaction:
    """Mask every secret found in ``text``; the line structure is kept."""
    lowered = ascii_lower(text)
    spans: list[tuple[int, int, SecretKind]] = []
    for rule in _RULES:
        for match in rule.regex.finditer(lowered if rule.lowered else text):
            start, end = match.span(rule.group)
            if end > start and not _is_placeholder(text[start:end]):
                spans.append((start, end, rule.kind))
    if not spans:
        return Redaction(text=text, kinds=())
    spans.sort(key=lambda s: (s[0], -s[1]))
    pieces: list[str] = []
    kinds: dict[SecretKind, None] = {}
    cursor = 0
    for start, end, kind in spans:
        if start < cursor:  # overlaps a secret already masked
            continue
        pieces += [text[cursor:start], MASK]
        kinds[kind] = None
        cursor = end
    pieces.append(text[cursor:])
    return Redaction(text="".join(pieces), kinds=tuple(kinds))


def _is_placeholder(value: str) -> bool:
    """Variables and obvious placeholders are not secrets (``$TOKEN``, ``${{ secrets.X }}``, ``<token>``)."""
    value = value.strip("\"'")
    return (
        not value or value[0] in "$<{%*[" or value.upper() in {"XXX", "XXXX", "XXXXXX", "PASSWORD", "TOKEN"}
    )
