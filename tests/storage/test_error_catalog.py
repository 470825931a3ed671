"""Loading content/errors from disk: the shipped catalog, and problems reported as path:line."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.storage.error_catalog import load_entry_file, load_error_catalog

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "errors"

ENTRY = """\
id: {id}
severity: error
title:
  fr: Démo
  en: Demo
lesson: 10-registries
section: "10.5"
commands: [push]
patterns:
  - '{pattern}'
meaning:
  fr: Sens.
  en: Meaning.
causes:
  fr: [une cause]
  en: [a cause]
fix:
  fr: "Fais `x`."
  en: "Run `x`."
examples:
  - "{example} one"
  - "{example} two"
  - "{example} three"
"""


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_catalog_loads_without_problems() -> None:
    catalog, problems = load_error_catalog(SHIPPED)
    assert problems == []
    assert len(catalog.entries) >= 33
    assert sum(len(e.examples) for e in catalog.entries) >= 99


def test_problems_point_at_the_offending_line(tmp_path: Path) -> None:
    good = ENTRY.format(id="demo_ok", pattern="demo failure", example="demo failure")
    _write(tmp_path, "demo_ok.yaml", good)
    bad = ENTRY.format(id="demo_bad", pattern="(a+)+b", example="demo failure").replace('"10.5"', "10.5")
    path = _write(tmp_path, "demo_bad.yaml", bad)
    catalog, problems = load_error_catalog(tmp_path)
    assert catalog.ids == ("demo_ok",)
    located = {(p.path, p.line) for p in problems if "demo_bad" in p.path}
    assert (str(path), 7) in located  # section: 10.5 unquoted (a float)
    assert (str(path), 10) in located  # the unsafe pattern
    assert all(str(p).startswith(f"{p.path}:") for p in problems)
    assert any("required error entry 'denied_access' is missing" in p.message for p in problems)


def test_file_name_must_match_the_id(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "other.yaml", ENTRY.format(id="demo_x", pattern="demo failure", example="demo failure")
    )
    entry, _, problems = load_entry_file(path)
    assert entry is None
    assert [(p.line, "must match the file name" in p.message) for p in problems] == [(1, True)]


def test_example_that_does_not_match_is_reported_on_its_line(tmp_path: Path) -> None:
    text = ENTRY.format(id="demo_y", pattern="demo failure", example="demo failure")
    text = text.replace('"demo failure two"', '"nothing relevant"')
    path = _write(tmp_path, "demo_y.yaml", text)
    _, problems = load_error_catalog(tmp_path)
    mismatch = [p for p in problems if "example 2" in p.message]
    assert [(p.path, p.line) for p in mismatch] == [(str(path), 22)]


def test_invalid_yaml_and_missing_directory(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.yaml", "id: [unclosed\n")
    _, problems = load_error_catalog(tmp_path)
    assert any(p.path == str(path) and "invalid YAML" in p.message for p in problems)
    _, problems = load_error_catalog(tmp_path / "nope")
    assert problems and "not found" in problems[0].message


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    shutil.copy(SHIPPED / "disk_full.yaml", tmp_path / "disk_full.yaml")
    (tmp_path / "disk_full.yml").write_text((SHIPPED / "disk_full.yaml").read_text(encoding="utf-8"))
    catalog, problems = load_error_catalog(tmp_path)
    assert catalog.ids == ("disk_full",)
    assert any("duplicate error id 'disk_full'" in p.message for p in problems)
