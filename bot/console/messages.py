"""The console's own phrases, in French (default) and English."""

from __future__ import annotations

from bot.core.text import Lang

MESSAGES: dict[str, tuple[str, str]] = {
    "welcome": (
        "👋 Bienvenue dans dockcoach ! Tape /help pour voir les commandes, /quit pour sortir.",
        "👋 Welcome to dockcoach! Type /help for the commands, /quit to leave.",
    ),
    "bye": ("À bientôt ! 🐳", "See you soon! 🐳"),
    "help": (
        "Commandes :\n"
        "  /lessons                          la liste des leçons\n"
        "  /lesson ID                        ce que contient une leçon\n"
        "  /quiz [leçon] [type] [nombre]     un quiz (5 questions par défaut) ; types : {kinds}\n"
        "  /explain                          colle une erreur docker, termine par une ligne vide\n"
        "  /xp                               ton XP, ton niveau, ta série\n"
        "  /leaderboard                      le classement\n"
        "  /review                           tes révisions du jour (ce que tu allais oublier)\n"
        "  /progress [leçon]                 ta maîtrise par objectif\n"
        "  /rank                             ta carte de rang (image PNG enregistrée)\n"
        "  /next                             la chose la plus utile à faire maintenant\n"
        "  /help                             cette aide\n"
        "  /quit                             quitter\n"
        "Pendant un quiz : réponds par le numéro (ou le texte) d'un choix ; /stop abandonne le quiz.",
        "Commands:\n"
        "  /lessons                          the list of lessons\n"
        "  /lesson ID                        what a lesson holds\n"
        "  /quiz [lesson] [kind] [count]     a quiz (5 questions by default); kinds: {kinds}\n"
        "  /explain                          paste a docker error, end with an empty line\n"
        "  /xp                               your XP, level and streak\n"
        "  /leaderboard                      the leaderboard\n"
        "  /review                           today's reviews (what you were about to forget)\n"
        "  /progress [lesson]                your mastery per objective\n"
        "  /rank                             your rank card (PNG image saved)\n"
        "  /next                             the most useful thing to do now\n"
        "  /help                             this help\n"
        "  /quit                             leave\n"
        "During a quiz: answer with a choice's number (or text); /stop abandons the quiz.",
    ),
    "unknown_command": (
        "Je ne connais pas « {command} ». Tape /help pour voir les commandes.",
        "I don't know '{command}'. Type /help to see the commands.",
    ),
    "not_a_command": (
        "Pour commencer, tape /quiz (ou /help pour tout voir).",
        "To start, type /quiz (or /help to see everything).",
    ),
    "no_lessons": ("Aucune leçon chargée.", "No lesson loaded."),
    "lesson_usage": (
        "Usage : /lesson ID (par exemple /lesson {example}).",
        "Usage: /lesson ID (e.g. /lesson {example}).",
    ),
    "quiz_bad_arg": (
        "Je ne comprends pas « {arg} » : /quiz [leçon] [type] [nombre].",
        "I don't understand '{arg}': /quiz [lesson] [kind] [count].",
    ),
    "question": ("Question {n}/{total}", "Question {n}/{total}"),
    "your_answer": ("Ta réponse (numéro ou texte) :", "Your answer (number or text):"),
    "your_text_answer": ("Ta réponse :", "Your answer:"),
    "right": ("✅ Bonne réponse !", "✅ Right!"),
    "wrong": ("❌ Raté. La bonne réponse : {answer}", "❌ Wrong. The right answer: {answer}"),
    "mistake": ("Ton choix : {mistake}", "Your choice: {mistake}"),
    "xp_gained": ("+{xp} XP (total {total})", "+{xp} XP (total {total})"),
    "summary": ("Score : {score}/{total} ({percent} %)", "Score: {score}/{total} ({percent}%)"),
    "passed": ("🎉 Leçon validée : {title} !", "🎉 Lesson completed: {title}!"),
    "failed": (
        "Pas encore : il faut 80 % pour valider la leçon. Tu peux retenter avec /quiz.",
        "Not yet: you need 80% to complete the lesson. Try again with /quiz.",
    ),
    "reward": ("+{xp} XP pour la leçon (total {total}).", "+{xp} XP for the lesson (total {total})."),
    "stopped": ("Quiz abandonné.", "Quiz abandoned."),
    "explain_prompt": (
        "Colle ton erreur, puis termine par une ligne vide :",
        "Paste your error, then end with an empty line:",
    ),
    "explain_unavailable": (
        "L'explication d'erreurs n'est pas encore disponible dans cette version.",
        "Error explanations are not available yet in this version.",
    ),
    "explain_empty": ("Rien à expliquer.", "Nothing to explain."),
    "no_storage": (
        "Ta progression n'est pas enregistrée : pas de base de données ({why}).",
        "Your progress is not saved: no database ({why}).",
    ),
    "xp": (
        "{name} : {xp} XP · niveau {level} ({into}/{step} vers "
        "le suivant) · série {streak} j (record {best}){rank}",
        "{name}: {xp} XP · level {level} ({into}/{step} to the next) · streak {streak} d (best {best}){rank}",
    ),
    "rank": (" · rang {rank}", " · rank {rank}"),
    "leaderboard_empty": ("Personne n'a encore d'XP ici.", "Nobody has XP here yet."),
    "leaderboard_title": ("🏆 Classement", "🏆 Leaderboard"),
    "sorry": (
        "Oups, quelque chose s'est mal passé. Réessaie, ou tape /help.",
        "Oops, something went wrong. Try again, or type /help.",
    ),
    "sections": ("Sections", "Sections"),
    "objectives": ("Objectifs", "Objectives"),
    "quiz_kinds": ("Types de questions : {kinds}", "Question kinds: {kinds}"),
}


def t(key: str, lang: str | Lang = Lang.FR, **values: object) -> str:
    fr, en = MESSAGES[key]
    text = en if str(lang) == Lang.EN else fr
    return text.format(**values) if values else text
