"""Interaction round trip of the real bot against the loopback fake Discord: INTERACTION_CREATE sent →
callback received, p50 and p99, for a bare command (`/ping`), a quiz answer click (with its database write)
and `/explain` on a 4 KB paste, measured interleaved in the same run.

    .venv/bin/python bench/discord_latency.py [--rounds 300] [--database-url URL]

The issue's target: the quiz click's p50 and p99 within 3x the bare command's.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
from typing import Any

from discord_harness import percentile, running_bot
from fake_discord import FakeDiscord
from fake_payloads import FakeUser

QUIZ_LENGTH = 20
DENIED = (
    "$ docker push myapp:latest\n"
    "The push refers to repository [docker.io/library/myapp]\n"
    "denied: requested access to the resource is denied\n"
)


def paste_of(size: int) -> str:
    lines = [f"#{n} [internal] load build context {n * 0.01:.2f}s done" for n in range(400)]
    filler = "\n".join(lines)
    return (filler[: size - len(DENIED) - 1] + "\n" + DENIED)[:size]


class QuizPlayer:
    """Keeps one quiz going per user, starting a new one when it ends (the /quiz limit is per user)."""

    def __init__(self, fake: FakeDiscord, bot: Any, users: list[FakeUser]) -> None:
        self.fake, self.bot, self.users, self.next_user = fake, bot, users, 0
        self.message: dict[str, Any] | None = None
        self.user: FakeUser | None = None

    async def click_once(self) -> float:
        if self.message is None or not self.message["components"]:
            self.user = self.users[self.next_user % len(self.users)]
            self.next_user += 1
            interaction = await self.fake.slash(
                "quiz", {"kind": "image_name", "count": QUIZ_LENGTH}, user=self.user
            )
            await self.fake.response(interaction)
            self.message = self.fake.original(interaction)
            await asyncio.sleep(0.05)  # reading the first question (the bot finishes storing the message id)
        custom_id = self.message["components"][0]["components"][0]["custom_id"]
        click = await self.fake.click(self.message, custom_id, user=self.user)
        await self.fake.response(click)
        # The XP bookkeeping runs right after the reply; a learner takes seconds to read the next
        # question, so let it finish before the next measurement (it would otherwise slow them all).
        await self.bot.services.runs.drain()
        await self.fake.wait_until(
            lambda: "⏳" not in self.fake.messages[int(self.message["id"])]["embeds"][0]["description"]
        )
        self.message = self.fake.messages[int(self.message["id"])]
        return click.latency


async def measure(rounds: int, database_url: str | None) -> dict[str, list[float]]:
    async with running_bot(database_url) as (fake, bot):
        users = [fake.add_user(f"learner{n}") for n in range(rounds // 4 + 10)]
        player = QuizPlayer(fake, bot, users)
        paste = paste_of(4096)
        timings: dict[str, list[float]] = {"bare /ping": [], "quiz answer click": [], "/explain 4 KB": []}
        for n in range(rounds + 20):
            ping = await fake.slash("ping", user=users[n % len(users)])
            await fake.response(ping)
            click = await player.click_once()
            explain = await fake.slash("explain", {"text": paste}, user=users[n % len(users)])
            await fake.response(explain)
            if n >= 20:  # warm-up
                timings["bare /ping"].append(ping.latency)
                timings["quiz answer click"].append(click)
                timings["/explain 4 KB"].append(explain.latency)
    if fake.problems or fake.unknown_routes:
        raise SystemExit(f"the fake saw problems: {fake.problems} {fake.unknown_routes}")
    return timings


def report(timings: dict[str, list[float]]) -> None:
    bare = timings["bare /ping"]
    print(
        f"{'interaction':<20} {'n':>5} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}"
        f" {'p50/bare':>9} {'p99/bare':>9}"
    )
    for name, values in timings.items():
        p50, p90, p99 = statistics.median(values), percentile(values, 0.9), percentile(values, 0.99)
        r50, r99 = p50 / statistics.median(bare), p99 / percentile(bare, 0.99)
        print(
            f"{name:<20} {len(values):>5} {p50 * 1000:>8.2f} {p90 * 1000:>8.2f} {p99 * 1000:>8.2f}"
            f" {max(values) * 1000:>8.2f} {r50:>8.2f}x {r99:>8.2f}x"
        )
    if hasattr(os, "getloadavg"):  # the machine may be shared: figures mean little without it
        print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="measured rounds (after 20 warm-up rounds)")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    report(asyncio.run(measure(args.rounds, args.database_url)))


if __name__ == "__main__":
    main()
