"""Console study-group commands: the solo live quiz against an injected clock (speed points, late answers,
no XP), and the weekly challenge with its one attempt and leaderboard on a real database."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from bot.console.app import ConsoleApp, ConsoleFeatures
from bot.console.live_commands import StudyCommands, live_commands
from bot.core.learners import LearnerKey
from bot.core.live import LETTERS
from bot.services.challenge import ChallengeService
from bot.services.progress import ProgressService
from bot.services.quiz import QuizContent, QuizService, load_quiz_content
from bot.services.quiz_runs import QuizRunService
from bot.storage.scratch import scratch_database

ROOT = Path(__file__).resolve().parents[2]
LEARNER = LearnerKey("console", "ada", "Ada")


@pytest.fixture(scope="module")
def content() -> QuizContent:
    return load_quiz_content(ROOT / "content", ROOT / "quizzes")[0]


def ticking(*times: float) -> Iterator[float]:
    return iter(times)


def make_app(content: QuizContent, script: str, service: QuizService | None = None, **features: object):
    out = io.StringIO()
    app = ConsoleApp(
        service or QuizService(content),
        learner=LEARNER,
        stdin=io.StringIO(script),
        console=Console(file=out, width=140, force_terminal=False, highlight=False),
        features=ConsoleFeatures(**features),  # type: ignore[arg-type]
        seed=11,
    )
    return app, out


async def test_solo_live_quiz_scores_speed_and_refuses_late_answers(content: QuizContent) -> None:
    app, out = make_app(content, "")
    questions = StudyCommands(app).pick(None, "image_name", 2)
    first, second = (LETTERS[q.correct] for q in questions)
    app.stdin = io.StringIO(f"/live image_name 2 20\nZ\n{first}\n{second}\n")
    times = ticking(0.0, 2.0, 100.0, 125.0)
    app._commands.update(live_commands(app, clock=lambda: next(times)))
    await app.run()
    text = out.getvalue()
    assert "2 question(s), 20 s" in text
    assert "lettre de A à" in text  # "Z" is not a choice: asked again, the clock keeps running
    assert "+1000 pts (en 2.0 s)" in text
    assert f"Temps écoulé (25.0 s) : réponse non comptée. C'était {second}" in text.replace("**", "")
    assert "Score : 1000 pts, 1/2" in text and "pas d'XP" in text


async def test_live_usage_errors(content: QuizContent) -> None:
    app, out = make_app(content, "/live 2 20 30\n/live 50\n")
    await app.run()
    text = out.getvalue()
    assert "Usage : /live" in text and "1 à 10 questions" in text


async def test_challenge_needs_storage(content: QuizContent) -> None:
    app, out = make_app(content, "/challenge\n", storage_missing_reason="--no-db")
    await app.run()
    assert "pas de base de données (--no-db)" in out.getvalue()


async def test_weekly_challenge_in_the_console(content: QuizContent, tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as db:
        progress = ProgressService(db.sessions)
        quiz = QuizService(content, progress=progress)
        runs = QuizRunService(quiz, progress, db.sessions, engine=db.engine, idle=timedelta(hours=1))
        challenges = ChallengeService(runs, content, db.sessions)
        week = await challenges.week("console", datetime.now(UTC))
        lesson, seed = challenges.lesson_for("console", week)
        expected = QuizService(content).start(LEARNER, lesson, count=5, seed=seed).session.questions
        answers = []
        for question in expected:
            if question.accept is not None:
                answers.append(question.accept.canonical)
            else:
                answers.append(",".join(str(i + 1) for i in question.correct))
        script = "/challenge\n" + "\n".join(answers) + "\n/challenge\n/challenge top\n"
        app, out = make_app(content, script, quiz, challenge=challenges)
        await app.run()
        text = out.getvalue()
        assert f"Défi de la semaine {week.label}" in text
        assert f"Score : {len(expected)}/{len(expected)}" in text
        assert "déjà relevé" in text
        assert f"1. Ada — {len(expected)}/{len(expected)}" in text
