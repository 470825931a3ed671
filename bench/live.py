"""A live question with N members (default 200) clicking within one second, against the loopback fake
Discord with the real bot: every click must be acknowledged (privately) within Discord's 3-second deadline,
and the tally shown at time-up must be exact.

    .venv/bin/python bench/live.py [--members 200] [--window 1.0] [--changes 0.2] [--database-url URL]

Some members change their answer (``--changes``): the tally must count each member's last click only.
Prints the acknowledgement latency (p50, p99, max), how many missed the deadline, and the tally check.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import re
import statistics
import time
from typing import Any

from discord_harness import percentile, running_bot
from fake_discord import FakeDiscord
from fake_interactions import FakeInteraction
from fake_payloads import FakeUser

from bot.core.live import LETTERS

DEADLINE = 3.0
TALLY_LINE = re.compile(r"^(?P<letter>[A-E]) [▓░]+ \d+% \((?P<count>\d+)\)", re.MULTILINE)


async def member_clicks(
    fake: FakeDiscord, message: dict[str, Any], user: FakeUser, plan: list[tuple[float, int]], ids: list[str]
) -> list[FakeInteraction]:
    """One member's clicks at their planned offsets (seconds from the start of the window)."""
    done = []
    start = time.perf_counter()
    for offset, choice in plan:
        await asyncio.sleep(max(0.0, offset - (time.perf_counter() - start)))
        done.append(await fake.click(message, ids[choice], user=user))
    return done


def plans(
    members: int, choices: int, window: float, changes: float, rng: random.Random
) -> list[list[tuple[float, int]]]:
    result = []
    for _ in range(members):
        first = rng.uniform(0, window)
        plan = [(first, rng.randrange(choices))]
        if rng.random() < changes:
            plan.append((rng.uniform(first, window), rng.randrange(choices)))
        result.append(plan)
    return result


async def run(members: int, window: float, changes: float, database_url: str | None, seed: int) -> int:
    async with running_bot(database_url) as (fake, _bot):  # lateness is measured and reported, not refused
        users = [fake.add_user(f"learner{n}") for n in range(members)]

        started = await fake.slash(
            "quiz-live", {"kind": "image_name", "count": 1, "seconds": 120}, user=fake.owner
        )
        await fake.response(started)
        message = fake.original(started)
        ids = [b["custom_id"] for b in message["components"][0]["components"]]
        rng = random.Random(seed)
        planned = plans(members, len(ids), window, changes, rng)
        t0 = time.perf_counter()
        clicks = await asyncio.gather(
            *(member_clicks(fake, message, u, p, ids) for u, p in zip(users, planned, strict=True))
        )
        flat = [c for member in clicks for c in member]
        await asyncio.gather(*(fake.response(c, timeout=60) for c in flat))
        spread = max(c.sent_at for c in flat) - t0

        skip = next(
            b["custom_id"] for b in message["components"][1]["components"] if b["custom_id"].endswith(":skip")
        )
        await fake.response(await fake.click(message, skip, user=fake.owner))
        shown = await fake.wait_until(
            lambda: not fake.messages[int(message["id"])]["components"] and fake.messages[int(message["id"])],
            30,
        )
        counted = {
            m["letter"]: int(m["count"]) for m in TALLY_LINE.finditer(shown["embeds"][0]["description"])
        }
        expected = {LETTERS[i]: 0 for i in range(len(ids))}
        for plan in planned:
            expected[LETTERS[plan[-1][1]]] += 1

    latencies = [c.latency for c in flat]
    private = all(c.callback is not None and c.callback["data"].get("flags", 0) & 64 for c in flat)
    late = sum(1 for v in latencies if v > DEADLINE)
    p50, p99, worst = (
        1000 * v for v in (statistics.median(latencies), percentile(latencies, 0.99), max(latencies))
    )
    print(f"members {members}, clicks {len(flat)} ({len(flat) - members} changes), over {spread:.2f} s")
    print(
        f"acknowledgement  p50 {p50:.0f} ms  p99 {p99:.0f} ms  max {worst:.0f} ms"
        f"  over {DEADLINE:.0f} s: {late}  all private: {private}"
    )
    exact = counted == expected
    print(f"tally shown {counted}  expected {expected}  exact: {exact}")
    problems = fake.problems + fake.unknown_routes
    if problems:
        print("fake Discord problems:", problems[:5])
    return 0 if exact and late == 0 and private and not problems else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--window", type=float, default=1.0, help="seconds over which the members click")
    parser.add_argument("--changes", type=float, default=0.2, help="share of members who change their answer")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    raise SystemExit(asyncio.run(run(args.members, args.window, args.changes, args.database_url, args.seed)))


if __name__ == "__main__":
    main()
