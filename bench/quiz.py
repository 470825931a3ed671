"""Benchmark: questions generated per second for each kind, and the time to build a 5-question quiz.

The baseline, in the same run, is the floor any generated question pays: a seeded ``random.Random``, a
shuffle of four choices and a fingerprinted :class:`Question` with no reasoning behind it.

Run: ``.venv/bin/python bench/quiz.py [--questions N] [--quizzes N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bot.core.quiz.questions import Question, QuestionType, fingerprint
from bot.core.quiz.registry import generate_question, kinds
from bot.core.quiz.session import build_quiz
from bot.core.text import LocalizedText
from bot.services.quiz import QuizContent, load_quiz_content

ROOT = Path(__file__).resolve().parent.parent


def baseline_question(seed: int) -> Question:
    rng = random.Random(f"baseline/{seed}")
    choices = ["a", "b", "c", "d"]
    rng.shuffle(choices)
    params = {"seed": seed}
    return Question(
        id=fingerprint("baseline", params),
        kind="baseline",
        lesson="x",
        section="1.1",
        objective="o",
        difficulty=1,
        type=QuestionType.SINGLE_CHOICE,
        prompt=LocalizedText("?"),
        choices=tuple(choices),
        correct=(choices.index("a"),),
        params=params,
    )


def per_second(make: Callable[[int], object], count: int, repeat: int) -> float:
    rates = []
    for r in range(repeat):
        start = time.perf_counter()
        for seed in range(r * count, (r + 1) * count):
            make(seed)
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def quiz_ms(content: QuizContent, quizzes: int, repeat: int) -> float:
    lesson = next(iter(content.lessons.values()))
    bank = content.bank(lesson.id)
    times = []
    for r in range(repeat):
        start = time.perf_counter()
        for seed in range(r * quizzes, (r + 1) * quizzes):
            build_quiz(lesson, bank, content.context, seed=seed, count=5)
        times.append((time.perf_counter() - start) * 1000 / quizzes)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000, help="questions per kind and repeat")
    parser.add_argument("--quizzes", type=int, default=300, help="5-question quizzes per repeat")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    content, _ = load_quiz_content(ROOT / "content", ROOT / "quizzes")
    lesson = next(iter(content.lessons.values()))
    base = per_second(baseline_question, args.questions, args.repeat)
    print(f"lesson {lesson.id}; median of {args.repeat} runs")
    print(f"{'kind':<18}{'questions/s':>14}{'x baseline cost':>18}")
    print(f"{'baseline':<18}{base:>14,.0f}{1.0:>18.1f}")
    for kind in kinds():
        rate = per_second(
            lambda s, k=kind: generate_question(k, lesson, s, content.context), args.questions, args.repeat
        )
        print(f"{kind:<18}{rate:>14,.0f}{base / rate:>18.1f}")
    five = quiz_ms(content, args.quizzes, args.repeat)
    floor = 5000 / base
    print(f"5-question quiz: {five:.2f} ms to build (baseline: 5 trivial questions {floor:.3f} ms)")


if __name__ == "__main__":
    main()
