"""A seeded pool of realistic image names for the `image_name` and `command` generators."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Official images with tags they really publish.
OFFICIAL: dict[str, tuple[str, ...]] = {
    "nginx": ("1.25-alpine", "1.27", "stable", "alpine", "latest"),
    "python": ("3.12-slim", "3.11", "3.12-alpine", "latest"),
    "node": ("20-alpine", "22", "lts", "latest"),
    "postgres": ("16", "16-alpine", "15.6", "latest"),
    "redis": ("7.2", "7-alpine", "latest"),
    "alpine": ("3.19", "3.20", "latest"),
    "ubuntu": ("24.04", "22.04", "noble", "latest"),
    "httpd": ("2.4", "2", "alpine"),
    "mysql": ("8.0", "8.4", "lts"),
    "registry": ("2", "2.8", "latest"),
}
USERS = ("johnwick", "tonusername", "bitnami", "entreprise", "acme", "grafana", "moncompte")
APPS = ("myapp", "api", "web", "worker", "docker-learning-page", "private-app", "billing_service", "front")
APP_TAGS = ("v1.0.0", "1.2.3", "1.2", "prod", "staging", "git-abc123f", "2025-02-06", "latest", "v2")
ECR = "123456789012.dkr.ecr.eu-west-3.amazonaws.com"
ACR = "monregistre.azurecr.io"
# (host, namespaces that make sense there; "" = none)
HOSTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ghcr.io", ("username", "acme", "tonusername")),
    ("gcr.io", ("my-project", "acme-prod")),
    (ECR, ("", "team")),
    (ACR, ("", "billing")),
    ("localhost:5000", ("",)),
    ("localhost", ("",)),
    ("registry.example.com:8443", ("team", "")),
    ("192.168.1.20:5000", ("",)),
    ("quay.io", ("prometheus", "acme")),
)
# Names whose expansion surprises learners; each teaches one rule of the reference core.
TRICKY = (
    "localhost:5000",  # no "/": a Docker Hub image "library/localhost" with tag "5000"
    "Johnwick/myapp",  # a capital in the first component makes it a registry host
    "index.docker.io/library/nginx",  # rewritten to docker.io
    "docker.io/nginx",  # library/ still added
    "my--app",  # repeated dashes are a valid separator
    "library/nginx:1.25-alpine",
)
# Invalid on purpose (the `valid` ask); the reference core says why.
INVALID = (
    "MyApp:v1.0.0",
    "tonusername/MyApp",
    "my app",
    "nginx:",
    "nginx:-alpine",
    "my_registry:5000/app",
    "my___app",
    "-myapp",
    "https://hub.docker.com/nginx",
    "nginx@sha256:abc123",
    "nginx:1.25::alpine",
)


@dataclass(frozen=True, slots=True)
class PoolName:
    text: str
    family: str  # official, user, hosted, tricky, invalid, lesson


def _digest(rng: random.Random, length: int = 64, alphabet: str = "0123456789abcdef") -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def _suffix(rng: random.Random, tags: tuple[str, ...]) -> str:
    roll = rng.random()
    if roll < 0.3:
        return ""
    if roll < 0.85:
        return f":{rng.choice(tags)}"
    if roll < 0.95:
        return f"@sha256:{_digest(rng)}"
    return f":{rng.choice(tags)}@sha256:{_digest(rng)}"


def official_name(rng: random.Random) -> str:
    prefix = rng.choice(("", "", "", "", "docker.io/", "docker.io/library/", "library/"))
    image = rng.choice(sorted(OFFICIAL))
    return f"{prefix}{image}{_suffix(rng, OFFICIAL[image])}"


def user_name(rng: random.Random) -> str:
    prefix = rng.choice(("", "", "", "docker.io/"))
    return f"{prefix}{rng.choice(USERS)}/{rng.choice(APPS)}{_suffix(rng, APP_TAGS)}"


def hosted_name(rng: random.Random) -> str:
    host, namespaces = rng.choice(HOSTS)
    namespace = rng.choice(namespaces)
    path = f"{namespace}/{rng.choice(APPS)}" if namespace else rng.choice(APPS)
    return f"{host}/{path}{_suffix(rng, APP_TAGS)}"


def invalid_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return rng.choice(INVALID)
    if roll < 0.8:
        return f"nginx@sha256:{_digest(rng, 40)}"  # wrong digest length
    if roll < 0.9:
        return f"nginx@sha256:{_digest(rng, 64, '0123456789ABCDEF')}"  # uppercase hex
    return _digest(rng)  # 64 hex: an image id, not a name


def pool_name(rng: random.Random, lesson_names: tuple[str, ...]) -> PoolName:
    """One valid name: from the lesson's commands (a quarter of the time when it has some) or the pool."""
    roll = rng.random()
    if lesson_names and roll < 0.25:
        return PoolName(rng.choice(lesson_names), "lesson")
    if roll < 0.45:
        return PoolName(official_name(rng), "official")
    if roll < 0.65:
        return PoolName(user_name(rng), "user")
    if roll < 0.93:
        return PoolName(hosted_name(rng), "hosted")
    return PoolName(rng.choice(TRICKY), "tricky")
