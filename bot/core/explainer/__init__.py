"""The error explainer: find known Docker errors in a paste and explain them (pure core, no I/O)."""

from bot.core.explainer.catalog import ErrorCatalog, ErrorEntry, ErrorSeverity, entry_from_data
from bot.core.explainer.explain import Explanation, Finding, Status, explain
from bot.core.explainer.redact import Redaction, SecretKind, redact

__all__ = [
    "ErrorCatalog",
    "ErrorEntry",
    "ErrorSeverity",
    "Explanation",
    "Finding",
    "Redaction",
    "SecretKind",
    "Status",
    "entry_from_data",
    "explain",
    "redact",
]
