"""Fixes tailored to the learner's own command (computed with the reference core)."""

from __future__ import annotations

import json

import pytest

from bot.core.explainer.advice import lowercase_reference
from bot.core.explainer.explain import Finding, explain
from bot.core.references import is_valid_reference
from tests.core.explainer_support import shipped_catalog


def _primary(paste: str) -> Finding:
    result = explain(paste, shipped_catalog())
    assert result.primary is not None
    return result.primary


def _commands(finding: Finding, lang: str = "fr") -> str:
    return "\n".join(step.command.get(lang) for step in finding.advice if step.command)


def _texts(finding: Finding, lang: str = "fr") -> str:
    return "\n".join(step.text.get(lang) for step in finding.advice)


@pytest.mark.parametrize(
    ("reference", "fixed"),
    [
        ("MyApp:V1", "myapp:V1"),
        ("JohnDoe/WebApp", "johndoe/webapp"),
        ("ghcr.io/Acme/API:Beta", "ghcr.io/acme/api:Beta"),
        ("localhost:5000/MyApp@sha256:" + "a" * 64, "localhost:5000/myapp@sha256:" + "a" * 64),
        ("myapp:v1", None),  # already valid: nothing to change
        ("My App", None),  # lowercasing is not enough
    ],
)
def test_lowercase_reference_keeps_the_tag(reference: str, fixed: str | None) -> None:
    assert lowercase_reference(reference) == fixed
    if fixed:
        assert is_valid_reference(fixed)


def test_uppercase_gives_the_exact_lowercase_command() -> None:
    finding = _primary("$ docker build -t JohnDoe/MyApp:V2 .\nERROR: invalid tag \"JohnDoe/MyApp:V2\": "
                       "repository name must be lowercase")  # fmt: skip
    assert finding.entry.id == "repo_name_uppercase"
    assert "docker build -t johndoe/myapp:V2 ." in _commands(finding)


def test_official_namespace_push_is_retagged_under_the_learner_name() -> None:
    finding = _primary("$ docker push myapp:1.0\nThe push refers to repository [docker.io/library/myapp]\n"
                       "denied: requested access to the resource is denied")  # fmt: skip
    assert "docker tag myapp:1.0 <ton-nom>/myapp:1.0" in _commands(finding, "fr")
    assert "docker tag myapp:1.0 <your-name>/myapp:1.0" in _commands(finding, "en")
    assert "docker.io/library/myapp" in _texts(finding)


def test_denied_on_own_namespace_mentions_the_namespace() -> None:
    finding = _primary("docker push janedoe/site:2\ndenied: requested access to the resource is denied")
    assert "`janedoe/`" in _texts(finding, "en")
    assert "docker tag" not in _commands(finding)


def test_http_registry_gets_the_insecure_entry_for_that_exact_host_port() -> None:
    finding = _primary('docker push 192.168.1.50:5000/app:1\nGet "https://192.168.1.50:5000/v2/": '
                       "http: server gave HTTP response to HTTPS client")  # fmt: skip
    command = _commands(finding)
    snippet = command.split("\n\n")[0]
    assert json.loads(snippet) == {"insecure-registries": ["192.168.1.50:5000"]}


def test_ecr_repository_missing_gives_create_repository_with_name_and_region() -> None:
    finding = _primary(
        "The push refers to repository [123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/api]\n"
        "name unknown: The repository with name 'team/api' does not exist "
        "in the registry with id '123456789012'"
    )
    assert "aws ecr create-repository --repository-name team/api --region eu-central-1" in _commands(finding)


def test_ecr_login_uses_the_region_and_host() -> None:
    finding = _primary(
        "docker push 111122223333.dkr.ecr.us-west-2.amazonaws.com/web:1\nno basic auth credentials"
    )
    assert _commands(finding) == (
        "aws ecr get-login-password --region us-west-2 | docker login --username AWS --password-stdin "
        "111122223333.dkr.ecr.us-west-2.amazonaws.com"
    )


def test_image_not_local_suggests_tagging_the_likely_source() -> None:
    finding = _primary("$ docker push johndoe/shop:v3\ntag does not exist: johndoe/shop:v3")
    assert "docker tag shop:v3 johndoe/shop:v3\ndocker push johndoe/shop:v3" in _commands(finding)


def test_image_not_local_after_docker_tag_uses_the_tag_source() -> None:
    finding = _primary("docker tag built:1 johndoe/app:1\ndocker push johndoe/app:1\n"
                       "An image does not exist locally with the tag: johndoe/app")  # fmt: skip
    assert "docker tag built:1 johndoe/app:1" in _commands(finding)


def test_rate_limit_mentions_login_limits_and_pull_through_cache() -> None:
    finding = _primary("toomanyrequests: You have reached your pull rate limit.")
    commands = _commands(finding, "en")
    assert "docker login" in commands and "REGISTRY_PROXY_REMOTEURL" in commands
    assert "registry-mirrors" in commands
    assert "docs.docker.com/docker-hub/usage" in _texts(finding, "en")


def test_gar_auth_uses_the_exact_regional_host() -> None:
    finding = _primary(
        "The push refers to repository [europe-west1-docker.pkg.dev/p/r/img]\n"
        'denied: Permission "artifactregistry.repositories.uploadArtifacts" denied on resource'
    )
    assert "gcloud auth configure-docker europe-west1-docker.pkg.dev" in _commands(finding)


def test_acr_unauthorized_uses_az_acr_login() -> None:
    finding = _primary("docker push myreg.azurecr.io/api:1\nunauthorized: authentication required")
    assert _commands(finding) == "az acr login --name myreg"


def test_cli_usage_shows_the_syntax() -> None:
    finding = _primary('"docker tag" requires exactly 2 arguments.')
    assert "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]" in _texts(finding)


def test_manifest_unknown_links_the_hub_tags_page() -> None:
    finding = _primary("docker pull nginx:latests\nmanifest for nginx:latests not found: manifest unknown")
    assert "https://hub.docker.com/_/nginx/tags" in _texts(finding)


def test_credential_helper_names_the_missing_helper() -> None:
    finding = _primary('error getting credentials - err: exec: "docker-credential-desktop.exe": '
                       "executable file not found in $PATH, out: ``")  # fmt: skip
    assert '"credsStore": "desktop.exe"' in _texts(finding) or "docker-credential-desktop" in _texts(finding)


@pytest.mark.parametrize("entry_id", [e.id for e in shipped_catalog().entries])
def test_every_example_gets_advice_or_a_general_fix(entry_id: str) -> None:
    entry = shipped_catalog().get(entry_id)
    for example in entry.examples:
        finding = _primary(example)
        for step in finding.advice:
            assert step.text.fr and step.text.en
            if step.command:
                assert step.command.fr.strip() and step.command.en.strip()
