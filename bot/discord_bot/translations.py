"""Command names and descriptions in French and English, through discord.py's ``app_commands.Translator``.

In code, command and option names are the English ones given by the issue (``/leaderboard``) and every
description is written in French (the course's language, shown to any locale we do not translate). The
tables below give the French names and the English descriptions; Discord shows each user their locale's.
"""

from __future__ import annotations

from discord import Locale, app_commands

from bot.core.text import Lang

FRENCH_LOCALES = frozenset({Locale.french})
ENGLISH_LOCALES = frozenset({Locale.american_english, Locale.british_english})

# default (as written in code) -> (French, English)
NAMES: dict[str, tuple[str, str]] = {
    "lessons": ("leçons", "lessons"),
    "lesson": ("leçon", "lesson"),
    "quiz": ("quiz", "quiz"),
    "kind": ("type", "kind"),
    "count": ("nombre", "count"),
    "private": ("privé", "private"),
    "xp": ("xp", "xp"),
    "member": ("membre", "member"),
    "leaderboard": ("classement", "leaderboard"),
    "period": ("période", "period"),
    "explain": ("expliquer", "explain"),
    "text": ("texte", "text"),
    "settings": ("réglages", "settings"),
    "explain-channel": ("salon-explications", "explain-channel"),
    "add": ("ajouter", "add"),
    "remove": ("retirer", "remove"),
    "list": ("liste", "list"),
    "channel": ("salon", "channel"),
    "locale": ("langue", "locale"),
    "language": ("langue", "language"),
    "timezone": ("fuseau-horaire", "timezone"),
    "zone": ("zone", "zone"),
    "forget-me": ("oublie-moi", "forget-me"),
    "export-me": ("exporte-mes-données", "export-me"),
    "ping": ("ping", "ping"),
    "quiz-live": ("quiz-en-direct", "quiz-live"),
    "seconds": ("secondes", "seconds"),
    "challenge": ("défi", "challenge"),
    "challenge-leaderboard": ("classement-défi", "challenge-leaderboard"),
    "challenge-channel": ("salon-défi", "challenge-channel"),
    "level-role": ("rôle-niveau", "level-role"),
    "level-announce": ("annonce-niveau", "level-announce"),
    "sync": ("synchroniser", "sync"),
    "remove-previous": ("retirer-précédent", "remove-previous"),
    "level": ("niveau", "level"),
    "role": ("rôle", "role"),
    "enabled": ("activé", "enabled"),
    "mode": ("mode", "mode"),
    # coaching
    "review": ("réviser", "review"),
    "progress": ("progression", "progress"),
    "rank": ("rang", "rank"),
    "next": ("suivant", "next"),
    "remind": ("rappels", "remind"),
    "hour": ("heure", "hour"),
    "class": ("classe", "class"),
    "report": ("rapport", "report"),
    "Expliquer cette erreur": ("Expliquer cette erreur", "Explain this error"),
}

# French description (as written in code) -> English
DESCRIPTIONS: dict[str, str] = {
    "Les leçons du cours et ta progression": "The course's lessons and your progress",
    "Le détail d'une leçon : objectifs, durée, XP, sections": (
        "A lesson in detail: objectives, duration, XP, sections"
    ),
    "La leçon": "The lesson",
    "Un quiz, une question à la fois": "A quiz, one question at a time",
    "Le type de questions": "The kind of questions",
    "Nombre de questions (1 à 20)": "Number of questions (1 to 20)",
    "Rien que pour toi (réponses privées)": "Just for you (private replies)",
    "Ton XP, ton niveau et ta série (ou ceux d'un membre)": "Your XP, level and streak (or a member's)",
    "Le membre (toi par défaut)": "The member (you by default)",
    "Le classement de la communauté": "The community's leaderboard",
    "Cette semaine ou depuis toujours": "This week or all time",
    "Explique une erreur docker push/pull/login": "Explain a docker push/pull/login error",
    "L'erreur collée (vide : une fenêtre pour un long texte)": (
        "The pasted error (empty: a window for long text)"
    ),
    "Réglages du bot pour ce serveur": "The bot's settings for this server",
    "Salons où le bot explique les erreurs collées": "Channels where the bot explains pasted errors",
    "Ajoute un salon": "Add a channel",
    "Retire un salon": "Remove a channel",
    "Liste les salons": "List the channels",
    "Le salon": "The channel",
    "La langue par défaut du bot sur ce serveur": "The bot's default language on this server",
    "La langue": "The language",
    "Le fuseau horaire du serveur (séries, semaine du classement)": (
        "The server's time zone (streaks, weekly board)"
    ),
    "Un fuseau IANA, par exemple Europe/Paris": "An IANA time zone, for example Europe/Paris",
    "Efface toutes tes données (avec confirmation)": "Delete all your data (asks for confirmation)",
    "Tes données au format JSON": "Your data as a JSON file",
    "Vérifie que le bot répond": "Check that the bot answers",
    "Un quiz en direct pour tout le salon": "A live quiz for the whole channel",
    "Nombre de questions (1 à 10)": "Number of questions (1 to 10)",
    "Secondes par question (10 à 120)": "Seconds per question (10 to 120)",
    "Le défi de la semaine (une seule tentative)": "This week's challenge (one attempt)",
    "Le classement du défi de la semaine": "This week's challenge leaderboard",
    "Le salon où annoncer le défi de chaque lundi": "The channel where each Monday's challenge is announced",
    "Le salon (vide : plus d'annonce)": "The channel (empty: no more announcements)",
    "Rôles donnés selon le niveau": "Roles given by level",
    "Donne un rôle aux membres qui atteignent un niveau": "Give a role to members who reach a level",
    "Le niveau": "The level",
    "Le rôle": "The role",
    "Retire un rôle de niveau": "Remove a level role",
    "Liste les rôles de niveau": "List the level roles",
    "Retirer le rôle du palier précédent": "Remove the previous tier's role",
    "Oui : seul le rôle du plus haut palier atteint est gardé": "Yes: only the highest tier's role is kept",
    "Réapplique les rôles de niveau à tout le monde": "Re-apply level roles to everyone",
    "Où annoncer les passages de niveau": "Where to announce level-ups",
    "Désactivées, dans le salon, ou dans un salon choisi": "Off, in the channel, or in a chosen channel",
    "Le salon choisi": "The chosen channel",
    # coaching
    "Tes révisions : ce que tu allais oublier, au bon moment": (
        "Your reviews: what you were about to forget, right on time"
    ),
    "Ta maîtrise de chaque objectif, en image": "Your mastery of each objective, as a picture",
    "Ta carte de rang (ou celle d'un membre)": "Your rank card (or a member's)",
    "La chose la plus utile à faire maintenant, et pourquoi": "The most useful thing to do now, and why",
    "Rappels de révision en message privé (un par jour au plus)": (
        "Review reminders by direct message (at most one a day)"
    ),
    "Activer ou désactiver (vide : où en sont tes rappels)": "Turn on or off (empty: your reminder settings)",
    "L'heure (0 à 23)": "The hour (0 to 23)",
    "Le suivi de la classe (organisateurs)": "Following the class (organisers)",
    "Qui a fini quoi, qui bloque, quelles questions clochent": (
        "Who finished what, who is stuck, which questions look broken"
    ),
}

# Choice names (French in code) -> English
CHOICES: dict[str, str] = {
    "Cette semaine": "This week",
    "Depuis toujours": "All time",
    "Français": "French",
    "Anglais": "English",
    "Tout": "Everything",
    "Références d'images": "Image references",
    "Tags": "Tags",
    "Registres": "Registries",
    "Commandes": "Commands",
    "Erreurs de push": "Push errors",
    "Questions du cours": "Course questions",
    "Désactivées": "Off",
    "Dans le salon": "In the channel",
    "Salon choisi": "Chosen channel",
    "Activer": "Turn on",
    "Désactiver": "Turn off",
}

_NAME_LOCATIONS = {
    app_commands.TranslationContextLocation.command_name,
    app_commands.TranslationContextLocation.group_name,
    app_commands.TranslationContextLocation.parameter_name,
}


def lang_of(locale: Locale | str | None) -> Lang:
    return Lang.from_locale(str(locale) if locale is not None else None)


def translate(message: str, locale: Locale, *, is_name: bool) -> str | None:
    """The localization of ``message`` for ``locale`` (``None``: Discord shows the default)."""
    if locale in FRENCH_LOCALES:
        lang = Lang.FR
    elif locale in ENGLISH_LOCALES:
        lang = Lang.EN
    else:
        return None
    if is_name:
        pair = NAMES.get(message)
        return None if pair is None else pair[0 if lang is Lang.FR else 1]
    if lang is Lang.FR:
        return None
    return DESCRIPTIONS.get(message) or CHOICES.get(message)


class CoachTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        return translate(string.message, locale, is_name=context.location in _NAME_LOCATIONS)
