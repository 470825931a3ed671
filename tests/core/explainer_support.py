"""Shared fixture data for the explainer tests: the shipped catalog, loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.core.explainer.catalog import ErrorCatalog
from bot.storage.error_catalog import load_error_catalog

ERRORS_DIR = Path(__file__).resolve().parents[2] / "content" / "errors"


@cache
def shipped_catalog() -> ErrorCatalog:
    catalog, problems = load_error_catalog(ERRORS_DIR)
    assert problems == [], "\n".join(map(str, problems))
    return catalog
