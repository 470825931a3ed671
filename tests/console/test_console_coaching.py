"""Console coaching commands over a pipe on a real SQLite file: a missed quiz answer comes back in /review,
a leech is told what to re-read, /rank writes a decodable PNG of the card's size, /progress and /next."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from rich.console import Console

from bot.console.app import ConsoleApp, ConsoleFeatures
from bot.console.coaching_commands import coaching_commands, coaching_tools
from bot.core.coaching.families import family_of
from bot.core.coaching.srs import PickReason
from bot.core.learners import LearnerKey
from bot.core.pictures import RANK_CARD_SIZE
from bot.core.quiz.questions import Question, QuestionType
from bot.services.coached_progress import CoachedProgress
from bot.services.coaching_review import ReviewPlanner
from bot.services.quiz import QuizContent, QuizService, load_quiz_content
from bot.storage.scratch import scratch_database

ROOT = Path(__file__).resolve().parents[2]
LEARNER = LearnerKey("console", "ada", "Ada")
T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
T1 = T0 + timedelta(days=1)
SEED = 7


@pytest.fixture(scope="module")
def content() -> QuizContent:
    return load_quiz_content(ROOT / "content", ROOT / "quizzes")[0]


@dataclass
class Setup:
    app: ConsoleApp
    out: io.StringIO
    progress: CoachedProgress
    data_dir: Path

    async def run(self, script: str) -> str:
        start = len(self.out.getvalue())
        self.app.stdin = io.StringIO(script)
        assert await self.app.run() == 0
        return self.out.getvalue()[start:]

    def at(self, moment: datetime) -> None:
        self.app._commands.update(coaching_commands(self.app, clock=lambda: moment))


@pytest.fixture
async def setup(content: QuizContent, tmp_path: Path) -> AsyncIterator[Setup]:
    async with scratch_database("sqlite", tmp_path) as db:
        progress = CoachedProgress(db.sessions)
        features = ConsoleFeatures(coaching=coaching_tools(db.sessions, content, progress, tmp_path))
        out = io.StringIO()
        app = ConsoleApp(
            QuizService(content, progress=progress, clock=lambda: T0),
            learner=LEARNER,
            stdin=io.StringIO(""),
            console=Console(file=out, width=160, force_terminal=False, highlight=False),
            features=features,
            seed=SEED,
        )
        result = Setup(app, out, progress, tmp_path)
        result.at(T1)
        yield result


def right(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        assert question.accept is not None
        return question.accept.canonical
    return ",".join(str(i + 1) for i in question.correct)


def wrong(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        return "certainement pas"
    if question.type is QuestionType.ORDERING:
        return ",".join(str(i + 1) for i in reversed(question.correct))
    return str(next(i for i in range(len(question.choices)) if i not in question.correct) + 1)


async def planned(setup: Setup, content: QuizContent, now: datetime) -> list:
    planner = ReviewPlanner(setup.progress.coaching, content)
    plan = await planner.plan(LEARNER, now=now, rng=random.Random(SEED), limit=10)
    return list(plan.items)


async def test_a_missed_quiz_answer_comes_back_first_in_review(setup: Setup, content: QuizContent) -> None:
    quiz = QuizService(content).start(LEARNER, "10-registries", count=1, seed=SEED + 0)
    missed = quiz.session.questions[0]
    await setup.run(f"/quiz 10-registries 1\n{wrong(missed)}\n")
    items = await planned(setup, content, T1)
    assert items[0].pick.reason is PickReason.DUE
    assert items[0].pick.family == family_of(missed)
    answers = "\n".join(right(item.question) for item in items)
    out = await setup.run(f"/review\n{answers}\n")
    new = sum(1 for item in items if item.pick.reason is PickReason.NEW)
    assert f"Révisions : {len(items)} question(s) (1 à revoir, {new} nouvelle(s))" in out
    assert items[0].question.prompt.fr.splitlines()[0][:40] in out
    assert f"Révision terminée : {len(items)}/{len(items)} bonne(s) réponse(s)." in out
    again = await planned(setup, content, T1)  # answered right just now: no longer due today
    assert all(item.pick.family != family_of(missed) for item in again)


async def test_a_leech_is_told_which_section_to_reread(setup: Setup, content: QuizContent) -> None:
    quiz = QuizService(content).start(LEARNER, "10-registries", count=1, seed=SEED)
    missed = quiz.session.questions[0]
    for n in range(3):  # three misses already on record
        await setup.progress.coaching.record_question_answer(
            LEARNER, missed, correct=False, answered_at=T0 + timedelta(hours=n), source_key=f"old:{n}"
        )
    items = await planned(setup, content, T1)
    assert items[0].pick.family == family_of(missed)
    out = await setup.run(f"/review\n{wrong(items[0].question)}\n/stop\n")
    assert "📖 Cette question te résiste (4 échecs) : relis la section" in out
    assert "Révision arrêtée." in out


async def test_a_quiz_tells_a_leech_what_to_reread(setup: Setup, content: QuizContent) -> None:
    missed = QuizService(content).start(LEARNER, "10-registries", count=1, seed=SEED).session.questions[0]
    for n in range(3):
        await setup.progress.coaching.record_question_answer(
            LEARNER, missed, correct=False, answered_at=T0 - timedelta(days=1, hours=n), source_key=f"old:{n}"
        )
    out = await setup.run(f"/quiz 10-registries 1\n{wrong(missed)}\n")
    assert "📖 Cette question te résiste (4 échecs) : relis la section" in out


async def test_review_for_a_newcomer_offers_the_first_lesson(setup: Setup, content: QuizContent) -> None:
    items = await planned(setup, content, T1)
    assert items and all(item.pick.reason is PickReason.NEW for item in items)
    out = await setup.run("/review\n/stop\n")
    assert f"({0} à revoir, {len(items)} nouvelle(s))" in out
    assert "Révision arrêtée." in out


async def test_rank_saves_a_decodable_png_and_prints_its_path(setup: Setup, content: QuizContent) -> None:
    quiz = QuizService(content).start(LEARNER, "10-registries", count=2, seed=SEED)
    answers = "\n".join(right(q) for q in quiz.session.questions)
    await setup.run(f"/quiz 10-registries 2\n{answers}\n")
    out = await setup.run("/rank\n")
    path = setup.data_dir / "pictures" / "rank-ada.png"
    assert f"Carte enregistrée : {path.resolve()}" in out
    with Image.open(path) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size == RANK_CARD_SIZE
    assert "Ada** — Niveau 1 · Rang #1 sur 1" in out  # the text fallback
    assert " XP" in out and "Série : 1 jour" in out


async def test_progress_prints_a_text_chart_per_objective(setup: Setup, content: QuizContent) -> None:
    lesson = content.lessons["10-registries"]
    quiz = QuizService(content).start(LEARNER, "10-registries", count=3, seed=SEED)
    answers = "\n".join(right(q) for q in quiz.session.questions)
    await setup.run(f"/quiz 10-registries 3\n{answers}\n")
    out = await setup.run("/progress 10\n")
    assert lesson.meta.title in out
    for objective in lesson.meta.objectives:
        assert objective[:30] in out
    assert "%" in out and ("█" in out or "░" in out)
    assert await setup.run("/progress 99-nope\n") != ""
    assert "Leçon inconnue" in setup.out.getvalue()


async def test_next_says_what_to_do_and_remind_is_discord_only(setup: Setup, content: QuizContent) -> None:
    quiz = QuizService(content).start(LEARNER, "10-registries", count=1, seed=SEED)
    await setup.run(f"/quiz 10-registries 1\n{wrong(quiz.session.questions[0])}\n")
    expected = await setup.progress.coaching.next_step(
        LEARNER, lessons=list(content.lessons.values()), now=T1
    )
    out = await setup.run("/next\n/remind on\n")
    assert expected.what.fr.replace("`", "") in out.replace("`", "")
    assert "message privé sur Discord" in out


async def test_without_a_database_the_commands_say_so(content: QuizContent) -> None:
    out = io.StringIO()
    app = ConsoleApp(
        QuizService(content),
        learner=LEARNER,
        stdin=io.StringIO("/review\n/rank\n"),
        console=Console(file=out, width=120, force_terminal=False, highlight=False),
        features=ConsoleFeatures(storage_missing_reason="--no-db"),
    )
    assert await app.run() == 0
    assert out.getvalue().count("pas de base de données (--no-db)") == 2


def test_coaching_commands_over_a_real_pipe(content: QuizContent, tmp_path: Path) -> None:
    missed = QuizService(content).start(LEARNER, "10-registries", count=1, seed=5).session.questions[0]
    script = f"/quiz 10-registries 1\n{wrong(missed)}\n/review\n1\n/stop\n/progress\n/next\n/rank\n/remind\n"
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update({"DATA_DIR": str(tmp_path / "data"), "USER": "ada", "PYTHONIOENCODING": "utf-8"})
    args = ["console", "--seed", "5", "--content", str(ROOT / "content"), "--quizzes", str(ROOT / "quizzes")]
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], input=script, capture_output=True, text=True, env=env,
        cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "🔁 Révisions :" in out and "Question 1/" in out
    assert "Révision arrêtée." in out or "Révision terminée" in out
    assert "Maîtrise par objectif" in out and "%" in out
    png = tmp_path / "data" / "pictures" / "rank-ada.png"
    assert f"Carte enregistrée : {png.resolve()}" in out
    with Image.open(png) as image:
        assert image.size == RANK_CARD_SIZE
    assert "message privé sur Discord" in out
