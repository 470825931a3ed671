"""Consistency checks of a whole catalog: required ids, and every example diagnosed as its own entry."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.explainer.catalog import ErrorCatalog
from bot.core.explainer.explain import explain

REQUIRED_IDS: tuple[str, ...] = (
    "denied_access", "unauthorized", "repo_name_uppercase", "invalid_reference_format", "layer_exists",
    "rate_limited", "manifest_unknown", "image_not_local", "insecure_registry_http", "tls_unknown_authority",
    "tls_other", "connection_refused", "dns_resolution", "network_timeout", "proxy_error", "ecr_auth",
    "name_unknown", "ghcr_permission", "gcp_auth", "daemon_not_running", "permission_denied_socket",
    "credential_helper", "non_tty_login", "cli_usage", "blob_unknown", "digest_invalid",
    "unsupported_media_type", "payload_too_large", "gateway_error_5xx", "retrying_eof", "disk_full",
    "platform_mismatch", "login_warning",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExampleMismatch:
    """An example paste of ``entry_id`` (0-based ``index``) whose primary diagnosis is ``got``."""

    entry_id: str
    index: int
    got: str | None

    def message(self) -> str:
        found = self.got or "no diagnosis"
        return f"example {self.index + 1} of '{self.entry_id}' is diagnosed as {found}, not '{self.entry_id}'"


def missing_required_ids(catalog: ErrorCatalog) -> list[str]:
    present = set(catalog.ids)
    return [entry_id for entry_id in REQUIRED_IDS if entry_id not in present]


def check_examples(catalog: ErrorCatalog) -> list[ExampleMismatch]:
    """Every example paste must be diagnosed with its own entry as the primary finding."""
    mismatches: list[ExampleMismatch] = []
    for entry in catalog.entries:
        for index, example in enumerate(entry.examples):
            result = explain(example, catalog)
            got = result.primary.entry.id if result.primary else None
            if got != entry.id:
                mismatches.append(ExampleMismatch(entry.id, index, got))
    return mismatches
