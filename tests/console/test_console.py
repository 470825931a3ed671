"""The console, driven through a text stream like a pipe: a full quiz with feedback and a summary."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from bot.console.app import ConsoleApp, ConsoleFeatures
from bot.core.learners import LearnerKey
from bot.core.quiz.questions import Question, QuestionType
from bot.core.text import Lang
from bot.services.quiz import QuizContent, QuizService, load_quiz_content

ROOT = Path(__file__).resolve().parents[2]
LEARNER = LearnerKey("console", "ada", "Ada")
SEED = 100


@pytest.fixture(scope="module")
def content() -> QuizContent:
    return load_quiz_content(ROOT / "content", ROOT / "quizzes")[0]


def expected_quiz(
    content: QuizContent, seed: int, lesson: str | None = None, kind: str | None = None, count=5
):
    return QuizService(content).start(LEARNER, lesson, kind=kind, count=count, seed=seed).session.questions


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


async def play(content: QuizContent, script: str, lang: Lang = Lang.FR, features=None) -> str:
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=False, highlight=False)
    app = ConsoleApp(
        QuizService(content),
        learner=LEARNER,
        stdin=io.StringIO(script),
        console=console,
        lang=lang,
        features=features,
        seed=SEED,
    )
    assert await app.run() == 0
    return out.getvalue()


async def test_a_full_quiz_with_feedback_and_summary(content: QuizContent) -> None:
    questions = expected_quiz(content, SEED, "10-registries")
    answers = [wrong(questions[0]), *(right(q) for q in questions[1:])]
    output = await play(content, "/quiz 10-registries\n" + "\n".join(answers) + "\n/quit\n")
    for n in range(1, 6):
        assert f"Question {n}/5" in output
    for question in questions:
        assert question.prompt.fr.splitlines()[0][:40] in output
    assert output.count("✅ Bonne réponse !") == 4
    assert output.count("❌ Raté. La bonne réponse :") == 1
    label = content.lessons["10-registries"].section(questions[0].section).label
    assert f"📖 Revois {label}" in output
    assert "Score : 4/5 (80 %)" in output
    assert "🎉 Leçon validée : Docker Hub et Registries !" in output
    assert output.rstrip().endswith("À bientôt ! 🐳")


async def test_a_failed_quiz_in_english(content: QuizContent) -> None:
    questions = expected_quiz(content, SEED, None, "image_name", 2)
    script = "/quiz image_name 2\n" + "\n".join(wrong(q) for q in questions) + "\n"
    output = await play(content, script, Lang.EN)
    assert "❌ Wrong. The right answer:" in output
    assert "📖 Review 10.2" in output
    assert "Score: 0/2 (0%)" in output
    assert "you need 80%" in output


async def test_answers_by_text_and_a_retry_on_unreadable_input(content: QuizContent) -> None:
    (question,) = expected_quiz(content, SEED, None, "registry_choice", 1)
    answer = question.choice_texts()[question.correct[0]]
    output = await play(content, f"/quiz registry_choice 1\n42\n{answer}\n")
    assert "Réponds par un numéro de 1 à" in output
    assert "✅ Bonne réponse !" in output
    assert "Score : 1/1 (100 %)" in output


async def test_commands_hints_and_end_of_input(content: QuizContent) -> None:
    output = await play(
        content, "/help\n/lessons\n/lesson 10\n/frobnicate\nbonjour\n/lesson nope\n/quiz 10 image_name\n"
    )
    assert "/quiz [leçon] [type] [nombre]" in output
    assert "10-registries" in output and "📦" in output
    assert "10.2 — Nommer une image" in output
    assert "Je ne connais pas « /frobnicate ». Tape /help" in output
    assert "Pour commencer, tape /quiz" in output
    assert "Leçon inconnue : « nope »" in output
    assert "Question 1/5" in output  # then input ends in the middle of the quiz: a clean exit
    assert "À bientôt" in output
    assert "Traceback" not in output


async def test_stop_abandons_the_quiz(content: QuizContent) -> None:
    output = await play(content, "/quiz\n/stop\n/help\n/quit\n")
    assert "Quiz abandonné." in output and "Commandes :" in output and "Score" not in output


async def test_explain_xp_and_leaderboard_without_features(content: QuizContent) -> None:
    output = await play(
        content, "/explain\ndenied: requested access to the resource is denied\n\n/xp\n/leaderboard\n"
    )
    assert "pas encore disponible" in output
    assert output.count("Ta progression n'est pas enregistrée") == 2


async def test_explain_and_xp_with_features(content: QuizContent) -> None:
    pasted: list[str] = []

    async def explain(text: str, lang: Lang) -> str:
        pasted.append(text)
        return "**Accès refusé** : connecte-toi."

    async def xp(learner: LearnerKey) -> str:
        return f"{learner.user} : 42 XP"

    features = ConsoleFeatures(xp=xp, explain=explain)
    output = await play(content, "/explain\nligne 1\nligne 2\n\n/xp\n", features=features)
    assert pasted == ["ligne 1\nligne 2"]
    assert "Accès refusé" in output and "ada : 42 XP" in output


def _run_cli(args: list[str], script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update({"DATA_DIR": str(tmp_path / "data"), "USER": "ada", "PYTHONIOENCODING": "utf-8"})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_the_console_over_a_real_pipe_records_xp(content: QuizContent, tmp_path: Path) -> None:
    questions = expected_quiz(content, 5, "10-registries")
    script = "/quiz 10-registries\n" + "\n".join(right(q) for q in questions) + "\n/xp\n/leaderboard\n"
    args = ["console", "--seed", "5", "--content", str(ROOT / "content"), "--quizzes", str(ROOT / "quizzes")]
    result = _run_cli(args, script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Score : 5/5 (100 %)" in result.stdout
    assert "+200 XP pour la leçon" in result.stdout
    assert "ada :" in result.stdout and "XP" in result.stdout
    assert "🏆" in result.stdout and "1. ada" in result.stdout


def test_dockcoach_without_a_token_starts_the_console(tmp_path: Path) -> None:
    result = _run_cli([], "/help\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Bienvenue dans dockcoach" in result.stdout and "/quiz" in result.stdout


async def test_quiz_arguments_in_any_order(content: QuizContent) -> None:
    output = await play(content, "/quiz 2 image_name\n/stop\n/quiz image_name 10 1\n/stop\n/quiz 10 1 2 3\n")
    assert "Question 1/2 · image_name" in output
    assert "Question 1/1 · image_name" in output
    assert "Je ne comprends pas « 2 »" in output
