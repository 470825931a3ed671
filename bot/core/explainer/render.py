"""Plain-text (Markdown-friendly) rendering of an explanation, in French or English."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.explainer.catalog import ErrorSeverity
from bot.core.explainer.explain import Explanation, Finding, Status
from bot.core.explainer.redact import SecretKind, secret_label
from bot.core.text import LocalizedText

T = LocalizedText
_ICONS = {ErrorSeverity.ERROR: "❌", ErrorSeverity.WARNING: "⚠️", ErrorSeverity.INFO: "ℹ️"}
_LABELS = {
    "line": T("ligne", "line"),
    "meaning": T("Ce que ça veut dire", "What it means"),
    "causes": T("Causes fréquentes", "Usual causes"),
    "fix": T("Pour corriger", "How to fix it"),
    "for_you": T("Pour ta commande", "For your command"),
    "lesson": T("Leçon", "Lesson"),
    "section": T("section", "section"),
    "others": T("Autres erreurs dans ce message, dans l'ordre", "Other errors in this paste, in order"),
    "context": T("Contexte", "Context"),
    "quiet": T("Je ne vois pas d'erreur Docker dans ce message.", "I see no Docker error in this message."),
}
_CONTEXT_NAMES = {
    "command": T("commande", "command"),
    "reference": T("image", "image"),
    "host": T("registry", "registry"),
    "tag": T("tag", "tag"),
    "region": T("région", "region"),
}
_UNRECOGNISED = T(
    "Ça ressemble à une erreur, mais je ne la reconnais pas :",
    "This looks like an error, but not one I know:",
)
_CHECKLIST = T(
    "- Relis la première ligne d'erreur (pas les lignes de progression).\n"
    "- Vérifie le nom complet de l'image : `registry/namespace/nom:tag`, en minuscules.\n"
    "- Es-tu connecté au bon registry ? `docker login <registry>`\n"
    "- Le démon tourne-t-il ? `docker version`\n"
    "- Réessaie avec la commande exacte et colle toute la sortie.",
    "- Read the first error line (not the progress lines).\n"
    "- Check the full image name: `registry/namespace/name:tag`, in lowercase.\n"
    "- Are you logged in to the right registry? `docker login <registry>`\n"
    "- Is the daemon running? `docker version`\n"
    "- Try again with the exact command and paste the whole output.",
)
_SECRETS = T(
    "🔐 Ton message contenait un secret, masqué ici : {kinds}. Considère-le comme compromis : "
    "révoque-le et crée-en un nouveau (et supprime ton message d'origine).",
    "🔐 Your message contained a secret, masked here: {kinds}. Consider it compromised: "
    "revoke it, create a new one (and delete your original message).",
)


def render_explanation(
    explanation: Explanation, lang: str = "fr", redacted: Sequence[SecretKind] = ()
) -> str:
    """The whole answer as Markdown text (a one-line "no error" when quiet: front ends may skip it)."""
    parts: list[str] = []
    if explanation.status is Status.UNRECOGNISED:
        parts += [_UNRECOGNISED.get(lang), f"> {explanation.unrecognised_line}", _CHECKLIST.get(lang)]
    elif explanation.primary is not None:
        parts.append(render_finding(explanation.primary, lang))
        context = _render_context(explanation, lang)
        if context:
            parts.append(context)
        others = explanation.secondary
        if others:
            parts.append(_render_others(others, lang))
    else:
        parts.append(_LABELS["quiet"].get(lang))
    if redacted:
        kinds = ", ".join(secret_label(kind, lang) for kind in redacted)
        parts.append(_SECRETS.get(lang).format(kinds=kinds))
    return "\n\n".join(parts)


def render_finding(finding: Finding, lang: str = "fr") -> str:
    entry = finding.entry
    label = {k: v.get(lang) for k, v in _LABELS.items()}
    lines = [
        f"{_ICONS[entry.severity]} **{entry.title.get(lang)}** ({label['line']} {finding.line})",
        f"> {finding.text}",
        "",
        f"**{label['meaning']}** : {entry.meaning.get(lang)}"
        if lang != "en"
        else f"**{label['meaning']}**: {entry.meaning.get(lang)}",
        "",
        f"**{label['causes']}**" + (" :" if lang != "en" else ":"),
        *(f"- {cause}" for cause in entry.causes.get(lang)),
    ]
    if finding.advice:
        lines += ["", f"**{label['for_you']}**" + (" :" if lang != "en" else ":")]
        for item in finding.advice:
            lines.append(f"- {item.text.get(lang)}")
            if item.command:
                lines += ["```sh", item.command.get(lang), "```"]
    lines += ["", f"**{label['fix']}**" + (" :" if lang != "en" else ":"), entry.fix.get(lang)]
    lines += ["", f"📖 {label['lesson']} `{entry.lesson}`, {label['section']} {entry.section}"]
    return "\n".join(lines)


def _render_context(explanation: Explanation, lang: str) -> str:
    values = explanation.context.as_dict()
    shown = [f"{name.get(lang)} `{values[key]}`" for key, name in _CONTEXT_NAMES.items() if key in values]
    colon = ": " if lang == "en" else " : "
    return f"_{_LABELS['context'].get(lang)}{colon}" + ", ".join(shown) + "_" if shown else ""


def _render_others(findings: Sequence[Finding], lang: str) -> str:
    head = f"**{_LABELS['others'].get(lang)}**" + (" :" if lang != "en" else ":")
    rows = [
        f"- {_ICONS[f.entry.severity]} {f.entry.title.get(lang)} ({_LABELS['line'].get(lang)} {f.line})"
        for f in findings
    ]
    return "\n".join([head, *rows])
