"""Benchmark of the image-reference core: parses per second on a realistic mix, and 1 MB rejections.

Run: ``.venv/bin/python bench/references.py [--rounds N]``. A baseline measured in the same run (a bare
``re.fullmatch`` of a simple character-class pattern over the same strings) puts the figures in context on
whatever machine runs it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.references import (
    InvalidReferenceError,
    is_valid_reference,
    parse_reference,
)

H64 = "3f" * 32
#: What learners and course material actually type: mostly valid, some classic mistakes.
MIX = [
    "nginx",
    "nginx:1.27",
    "nginx:latest",
    "library/nginx",
    "docker.io/library/nginx:1.27-alpine",
    "index.docker.io/library/ubuntu:24.04",
    "ubuntu:22.04",
    "alpine",
    "python:3.12-slim",
    "postgres:16",
    "redis:7-alpine",
    "node:20-bookworm",
    "bitnami/postgresql:16.3.0",
    "grafana/grafana-oss:11.0.0",
    "myuser/myapp:v1.2.3",
    "ghcr.io/owner/project/tool:sha-1a2b3c4",
    "registry.gitlab.com/group/sub/image:main",
    "localhost:5000/myapp",
    "localhost:5000/team/api:dev",
    "192.168.1.10:5000/app:1",
    "[::1]:5000/app",
    f"nginx@sha256:{H64}",
    f"myuser/myapp:1.0@sha256:{H64}",
    "mcr.microsoft.com/dotnet/aspnet:8.0",
    "quay.io/prometheus/node-exporter:v1.8.1",
    "MyApp:v1",
    "myuser/MyApp",
    "nginx latest",
    "nginx:",
    "https://hub.docker.com/_/nginx",
    "my_app..v2",
    "ubuntu@sha256:abc123",
    f"nginx@md5:{H64[:32]}",
    "café:1.0",
    "nginx\n",
]
SIMPLE_PATTERN = re.compile(r"[A-Za-z0-9._:/@\[\]-]+")
MEGABYTE = 1_000_000
HUGE = {
    "a x 1M (path too long)": "a" * MEGABYTE,
    "a/ x 500k (empty last component)": "a/" * (MEGABYTE // 2),
    "a__ x 333k + a..b": "a__" * (MEGABYTE // 3) + "a..b",
    "é x 1M (non-ASCII)": "é" * MEGABYTE,
    "A x 1M (uppercase)": "A" * MEGABYTE,
    "x: + 1M tag": "x:" + "a" * MEGABYTE,
    "x@sha256: + 1M hex": "x@sha256:" + "a" * MEGABYTE,
    "a x 1M + newline": "a" * (MEGABYTE - 1) + "\n",
}


def _parse_or_error(text: str) -> object:
    try:
        return parse_reference(text)
    except InvalidReferenceError as error:
        return error


def _rate(function: Callable[[str], object], texts: list[str], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            function(text)
    return rounds * len(texts) / (time.perf_counter() - started)


def _reject_ms(text: str, repeats: int) -> tuple[float, float]:
    """Median wall-clock and median CPU milliseconds of ``parse_reference`` (message included)."""
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        _parse_or_error(text)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="passes over the mix (default 300)")
    parser.add_argument("--repeats", type=int, default=5, help="timings per 1 MB input (default 5)")
    args = parser.parse_args()
    invalid = sum(not is_valid_reference(text) for text in MIX)
    print(f"mix: {len(MIX)} references ({invalid} invalid), {args.rounds} rounds")
    baseline = _rate(SIMPLE_PATTERN.fullmatch, MIX, args.rounds)
    full = _rate(_parse_or_error, MIX, args.rounds)
    valid_only = _rate(is_valid_reference, MIX, args.rounds)
    print(f"  baseline re.fullmatch        {baseline:>12,.0f} /s")
    for label, rate in (("parse_reference (+messages)", full), ("is_valid_reference", valid_only)):
        print(f"  {label:<28} {rate:>12,.0f} /s  ({baseline / rate:.1f}x baseline time)")
    print(f"1 MB inputs, parse_reference with its message (median of {args.repeats}: wall / CPU):")
    for label, text in HUGE.items():
        started = time.perf_counter()
        SIMPLE_PATTERN.fullmatch(text)
        base_ms = (time.perf_counter() - started) * 1000
        wall, cpu = _reject_ms(text, args.repeats)
        kind = getattr(_parse_or_error(text), "kind", "valid")
        print(f"  {label:<34} {wall:7.2f} ms / {cpu:7.2f} ms  [{kind}]  baseline {base_ms:6.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
