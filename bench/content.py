"""Benchmark: load a catalog of N lessons (copies of ours) — time and memory, against plain file reads.

Usage: ``.venv/bin/python bench/content.py [--lessons 200] [--repeat 5]``

The baseline, in the same run, reads and decodes the same files without parsing them. Memory is measured
with tracemalloc: the peak during the load and what stays allocated while the snapshot is alive.
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage.catalog import lesson_files, load_catalog  # noqa: E402

SOURCE = ROOT / "content" / "10-registries.md"


def make_copies(directory: Path, count: int) -> None:
    """``count`` lessons with distinct ids, orders and section numbers."""
    text = SOURCE.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        copy = text.replace("id: 10-registries", f"id: lesson-{n:03d}").replace("order: 10", f"order: {n}")
        copy = re.sub(r"^## 10\.", f"## {n}.", copy, flags=re.MULTILINE)
        (directory / f"{n:03d}-lesson.md").write_text(copy, encoding="utf-8")


def read_all(directory: Path) -> list[str]:
    return [path.read_bytes().decode("utf-8") for path in lesson_files(directory)]


def measure(label: str, action: Callable[[], object], repeat: int) -> object:
    timings = []
    result: object = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    kept = action()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    median_ms, min_ms = statistics.median(timings) * 1000, min(timings) * 1000
    print(
        f"{label:<28} median {median_ms:8.1f} ms   min {min_ms:8.1f} ms   "
        f"retained {current / 1e6:7.2f} MB   peak {peak / 1e6:7.2f} MB"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        make_copies(directory, args.lessons)
        size = sum(p.stat().st_size for p in directory.iterdir())
        print(f"{args.lessons} lessons, {size / 1e6:.2f} MB on disk, {args.repeat} runs each")
        measure("baseline: read + decode", lambda: read_all(directory), args.repeat)
        snapshot = measure("catalog: load_catalog", lambda: load_catalog(directory), args.repeat)
        lessons = getattr(snapshot, "lessons", ())
        problems = getattr(snapshot, "problems", ())
        commands = sum(len(lesson.commands) for lesson in lessons)
        print(f"loaded {len(lessons)} lessons, {commands} docker commands, {len(problems)} problems")
        return 0 if len(lessons) == args.lessons and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
