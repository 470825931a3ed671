"""Benchmark of the error explainer: mixed-corpus throughput and the worst case, next to a naive baseline.

The naive baseline tries every pattern of the catalog on every line of the paste (what a first version
would do); the explainer prefilters with one literal keyword per pattern and only runs a regex on a
bounded window of the few lines containing that keyword. Both run in the same process, on the same inputs.

    .venv/bin/python bench/explain.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.explainer.catalog import ErrorCatalog  # noqa: E402
from bot.core.explainer.explain import explain  # noqa: E402
from bot.core.explainer.normalize import normalize_text  # noqa: E402
from bot.core.explainer.redact import redact  # noqa: E402
from bot.storage.error_catalog import load_error_catalog  # noqa: E402

CHAT = [
    "Salut, quelqu'un a fini l'exercice 10.7 ?",
    "merci pour l'aide d'hier, c'était top",
    "C'est quoi la différence entre une image et un conteneur ?",
    "Je push mon image ce soir après le boulot",
    "On se fait une session de révision jeudi ?",
    "How do I choose between Docker Hub and GHCR?",
    "Thanks a lot, that was really helpful!",
    "Should I use latest in production? Probably not, right?",
    "I love multi-stage builds, my image went from 1GB to 80MB",
    "ok",
]


def adversarial_paste(size: int = 1_000_000) -> str:
    """Long lines full of near-misses of the catalog keywords, the real error at the very end."""
    near = "denied: requested access to the " * 2000 + "\n"
    junk = "x" * 5000 + " manifest for " + "a" * 3000 + "\n" + "connection " * 700 + "\n"
    many = "Retrying in a moment\n" * 200 + "unauthorized: \n" * 200
    body = near + junk + many
    text = (body * (size // len(body) + 1))[:size]
    return text + "\ndenied: requested access to the resource is denied\n"


def distinct_pastes(size: int = 1_000_000) -> dict[str, str]:
    """1 MB pastes that the repeated-line folding cannot shrink."""
    lines = "".join(f"Retrying in {i}a moment, denied: requested access {i}\n" for i in range(size // 40))
    return {"1 MB single line of 'a'": "a" * size, "distinct near-miss lines": lines[:size]}


def naive(text: str, catalog: ErrorCatalog) -> list[str]:
    """Every pattern on every line (capped at the same line length), first line per entry."""
    found: dict[str, int] = {}
    for number, line in enumerate(normalize_text(text).split("\n")):
        line = line[:2000]
        for entry in catalog.entries:
            if entry.id in found:
                continue
            if any(p.regex.search(line) for p in entry.patterns):
                found[entry.id] = number
    return sorted(found, key=found.__getitem__)


def per_second(func: Callable[[str], object], corpus: list[str], repeat: int) -> float:
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in corpus:
            func(text)
        rounds.append(time.perf_counter() - start)
    return len(corpus) / statistics.median(rounds)


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU time is what matters on a loaded, shared machine)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    catalog, problems = load_error_catalog(ROOT / "content" / "errors")
    if problems:
        print(f"catalog has {len(problems)} problem(s); run `dockcoach validate`", file=sys.stderr)
    examples = [example for entry in catalog.entries for example in entry.examples]
    corpus = examples + CHAT * 10
    patterns = sum(len(e.patterns) for e in catalog.entries)
    print(f"catalog: {len(catalog.entries)} entries, {patterns} patterns")
    print(f"mixed corpus: {len(corpus)} messages ({len(examples)} catalog examples + {len(CHAT) * 10} chat)")

    fast = per_second(lambda t: explain(t, catalog), corpus, args.repeat)
    with_redaction = per_second(lambda t: explain(redact(t).text, catalog), corpus, args.repeat)
    slow = per_second(lambda t: naive(t, catalog), corpus, args.repeat)
    print(f"  explain            {fast:10.0f} messages/s")
    print(f"  redact + explain   {with_redaction:10.0f} messages/s")
    print(f"  naive baseline     {slow:10.0f} messages/s   (every pattern on every line)")

    chat_us = 1e6 / per_second(lambda t: explain(t, catalog), CHAT * 50, args.repeat)
    print(f"ordinary chat dismissed in {chat_us:.1f} µs per message (median of {args.repeat} rounds)")

    for name, paste in distinct_pastes().items():
        wall, cpu = timed(lambda paste=paste: explain(paste, catalog), args.repeat)
        print(
            f"worst case, no repeated lines ({name}): "
            f"explain {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU"
        )
    worst = adversarial_paste()
    result = explain(worst, catalog)
    assert result.primary is not None and result.primary.entry.id == "denied_access"
    rows = [
        ("explain", timed(lambda: explain(worst, catalog), args.repeat)),
        ("redact", timed(lambda: redact(worst), args.repeat)),
        ("naive baseline", timed(lambda: naive(worst, catalog), 1)),
    ]
    print(f"worst case: {len(worst) / 1e6:.2f} MB adversarial paste, {worst.count(chr(10))} lines "
          f"(explain's primary: {result.primary.entry.id})")  # fmt: skip
    for name, (wall, cpu) in rows:
        print(f"  {name:<18} {wall * 1000:10.1f} ms wall  {cpu * 1000:10.1f} ms CPU")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
