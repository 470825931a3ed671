"""Detection: noise tolerance, root cause, several errors in order, context, linear time on big pastes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.explainer.context import extract_context
from bot.core.explainer.detect import MAX_ATTEMPTS, detect
from bot.core.explainer.explain import Status, explain
from bot.core.explainer.normalize import clean_line, normalize_text
from tests.core.explainer_support import shipped_catalog

DENIED = "denied: requested access to the resource is denied"


@pytest.mark.parametrize(
    "line",
    [
        "2024-01-01T00:00:00.0000000Z denied: x",
        "> denied: x",
        ">> > denied: x",
        "#12 0.345 denied: x",
        "#12 denied: x",
        "$ denied: x",
        "[command]denied: x",
        "##[error]denied: x",
        "\x1b[31mdenied: x\x1b[0m",
        "[31mdenied: x[0m",
        "```denied: x```",
        "[2024-05-01 10:00:00] denied: x",
        "12:00:01 denied: x",
        "+ denied: x",
        "│ denied: x",
    ],
)
def test_clean_line_removes_prefixes(line: str) -> None:
    assert clean_line(normalize_text(line)) == "denied: x"


def test_crlf_and_lone_cr_become_newlines() -> None:
    assert normalize_text("a\r\nb\rc") == "a\nb\nc"


def test_root_cause_is_the_failing_line_not_layer_lines() -> None:
    paste = (
        "The push refers to repository [docker.io/library/web]\n"
        + "\n".join(f"{i:012x}: Layer already exists" for i in range(6))
        + f"\n{DENIED}\n"
    )
    result = explain(paste, shipped_catalog())
    assert result.status is Status.DIAGNOSED
    assert result.primary is not None and result.primary.entry.id == "denied_access"
    assert result.primary.line == 8


def test_several_errors_are_reported_in_paste_order_and_primary_by_severity() -> None:
    paste = (
        "a1: Retrying in 5 seconds\n"
        'Error response from daemon: Get "https://registry-1.docker.io/v2/": '
        "net/http: TLS handshake timeout\n"
        "$ docker pull node:99\n"
        "Error response from daemon: manifest for node:99 not found: manifest unknown: manifest unknown\n"
    )
    result = explain(paste, shipped_catalog())
    assert [f.entry.id for f in result.findings] == ["retrying_eof", "network_timeout", "manifest_unknown"]
    assert [f.line for f in result.findings] == [1, 2, 4]
    # The warning comes first in the paste but the first *error* is the primary diagnosis.
    assert result.primary is not None and result.primary.entry.id == "network_timeout"
    assert [f.entry.id for f in result.secondary] == ["retrying_eof", "manifest_unknown"]


def test_same_entry_repeated_is_reported_once_at_its_first_line() -> None:
    paste = "x\n" + f"{DENIED}\n" * 5
    found = detect(normalize_text(paste), shipped_catalog())
    assert [(d.entry.id, d.line) for d in found] == [("denied_access", 2)]


@pytest.mark.parametrize(
    ("line", "winner"),
    [
        ("proxyconnect tcp: dial tcp 10.0.0.1:3128: connect: connection refused", "proxy_error"),
        ("invalid reference format: repository name must be lowercase", "repo_name_uppercase"),
        ("dial unix /var/run/docker.sock: connect: permission denied", "permission_denied_socket"),
        ('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"accept header does not support OCI indexes"}]}',
         "unsupported_media_type"),
    ],
)  # fmt: skip
def test_the_most_specific_entry_wins_on_a_shared_line(line: str, winner: str) -> None:
    result = explain(line, shipped_catalog())
    assert [f.entry.id for f in result.findings] == [winner]


@pytest.mark.parametrize(
    ("paste", "expected"),
    [
        (
            "$ docker push MyUser/App:V1\ninvalid reference format",
            {"command": "docker push", "reference": "MyUser/App:V1", "host": "MyUser", "tag": "V1"},
        ),
        (
            "docker build -t ghcr.io/acme/api:2.0 .\ndocker push ghcr.io/acme/api:2.0\n"
            "The push refers to repository [ghcr.io/acme/api]\ndenied: permission_denied: write_package",
            {"command": "docker push", "reference": "ghcr.io/acme/api:2.0", "host": "ghcr.io", "tag": "2.0"},
        ),
        (
            "The push refers to repository [docker.io/library/site]\n" + DENIED,
            {"reference": "docker.io/library/site", "host": "docker.io", "repository": "library/site"},
        ),
        (
            "sudo docker tag web:1 localhost:5000/web:1\nError response from daemon: No such image: web:1",
            {
                "command": "docker tag",
                "reference": "localhost:5000/web:1",
                "source": "web:1",
                "host": "localhost:5000",
            },
        ),
        (
            "docker buildx build --platform linux/amd64,linux/arm64 -t johndoe/app:3 --push .",
            {"command": "docker buildx build", "reference": "johndoe/app:3", "host": "docker.io", "tag": "3"},
        ),
        (
            "docker compose pull\nunable to get image 'redis:7'",
            {"command": "docker compose pull"},
        ),
        (
            "docker login registry.example.com:8443 -u bob\nError response from daemon: x",
            {"command": "docker login", "host": "registry.example.com:8443"},
        ),
        (
            'Error response from daemon: Get "https://10.1.2.3:5000/v2/": http: server gave HTTP response',
            {"host": "10.1.2.3:5000"},
        ),
        (
            "docker push 123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/svc:1",
            {"region": "ap-southeast-2", "repository": "svc", "tag": "1"},
        ),
    ],
)
def test_context_extraction(paste: str, expected: dict[str, str]) -> None:
    values = extract_context(normalize_text(paste)).as_dict()
    assert {k: values.get(k) for k in expected} == expected


def test_context_prefers_the_command_before_the_failing_line() -> None:
    paste = "docker push a/one:1\nok\ndocker push b/two:2\n" + DENIED + "\ndocker push c/three:3"
    result = explain(paste, shipped_catalog())
    assert result.context.reference == "b/two:2"


def test_one_megabyte_adversarial_paste_returns_the_right_result() -> None:
    """Behaviour, not timing: long lines, near-miss keywords, and the real error at the very end."""
    near_misses = "denied: requested access to the " * 2000 + "\n"
    junk = ("x" * 5000 + " manifest for " + "a" * 3000 + "\n") + ("connection " * 700 + "\n")
    body = (near_misses + junk) * 14
    paste = body[:1_000_000] + "\n" + DENIED + "\n"
    assert len(paste) > 1_000_000
    result = explain(paste, shipped_catalog())
    assert result.primary is not None and result.primary.entry.id == "denied_access"
    assert result.primary.line == paste.count("\n")


def test_repeated_near_misses_do_not_hide_the_real_line() -> None:
    # Many more identical candidate lines than MAX_ATTEMPTS, none matching, then the real one.
    paste = "Retrying in a moment\n" * (MAX_ATTEMPTS * 300) + "abc: Retrying in 5 seconds\n"
    found = detect(normalize_text(paste), shipped_catalog())
    assert [(d.entry.id, d.line) for d in found] == [("retrying_eof", MAX_ATTEMPTS * 300 + 1)]
    assert found[0].offset == paste.index("abc: Retrying")


def test_distinct_near_misses_are_bounded() -> None:
    # Past the per-keyword budget of distinct windows, the scan stops (documented limitation).
    paste = (
        "".join(f"Retrying in {i}a moment\n" for i in range(MAX_ATTEMPTS * 2)) + "a: Retrying in 5 seconds\n"
    )
    assert detect(normalize_text(paste), shipped_catalog()) == []


def test_a_window_cut_mid_line_does_not_fake_an_end_of_line() -> None:
    # ': denied' followed by the end of the line is an error; cut out of a long line it is not.
    assert explain("denied: " * 400, shipped_catalog()).status is Status.QUIET


def test_a_megabyte_single_line_is_handled() -> None:
    paste = "(" * 500_000 + DENIED + ")" * 500_000
    result = explain(paste, shipped_catalog())
    assert result.primary is not None and result.primary.entry.id == "denied_access"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_explained_without_error(text: str) -> None:
    result = explain(text, shipped_catalog())
    assert result.status in set(Status)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for finding in result.findings:
        assert 1 <= finding.line <= lines + text.count("\u2028") + text.count("\u2029")


@settings(max_examples=40, deadline=None)
@given(
    prefix=st.sampled_from(["", "> ", "2024-01-01T00:00:00.0000000Z ", "#7 0.12 ", "\x1b[1m", "$ "]),
    noise=st.lists(st.sampled_from(["Preparing", "Waiting", "Pushing [=>   ]  1MB/9MB", ""]), max_size=5),
    entry_index=st.integers(min_value=0, max_value=32),
)
def test_noise_around_an_example_keeps_the_diagnosis(prefix: str, noise: list[str], entry_index: int) -> None:
    catalog = shipped_catalog()
    entry = catalog.entries[entry_index % len(catalog.entries)]
    example = entry.examples[0]
    paste = "\n".join(f"{prefix}{line}" for line in [*noise, *example.split("\n")])
    result = explain(paste, catalog)
    assert result.primary is not None and result.primary.entry.id == entry.id
