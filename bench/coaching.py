"""Benchmark: picking the next reviews among 10,000 cards, and rendering each picture.

Each figure is printed next to a baseline measured in the same run:
- picking: the scheduler's pick (retrievability of every due card, best ``limit`` kept) against the bare
  minimum any scheduler pays, one ``min()`` over the 10,000 due dates;
- pictures: rendering and PNG-encoding a rank card / a 12-row mastery chart against encoding a blank
  image of the same size.

Run: ``.venv/bin/python bench/coaching.py [--cards N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PIL import Image

from bot.core.coaching.mastery import MasteryLevel
from bot.core.coaching.srs import FamilyKey, ReviewCard, new_card, pick_reviews, review_card
from bot.core.pictures import (
    CHART_MAX_ROWS,
    CHART_WIDTH,
    RANK_CARD_SIZE,
    MasteryBar,
    MasteryChart,
    RankCard,
    chart_height,
    default_fonts,
    render_mastery_chart,
    render_rank_card,
)

NOW = datetime(2026, 11, 27, 18, tzinfo=UTC)


def make_cards(count: int, rng: random.Random) -> list[ReviewCard]:
    """``count`` cards with realistic histories (1-6 reviews over the last 90 days, ~20 % wrong)."""
    cards = []
    for i in range(count):
        card = new_card(FamilyKey("image_name", f"objective {i % 40}", f"v{i}"), "10-registries", "10.2")
        moment = NOW - timedelta(days=rng.uniform(1, 90))
        for _ in range(rng.randint(1, 6)):
            if moment >= NOW:
                break
            card = review_card(card, rng.random() > 0.2, moment).card
            moment = (card.due or moment) + timedelta(hours=rng.uniform(0, 48))
        cards.append(card)
    return cards


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def blank_png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 34, 51)).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def line(label: str, ms: float, baseline_label: str, baseline_ms: float) -> None:
    ratio = ms / baseline_ms if baseline_ms else float("inf")
    print(f"{label:<48} {ms:8.2f} ms   baseline ({baseline_label}): {baseline_ms:.2f} ms, x{ratio:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(42)
    started = time.perf_counter()
    cards = make_cards(args.cards, rng)
    due = sum(1 for c in cards if c.is_due(NOW))
    print(f"{len(cards)} cards built in {time.perf_counter() - started:.1f} s ({due} due now)")

    pick = timed(lambda: pick_reviews(cards, NOW, limit=10), args.repeat)
    baseline = timed(lambda: min(c.due for c in cards if c.due is not None), args.repeat)
    line(f"pick the next 10 reviews among {len(cards)} cards", pick, "min() over the due dates", baseline)

    card = RankCard("Élodie Martin", 12, 5234, 734, 1420, 3, 42, 5)
    bars = tuple(
        MasteryBar(f"Objectif {i} du cours", i / CHART_MAX_ROWS, MasteryLevel.LEARNING)
        for i in range(CHART_MAX_ROWS)
    )
    chart = MasteryChart("Leçon 10 — Docker Hub et Registries", bars)
    render_rank_card(card)  # warm the font caches once, as a running bot would be
    render_mastery_chart(chart)
    print(f"font: {default_fonts().name}")
    line(
        f"render the rank card ({RANK_CARD_SIZE[0]}x{RANK_CARD_SIZE[1]})",
        timed(lambda: render_rank_card(card), args.repeat),
        "blank PNG of that size",
        timed(lambda: blank_png(RANK_CARD_SIZE), args.repeat),
    )
    line(
        f"render the mastery chart ({CHART_MAX_ROWS} rows)",
        timed(lambda: render_mastery_chart(chart), args.repeat),
        "blank PNG of that size",
        timed(lambda: blank_png((CHART_WIDTH, chart_height(CHART_MAX_ROWS))), args.repeat),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
