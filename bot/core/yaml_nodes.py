"""YAML read with line numbers: compose the node tree, then convert nodes with typed, located checks.

``yaml.safe_load`` forgets where values came from and silently turns ``yes`` into ``True`` and ``1.10``
into ``1.1``. Content files are read through :func:`compose_yaml` and :class:`NodeReader` instead: every
value keeps its line, and a plain scalar that YAML resolved to a boolean, float, null or date where text
was expected is reported as an error (quote it to keep it as text).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.problems import Problem, Severity
from bot.core.text import LocalizedText

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
FLOAT_TAG = "tag:yaml.org,2002:float"
NULL_TAG = "tag:yaml.org,2002:null"

_TRAP_KINDS = {
    BOOL_TAG: "a boolean",
    FLOAT_TAG: "a number",
    NULL_TAG: "null (an empty value)",
    "tag:yaml.org,2002:timestamp": "a date",
}
_CONSTRUCTOR = yaml.SafeLoader("")


def compose_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    """Compose one YAML document. ``first_line`` is the file line where ``text`` starts (1-based)."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        context = exc.context or ""
        if exc.context and exc.context_mark and exc.context_mark.line + first_line != line:
            context += f" (line {exc.context_mark.line + first_line})"
        what = " ".join(part for part in (context, exc.problem) if part)
        return None, [Problem(path, line, Severity.ERROR, f"invalid YAML: {what}")]
    except RecursionError:
        return None, [Problem(path, first_line, Severity.ERROR, "invalid YAML: nested too deeply")]
    except yaml.YAMLError as exc:  # ReaderError: a character YAML refuses
        position = getattr(exc, "position", 0)
        line = text.count("\n", 0, position) + first_line
        return None, [Problem(path, line, Severity.ERROR, f"invalid YAML: {exc}")]


def describe(node: Node) -> str:
    """How a node is shown in messages: ``'deux cents'``, ``yes``, ``a list``, ``a mapping``."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if node.tag == STR_TAG:
        return repr(node.value)
    return node.value or "nothing"


class NodeReader:
    """Converts nodes to Python values, collecting ``path:line`` problems instead of raising."""

    def __init__(self, path: str, first_line: int = 1) -> None:
        self.path = path
        self.first_line = first_line
        self.problems: list[Problem] = []

    def line(self, node: Node) -> int:
        return node.start_mark.line + self.first_line

    def error(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(self.path, line, Severity.ERROR, message))

    def warning(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(self.path, line, Severity.WARNING, message))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def mapping(self, node: Node, what: str) -> dict[str, tuple[Node, Node]] | None:
        """The key → (key node, value node) of a mapping; duplicate keys are errors (YAML keeps the last)."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping (key: value), got {describe(node)}")
            return None
        fields: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"{what}: keys must be plain names, got {describe(key_node)}")
                continue
            key = key_node.value
            if key in fields:
                first = self.line(fields[key][0])
                self.error(key_node, f"{what}: duplicate key '{key}' (first at line {first})")
                continue
            fields[key] = (key_node, value_node)
        return fields

    def check_keys(self, fields: dict[str, tuple[Node, Node]], known: Iterable[str], what: str) -> None:
        """Unknown keys are warnings, with a suggestion when one is close to a known key."""
        known = list(known)
        for key, (key_node, _) in fields.items():
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.warning(key_node, f"{what}: unknown key '{key}' is ignored{hint}")

    def text(self, node: Node, what: str, *, allow_empty: bool = False) -> str | None:
        """A string. Plain integers keep their source text; booleans, floats, nulls and dates are traps."""
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be a text, got {describe(node)}")
            return None
        if node.tag == INT_TAG and node.style is None:
            return node.value
        if node.tag != STR_TAG:
            if node.style is None and node.tag in _TRAP_KINDS:
                if node.tag == NULL_TAG and not node.value:
                    self.error(node, f"{what} must not be empty")
                    return None
                self.error(
                    node,
                    f"{what}: YAML reads {node.value} as {_TRAP_KINDS[node.tag]}, not as text; "
                    f'quote it ("{node.value}") if you mean the text',
                )
            else:
                self.error(node, f"{what} must be a text, got {describe(node)}")
            return None
        value = node.value
        if not allow_empty and not value.strip():
            self.error(node, f"{what} must not be empty")
            return None
        return value

    def integer(
        self, node: Node, what: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        """An integer within bounds (``True`` is not an integer here)."""
        value: int | None = None
        if isinstance(node, ScalarNode) and node.tag == INT_TAG:
            value = _CONSTRUCTOR.construct_yaml_int(node)
        if (
            value is None
            or (minimum is not None and value < minimum)
            or (maximum is not None and value > maximum)
        ):
            self.error(node, f"{what} must be {_integer_kind(minimum, maximum)}, got {describe(node)}")
            return None
        return value

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
            value = bool(_CONSTRUCTOR.construct_yaml_bool(node))
            if node.value.lower() not in {"true", "false"}:
                self.warning(node, f"{what}: write {str(value).lower()} rather than {node.value}")
            return value
        self.error(node, f"{what} must be true or false, got {describe(node)}")
        return None

    def sequence(self, node: Node, what: str, *, allow_empty: bool = False) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, got {describe(node)}")
            return None
        if not node.value and not allow_empty:
            self.error(node, f"{what} must not be an empty list")
            return None
        return list(node.value)

    def text_list(self, node: Node, what: str) -> tuple[str, ...] | None:
        items = self.sequence(node, what)
        if items is None:
            return None
        values = [self.text(item, f"{what}[{index}]") for index, item in enumerate(items)]
        if any(v is None for v in values):
            return None
        return tuple(v for v in values if v is not None)

    def localized(self, node: Node, what: str) -> LocalizedText | None:
        """A text, or a mapping ``{fr, en}`` where ``fr`` is required; surrounding blanks are dropped."""
        if not isinstance(node, MappingNode):
            value = self.text(node, what)
            return LocalizedText(value.strip()) if value is not None else None
        fields = self.mapping(node, what) or {}
        self.check_keys(fields, ("fr", "en"), what)
        if "fr" not in fields:
            self.error(node, f"{what}: the French text 'fr' is required")
            return None
        fr = self.text(fields["fr"][1], f"{what}.fr")
        en = self.text(fields["en"][1], f"{what}.en") if "en" in fields else ""
        return LocalizedText(fr.strip(), (en or "").strip()) if fr is not None else None


def _integer_kind(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"an integer from {minimum} to {maximum}"
    if minimum == 1:
        return "a positive integer"
    if minimum == 0:
        return "a non-negative integer"
    if minimum is not None:
        return f"an integer of at least {minimum}"
    return "an integer"
