"""``dockcoach lessons``: what the bot understood of each lesson, so that an author can check it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.core.lessons import Lesson
from bot.settings import Settings
from bot.storage.catalog import load_catalog

EXIT_OK = 0
EXIT_PROBLEMS = 1


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "lessons",
        help="show what the bot understood of each lesson",
        description=(
            "Load the lessons (DIR/*.md, and *.txt files that start with '---' front matter) and show, for "
            "each one: id, title, icon, order, duration, XP reward, objectives, sections, tables and the "
            "image references found in its shell code blocks. Problems go to stderr; exit status 1 when "
            "there is at least one error."
        ),
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="lessons folder (default: CONTENT_DIR, the shipped content/)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run)


def lesson_summary(lesson: Lesson) -> dict[str, Any]:
    """The JSON form of a lesson as the bot understood it."""
    meta = lesson.meta
    return {
        "id": meta.id,
        "path": lesson.path,
        "title": meta.title,
        "description": meta.description,
        "icon": meta.icon,
        "order": meta.order,
        "duration": meta.duration,
        "xpReward": meta.xp_reward,
        "lang": meta.lang,
        "prerequisites": list(meta.prerequisites),
        "objectives": list(meta.objectives),
        "repairedEncoding": lesson.repaired_encoding,
        "sections": [
            {"number": s.number, "title": s.title, "anchor": s.anchor, "line": s.line}
            for s in lesson.sections
        ],
        "tables": [
            {"section": t.section, "line": t.line, "header": list(t.header), "rows": len(t.rows)}
            for t in lesson.tables
        ],
        "commands": len(lesson.commands),
        "references": reference_summaries(lesson),
    }


def reference_summaries(lesson: Lesson) -> list[dict[str, Any]]:
    """Each image reference as written (first occurrence), with its canonical form and where it is."""
    seen: set[str] = set()
    found: list[dict[str, Any]] = []
    for command in lesson.commands:
        for ref, written in zip(command.references, command.written, strict=False):
            if written in seen:
                continue
            seen.add(written)
            found.append(
                {
                    "written": written,
                    "canonical": ref.canonical,
                    "familiar": ref.familiar,
                    "command": command.subcommand,
                    "section": command.section,
                    "line": command.line,
                }
            )
    return found


def render_text(summary: dict[str, Any]) -> str:
    lines = [
        f"{summary['icon']} {summary['order']} · {summary['title']}  [{summary['id']}]  {summary['path']}",
        f"  {summary['description']}",
        f"  {summary['duration']} · {summary['xpReward']} XP · lang {summary['lang']}",
        "  objectives:",
        *(f"    {index}. {text}" for index, text in enumerate(summary["objectives"])),
        "  sections:",
        *(f"    {s['number']} {s['title']}  (line {s['line']})" for s in summary["sections"]),
        "  tables:",
        *(
            f"    {t['section'] or '-'} line {t['line']}: {' | '.join(t['header'])}  ({t['rows']} rows)"
            for t in summary["tables"]
        ),
        f"  image references ({len(summary['references'])}):",
        *(f"    {r['written']}  →  {r['canonical']}  (line {r['line']})" for r in summary["references"]),
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    content: Path = args.content if args.content is not None else Settings().content_dir
    snapshot = load_catalog(content)
    for problem in snapshot.problems:
        print(problem, file=sys.stderr)
    summaries = [lesson_summary(lesson) for lesson in snapshot.lessons]
    if args.json:
        print(json.dumps(summaries, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(render_text(s) for s in summaries) or "no lesson found")
    return EXIT_PROBLEMS if snapshot.errors else EXIT_OK
