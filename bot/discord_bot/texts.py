"""What the bot says, in French (tutoiement) and English. ``say(key, lang, **values)`` formats one text."""

from __future__ import annotations

from bot.core.text import Lang, LocalizedText

TEXTS: dict[str, LocalizedText] = {
    # errors and limits
    "cooldown": LocalizedText(
        "Doucement ! Réessaie dans {seconds} s.", "Easy there! Try again in {seconds} s."
    ),
    "missing_permissions": LocalizedText(
        "Il faut la permission « Gérer le serveur » pour ça.",
        "You need the Manage Server permission for that.",
    ),
    "guild_only": LocalizedText(
        "Cette commande marche seulement sur un serveur.", "This command only works in a server."
    ),
    "bad_value": LocalizedText("Valeur invalide : {value}", "Invalid value: {value}"),
    "not_allowed": LocalizedText("Tu ne peux pas faire ça ici.", "You can't do that here."),
    "unexpected_error": LocalizedText(
        "Oups, quelque chose s'est mal passé de mon côté. Réessaie dans un instant.",
        "Oops, something went wrong on my side. Please try again in a moment.",
    ),
    "pong": LocalizedText("Pong ! ({ms} ms)", "Pong! ({ms} ms)"),
    # lessons
    "lessons_title": LocalizedText("Les leçons", "Lessons"),
    "lessons_empty": LocalizedText("Aucune leçon n'est chargée.", "No lesson is loaded."),
    "lesson_line": LocalizedText(
        "{icon} **{title}** — {duration}, {xp} XP{done}", "{icon} **{title}** — {duration}, {xp} XP{done}"
    ),
    "lesson_done": LocalizedText(" ✅ {score}", " ✅ {score}"),
    "lesson_unknown": LocalizedText(
        "Je ne connais pas la leçon « {name} ». Essaie `/lessons`.",
        "I don't know the lesson “{name}”. Try `/lessons`.",
    ),
    "objectives": LocalizedText("Objectifs", "Objectives"),
    "duration": LocalizedText("Durée", "Duration"),
    "sections": LocalizedText("Sections", "Sections"),
    "reward": LocalizedText("Récompense", "Reward"),
    # quiz
    "quiz_title": LocalizedText("Quiz — {lesson}", "Quiz — {lesson}"),
    "quiz_progress": LocalizedText("Question {n}/{total}", "Question {n}/{total}"),
    "quiz_true": LocalizedText("Vrai", "True"),
    "quiz_false": LocalizedText("Faux", "False"),
    "quiz_answer_button": LocalizedText("Répondre", "Answer"),
    "quiz_answer_label": LocalizedText("Ta réponse", "Your answer"),
    "quiz_correct": LocalizedText("✅ Bonne réponse !", "✅ Correct!"),
    "quiz_wrong": LocalizedText("❌ Raté. La bonne réponse : {answer}", "❌ Not quite. The answer: {answer}"),
    "quiz_next": LocalizedText("Question suivante", "Next question"),
    "quiz_summary": LocalizedText("Terminé : {score}/{total}. +{xp} XP.", "Done: {score}/{total}. +{xp} XP."),
    "quiz_summary_pending": LocalizedText(
        "Terminé : {score}/{total}. ⏳ Je compte ton XP…", "Done: {score}/{total}. ⏳ Counting your XP…"
    ),
    "quiz_level_up": LocalizedText("🎉 Niveau {level} atteint !", "🎉 You reached level {level}!"),
    "quiz_not_yours": LocalizedText(
        "Ce quiz appartient à quelqu'un d'autre. Lance le tien avec `/quiz` !",
        "This quiz belongs to someone else. Start your own with `/quiz`!",
    ),
    "quiz_expired": LocalizedText(
        "Ce quiz a expiré. Relance-en un avec `/quiz`.",
        "This quiz has expired. Start a new one with `/quiz`.",
    ),
    "quiz_already_answered": LocalizedText(
        "Déjà répondu à cette question.", "You already answered this question."
    ),
    "quiz_timed_out": LocalizedText("⏱️ Quiz expiré (inactif).", "⏱️ Quiz expired (idle)."),
    # progress
    "xp_title": LocalizedText("Progression de {name}", "{name}'s progress"),
    "xp_line": LocalizedText(
        "**{xp} XP** — niveau {level} — série : {streak} jour(s)",
        "**{xp} XP** — level {level} — streak: {streak} day(s)",
    ),
    "leaderboard_week": LocalizedText("Classement de la semaine", "This week's leaderboard"),
    "leaderboard_all": LocalizedText("Classement général", "All-time leaderboard"),
    "leaderboard_empty": LocalizedText("Personne n'a encore d'XP.", "Nobody has any XP yet."),
    "leaderboard_you": LocalizedText("Toi : #{rank} ({xp} XP)", "You: #{rank} ({xp} XP)"),
    # explain
    "explain_modal_title": LocalizedText("Expliquer une erreur", "Explain an error"),
    "explain_modal_label": LocalizedText("Colle l'erreur ici", "Paste the error here"),
    "explain_nothing": LocalizedText(
        "Je ne reconnais pas d'erreur docker push/pull/login dans ce texte.",
        "I don't recognise a docker push/pull/login error in this text.",
    ),
    "explain_empty": LocalizedText("Ce message ne contient pas de texte.", "This message has no text."),
    "explain_too_big": LocalizedText("Fichier trop gros (1 Mo maximum).", "File too large (1 MB at most)."),
    "explain_delete": LocalizedText("Supprimer", "Delete"),
    "explain_delete_refused": LocalizedText(
        "Seul l'auteur du message peut supprimer cette explication.",
        "Only the message's author can delete this explanation.",
    ),
    # settings
    "channel_added": LocalizedText(
        "J'expliquerai les erreurs collées dans {channel}.", "I'll explain pasted errors in {channel}."
    ),
    "channel_removed": LocalizedText(
        "Je n'explique plus les erreurs dans {channel}.", "I no longer explain errors in {channel}."
    ),
    "channels_none": LocalizedText("Aucun salon d'explications.", "No explain channel."),
    "channels_list": LocalizedText("Salons d'explications : {channels}", "Explain channels: {channels}"),
    "paste_intent_off": LocalizedText(
        "Attention : ce bot tourne sans l'intent « Message Content » (EXPLAIN_ON_PASTE=false), "
        "il ne lira pas les messages de ce salon.",
        "Warning: this bot runs without the Message Content intent (EXPLAIN_ON_PASTE=false), "
        "it won't read this channel's messages.",
    ),
    "locale_set": LocalizedText("Langue du serveur : {locale}.", "Server language: {locale}."),
    "timezone_set": LocalizedText("Fuseau horaire : {zone}.", "Time zone: {zone}."),
    # privacy
    "forget_confirm": LocalizedText(
        "Effacer **toutes** tes données (XP, réponses, progression) ? C'est définitif.",
        "Delete **all** your data (XP, answers, progress)? This cannot be undone.",
    ),
    "forget_yes": LocalizedText("Oui, tout effacer", "Yes, delete everything"),
    "forget_no": LocalizedText("Annuler", "Cancel"),
    "forget_done": LocalizedText("C'est fait : tes données sont effacées.", "Done: your data is deleted."),
    "forget_cancelled": LocalizedText("Rien n'a été effacé.", "Nothing was deleted."),
    "export_done": LocalizedText("Voici tes données.", "Here is your data."),
}


def say(key: str, lang: Lang | str = Lang.FR, /, **values: object) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text
