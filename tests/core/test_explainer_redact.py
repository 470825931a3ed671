"""Secrets are masked before anything is echoed, and the kinds are reported."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.explainer.redact import MASK, SecretKind, redact, secret_label

GHP = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
PAT = "dckr_pat_" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1"
ECR_TOKEN = "eyJwYXlsb2FkIjoi" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" * 4 + "=="
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        (f"docker login -u bob -p {PAT}", PAT, SecretKind.DOCKER_HUB_TOKEN),
        (f"export CR_PAT={GHP}", GHP, SecretKind.GITHUB_TOKEN),
        ("token: github_pat_" + "11ABCDEFG0" * 6, "github_pat_" + "11ABCDEFG0" * 6, SecretKind.GITHUB_TOKEN),
        ("gho_" + "x" * 36, "gho_" + "x" * 36, SecretKind.GITHUB_TOKEN),
        ("ghs_" + "Y" * 36 + " in the log", "ghs_" + "Y" * 36, SecretKind.GITHUB_TOKEN),
        ("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", SecretKind.AWS_ACCESS_KEY_ID),
        ("key ASIAY34FZKBOKMUTVV7A used", "ASIAY34FZKBOKMUTVV7A", SecretKind.AWS_ACCESS_KEY_ID),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SecretKind.AWS_SECRET_ACCESS_KEY),
        (f"docker login -u AWS -p {ECR_TOKEN} https://1.dkr.ecr.eu-west-1.amazonaws.com", ECR_TOKEN,
         SecretKind.REGISTRY_TOKEN),
        ("docker login -u oauth2accesstoken -p ya29.a0AfB_byC-" + "q" * 40 + " https://gcr.io",
         "ya29.a0AfB_byC-" + "q" * 40, SecretKind.GCP_ACCESS_TOKEN),
        ("docker login -u bob -p 'S3cr3t pass' registry.lan", "S3cr3t pass", SecretKind.PASSWORD_ARGUMENT),
        ("docker login --password hunter2 -u bob", "hunter2", SecretKind.PASSWORD_ARGUMENT),
        ("podman login --password=hunter2 quay.io", "hunter2", SecretKind.PASSWORD_ARGUMENT),
        ("Authorization: Basic Ym9iOmh1bnRlcjI=", "Ym9iOmh1bnRlcjI=", SecretKind.AUTHORIZATION_HEADER),
        (f"curl -H 'Authorization: Bearer {JWT}' https://ghcr.io/v2/", JWT, SecretKind.REGISTRY_TOKEN),
        (f"token {JWT} leaked", JWT, SecretKind.REGISTRY_TOKEN),
        ("www-authenticate: bearer abcdefghijklmnop0123456789", "abcdefghijklmnop0123456789",
         SecretKind.AUTHORIZATION_HEADER),
        ('{"auths": {"https://index.docker.io/v1/": {"auth": "Ym9iOmh1bnRlcjI="}}}', "Ym9iOmh1bnRlcjI=",
         SecretKind.DOCKER_CONFIG_AUTH),
        ('"identitytoken": "3f1e-secret-token"', "3f1e-secret-token", SecretKind.DOCKER_CONFIG_AUTH),
        ("DOCKER_PASSWORD=Sup3rS3cret!", "Sup3rS3cret!", SecretKind.ENV_SECRET),
    ],
)  # fmt: skip
def test_secrets_are_masked_and_reported(text: str, secret: str, kind: SecretKind) -> None:
    result = redact(text)
    assert secret not in result.text
    assert MASK in result.text
    assert kind in result.kinds
    assert secret_label(kind, "fr") and secret_label(kind, "en")


@pytest.mark.parametrize(
    "text",
    [
        "docker run -p 8080:80 nginx",
        "echo $TOKEN | docker login -u bob --password-stdin",
        "docker login -u bob -p $DOCKER_PASSWORD",
        "docker login -u AWS -p $(aws ecr get-login-password --region eu-west-1) "
        "1.dkr.ecr.eu-west-1.amazonaws.com"
        " --debug",
        "password: ${{ secrets.DOCKERHUB_TOKEN }}",
        "DOCKER_PASSWORD=${{ secrets.DOCKER_PASSWORD }}",
        "denied: requested access to the resource is denied",
        "The push refers to repository [docker.io/library/myapp]",
        "sha256:1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e",
        "Login Succeeded",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    result = redact(text)
    assert result.text == text
    assert result.kinds == ()


def test_kinds_are_listed_once_in_order_of_first_appearance() -> None:
    text = f"{GHP}\nDOCKER_TOKEN={PAT}\n{GHP}\ndocker login -p pw1 x"
    result = redact(text)
    assert result.kinds == (
        SecretKind.GITHUB_TOKEN,
        SecretKind.DOCKER_HUB_TOKEN,
        SecretKind.PASSWORD_ARGUMENT,
    )
    assert result.text.count("\n") == text.count("\n")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_redaction_never_grows_secrets_back_and_is_idempotent(text: str) -> None:
    once = redact(text)
    twice = redact(once.text)
    assert twice.text == once.text
    assert once.text.count("\n") == text.count("\n")


@pytest.mark.parametrize(
    "text",
    [
        "eyJ" * 333_333,
        "eyJ." * 250_000,
        "ghp_" * 250_000,
        "ya29." * 200_000,
        "bearer " * 140_000,
        "secret_access_key=" * 55_000,
        '"auth": "' * 100_000,
        "x" * 1_000_000,
    ],
    ids=lambda t: repr(t[:8]),
)
def test_megabyte_look_alikes_are_handled(text: str) -> None:
    """Behaviour on 1 MB of look-alike characters: it returns, and the line structure is kept."""
    result = redact(text)
    assert result.text.count("\n") == text.count("\n")
    assert len(result.kinds) <= 1
