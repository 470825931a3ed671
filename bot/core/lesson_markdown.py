"""The structure of a lesson's Markdown body: numbered sections, fenced code blocks and pipe tables.

Only what the bot needs is recognised, the CommonMark/GFM way: ``## 10.2 Title`` headings (level 2 with a
dotted number) open a section that runs to the next level-1 or level-2 heading; fenced blocks open with at
least three backquotes or tildes and close with the same character, at least as many; a table is a line with
pipes followed by a delimiter row (``|---|:---:|``). Headings and pipes inside code blocks are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.core.lessons import CodeBlock, Section, Table
from bot.core.problems import Problem, Severity

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?[ \t]+(.+)$")
_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(slots=True)
class _OpenSection:
    number: str
    title: str
    line: int
    body_start: int  # index into the body lines


@dataclass(slots=True)
class MarkdownStructure:
    sections: list[Section] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def anchor(text: str) -> str:
    """A URL-safe slug: accents dropped, lowercase, runs of other characters turned into ``-``."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def parse_markdown(body: str, first_line: int, path: str) -> MarkdownStructure:
    """Sections, code blocks and tables of ``body``; ``first_line`` is the file line where it starts."""
    lines = body.split("\n")
    out = MarkdownStructure()
    section: _OpenSection | None = None
    index = 0
    while index < len(lines):
        line_no = index + first_line
        fence = _FENCE.match(lines[index])
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            index = _read_code_block(lines, index, first_line, fence, section, out, path)
            continue
        heading = _HEADING.match(lines[index])
        if heading and len(heading.group(1)) <= 2:
            if section is not None:
                out.sections.append(_close(section, lines, index))
                section = None
            numbered = _NUMBERED.match(heading.group(2) or "")
            if len(heading.group(1)) == 2 and numbered:
                section = _OpenSection(numbered.group(1), numbered.group(2).strip(), line_no, index + 1)
            index += 1
            continue
        if _is_table_start(lines, index):
            index = _read_table(lines, index, first_line, section, out)
            continue
        index += 1
    if section is not None:
        out.sections.append(_close(section, lines, len(lines)))
    return out


def _close(section: _OpenSection, lines: list[str], end: int) -> Section:
    text = "\n".join(lines[section.body_start : end]).strip("\n")
    label = f"{section.number} {section.title}"
    return Section(section.number, section.title, anchor(label), section.line, text)


def _read_code_block(
    lines: list[str],
    index: int,
    first_line: int,
    fence: re.Match[str],
    section: _OpenSection | None,
    out: MarkdownStructure,
    path: str,
) -> int:
    marker = fence.group(1)
    info = fence.group(2).strip()
    language = info.split()[0].strip("{}.").lower() if info else ""
    closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
    end = index + 1
    while end < len(lines) and not closing.match(lines[end]):
        end += 1
    if end >= len(lines):
        out.problems.append(
            Problem(
                path, index + first_line, Severity.WARNING, f"code block opened with {marker} is never closed"
            )
        )
    text = "\n".join(lines[index + 1 : end])
    number = section.number if section else ""
    out.code_blocks.append(CodeBlock(language, text, index + first_line, number))
    return end + 1


def split_row(line: str) -> tuple[str, ...]:
    """The cells of a table row: outer pipes dropped, ``\\|`` unescaped, cells stripped."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return tuple(cell.strip().replace("\\|", "|") for cell in _PIPE.split(stripped))


def _is_table_start(lines: list[str], index: int) -> bool:
    if index + 1 >= len(lines) or "|" not in lines[index] or "|" not in lines[index + 1]:
        return False
    delimiter = split_row(lines[index + 1])
    header = split_row(lines[index])
    return len(delimiter) == len(header) and all(_DELIMITER_CELL.match(cell) for cell in delimiter)


def _read_table(
    lines: list[str], index: int, first_line: int, section: _OpenSection | None, out: MarkdownStructure
) -> int:
    header = split_row(lines[index])
    rows: list[tuple[str, ...]] = []
    end = index + 2
    while end < len(lines) and lines[end].strip() and "|" in lines[end]:
        cells = split_row(lines[end])
        # GFM: missing cells are empty, extra cells are dropped.
        rows.append((cells + ("",) * len(header))[: len(header)])
        end += 1
    number = section.number if section else ""
    out.tables.append(Table(header, tuple(rows), index + first_line, number))
    return end
