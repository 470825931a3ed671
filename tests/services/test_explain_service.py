"""The explain service: secrets are redacted before explaining, results render and serialize."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.explainer.explain import Status
from bot.services.explain import ExplainService

ERRORS = Path(__file__).resolve().parents[2] / "content" / "errors"


@pytest.fixture(scope="module")
def service() -> ExplainService:
    built = ExplainService.from_directory(ERRORS)
    assert built.problems == ()
    return built


def test_secrets_never_reach_the_explanation(service: ExplainService) -> None:
    token = "dckr_pat_" + "Q" * 27
    result = service.explain(f"docker login -u bob -p {token}\nunauthorized: incorrect username or password")
    assert token not in result.redacted_text
    assert result.redacted == ("docker_hub_token",)
    assert token not in json.dumps(result.as_json())
    for lang in ("fr", "en"):
        text = result.render(lang)
        assert token not in text
        assert ("révoque" in text) if lang == "fr" else ("revoke" in text)


def test_should_answer(service: ExplainService) -> None:
    assert not service.explain("salut tout le monde").should_answer
    assert service.explain("denied: requested access to the resource is denied").should_answer
    assert service.explain("mon token: ghp_" + "a" * 36).should_answer  # warn about the leaked secret


async def test_answer_renders_markdown(service: ExplainService) -> None:
    text = await service.answer("toomanyrequests: Too Many Requests.", "en")
    assert "Pull rate limit reached" in text


@pytest.mark.parametrize(
    ("paste", "status"),
    [
        ("a" * 1_000_000, Status.QUIET),
        ("denied: " * 125_000, Status.QUIET),
        ("x509: certificate is valid for " + "a," * 500_000, Status.QUIET),
        ("\n" * 1_000_000, Status.QUIET),
        ("Error: x\n" * 111_111, Status.QUIET),
        ("docker login -p x " * 55_555, Status.QUIET),
        ("\x1b[31m" * 200_000, Status.QUIET),
        ("Retrying in a\n" * 76_000 + "a1: Retrying in 5 seconds\n", Status.DIAGNOSED),
    ],
    ids=lambda v: repr(v[:10]) if isinstance(v, str) else str(v),
)
def test_adversarial_megabyte_pastes_return(service: ExplainService, paste: str, status: Status) -> None:
    """Behaviour, not timing: each returns, with the expected status."""
    assert service.explain(paste).explanation.status is status
