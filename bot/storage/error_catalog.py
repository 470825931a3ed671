"""Read the error catalog (``content/errors/*.yaml``) from disk, reporting problems as ``path:line``.

Each file holds one entry. The YAML is composed to nodes first so that every schema issue of
:func:`bot.core.explainer.catalog.entry_from_data` can be reported on the line of the offending field.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.explainer.catalog import EntryIssue, ErrorCatalog, ErrorEntry, entry_from_data
from bot.core.explainer.selfcheck import check_examples, missing_required_ids
from bot.core.problems import Problem, Severity
from bot.core.yaml_nodes import compose_yaml

log = logging.getLogger(__name__)

SUFFIXES = (".yaml", ".yml")
_CONSTRUCTOR = yaml.SafeLoader("")


def load_error_catalog(directory: Path) -> tuple[ErrorCatalog, list[Problem]]:
    """All valid entries of ``directory`` and every problem found (invalid entries are left out)."""
    problems: list[Problem] = []
    if not directory.is_dir():
        return ErrorCatalog(()), [
            Problem(str(directory), 0, Severity.ERROR, "error catalog directory not found")
        ]
    entries: dict[str, tuple[ErrorEntry, str]] = {}
    lines: dict[str, dict[str, int]] = {}
    for path in sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and p.is_file()):
        entry, field_lines, file_problems = load_entry_file(path)
        problems += file_problems
        if entry is None:
            continue
        if entry.id in entries:
            other = entries[entry.id][1]
            problems.append(Problem(str(path), field_lines.get("id", 1), Severity.ERROR,
                                    f"duplicate error id '{entry.id}' (also in {other})"))  # fmt: skip
            continue
        entries[entry.id] = (entry, str(path))
        lines[entry.id] = field_lines
    catalog = ErrorCatalog.of(entry for entry, _ in entries.values())
    problems += [
        Problem(str(directory), 0, Severity.ERROR, f"required error entry '{entry_id}' is missing")
        for entry_id in missing_required_ids(catalog)
    ]
    for mismatch in check_examples(catalog):
        path = entries[mismatch.entry_id][1]
        line = lines[mismatch.entry_id].get(f"examples.{mismatch.index}", 1)
        problems.append(Problem(path, line, Severity.ERROR, mismatch.message()))
    log.debug("loaded %d error entries with %d problems", len(catalog.entries), len(problems))
    return catalog, problems


def load_entry_file(path: Path) -> tuple[ErrorEntry | None, dict[str, int], list[Problem]]:
    """One entry file: the entry (or None), the line of each field, and its problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, [Problem(str(path), 0, Severity.ERROR, f"cannot read file: {exc}")]
    node, problems = compose_yaml(text, str(path))
    if problems:
        return None, {}, problems
    if node is None:
        return None, {}, [Problem(str(path), 0, Severity.ERROR, "empty file")]
    field_lines: dict[str, int] = {}
    data = _to_python(node, "", field_lines)
    entry, issues = entry_from_data(data)
    problems = [_locate(path, issue, field_lines) for issue in issues]
    if entry is not None and entry.id != path.stem:
        problems.append(Problem(str(path), field_lines.get("id", 1), Severity.ERROR,
                                f"id '{entry.id}' must match the file name '{path.stem}'"))  # fmt: skip
        entry = None
    return entry, field_lines, problems


def _locate(path: Path, issue: EntryIssue, field_lines: dict[str, int]) -> Problem:
    key = issue.field
    while key and key not in field_lines:
        key = key.rpartition(".")[0]
    return Problem(str(path), field_lines.get(key, 1), Severity.ERROR, issue.message)


def _to_python(node: Node, prefix: str, lines: dict[str, int]) -> Any:
    """Plain Python data from a node, recording the 1-based line of every dotted field path."""
    if prefix:
        lines[prefix] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.start_mark.line)
            result[key] = _to_python(value_node, f"{prefix}.{key}" if prefix else str(key), lines)
        return result
    if isinstance(node, SequenceNode):
        return [_to_python(item, f"{prefix}.{i}", lines) for i, item in enumerate(node.value)]
    return _CONSTRUCTOR.construct_object(node, deep=True)
