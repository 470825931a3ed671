"""``dockcoach explain``: diagnose a pasted docker error from a file or stdin.

Human output by default; ``--json`` prints one JSON object for the whole paste; ``--jsonl`` reads JSON
Lines ``{"id": ..., "text": ...}`` and writes one result object per input line, with the same ``id``
(a bad line gives an ``{"id", "error"}`` object, not a crash). Secrets are masked before anything is
printed. Exit status: 0 normally (even when errors are found in the paste), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from bot.services.explain import ExplainService
from bot.settings import Settings

EXIT_OK = 0
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "explain",
        help="explain a pasted docker push/pull/login error (file or stdin)",
        description="Read a paste (a file, or stdin with '-' or no argument), mask secrets, and explain the "
        "docker errors it contains: the root cause first, with fixes for your own command.",
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE|-", help="the paste (default: stdin)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument(
        "--jsonl", action="store_true", help='read JSON Lines {"id", "text"}, write one result per line'
    )
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the explanation")
    parser.add_argument(
        "--errors", type=Path, metavar="DIR", help="error catalog folder (default: CONTENT_DIR/errors)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    directory: Path = args.errors or Settings().content_dir / "errors"
    if not directory.is_dir():
        print(f"dockcoach explain: error catalog folder not found: {directory}", file=sys.stderr)
        return EXIT_USAGE
    try:
        stream = _open(args.file)
    except OSError as exc:
        print(f"dockcoach explain: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    service = ExplainService.from_directory(directory)
    with stream as source:
        if args.jsonl:
            for line in explain_jsonl(service, source):
                print(line)
            return EXIT_OK
        text = source.read()
    result = service.explain(text)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(result.render(args.lang))
    return EXIT_OK


def _open(name: str) -> TextIO:
    if name == "-":
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")
        return _NoClose(sys.stdin)  # type: ignore[return-value]
    return open(name, encoding="utf-8", errors="replace")


def explain_jsonl(service: ExplainService, lines: Iterable[str]) -> Iterable[str]:
    """One JSON result line per input line (blank lines skipped)."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        yield json.dumps(_one(service, raw, number), ensure_ascii=False)


def _one(service: ExplainService, raw: str, number: int) -> dict[str, Any]:
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": number, "error": f"invalid JSON: {exc.msg}"}
    if not isinstance(item, dict):
        return {"id": None, "line": number, "error": 'expected an object {"id": ..., "text": ...}'}
    item_id = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return {"id": item_id, "line": number, "error": "'text' must be a string"}
    return {"id": item_id, **service.explain(text).as_json()}


class _NoClose:
    """Wraps stdin so that ``with`` does not close it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __enter__(self) -> TextIO:
        return self._stream

    def __exit__(self, *exc: object) -> None:
        return None
