"""The organiser's report as JSON and as text, and its JSON input (for ``dockcoach report --input``).

Input document (UTF-8 JSON)::

    {"attempts": [{"learner": "u1", "lesson": "10-registries", "kind": "image_name",
                   "objective": "Comprendre le nommage", "variant": "registry", "correct": false,
                   "answered_at": "2026-11-20T18:00:00Z", "choice": "hub.docker.com"}],
     "completions": [{"learner": "u1", "lesson": "10-registries", "completed_at": "2026-11-21T10:00:00Z",
                      "best_score": 0.8}],
     "names": {"u1": "Alice"}}

``variant``, ``choice``, ``question_id``, ``completions``, ``best_score`` and ``names`` are optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.coaching.attempts import Attempt
from bot.core.coaching.report import ClassReport, Completion, FamilyFlag, FamilyStats
from bot.core.coaching.srs import FamilyKey, as_utc
from bot.core.errors import DomainError
from bot.core.text import Lang

FLAG_TEXT: dict[FamilyFlag, tuple[str, str]] = {
    FamilyFlag.TOO_HARD: ("presque personne ne réussit", "almost nobody gets it right"),
    FamilyFlag.NEGATIVE_DISCRIMINATION: (
        "les plus forts échouent plus que les plus faibles",
        "strong learners fail more than weak ones",
    ),
    FamilyFlag.WRONG_ANSWER_BEATS_KEY: (
        "les plus forts choisissent une mauvaise réponse plus que la bonne (clé erronée ?)",
        "strong learners pick a wrong answer more than the right one (wrong key?)",
    ),
}


class ReportInputError(DomainError, ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ReportInput:
    attempts: tuple[Attempt, ...]
    completions: tuple[Completion, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)


def _fail(where: str, fr: str, en: str) -> ReportInputError:
    return ReportInputError(f"{where} : {fr}", f"{where}: {en}")


def _text(row: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = row.get(key)
    if value is None or value == "":
        if required:
            raise _fail(where, f"champ « {key} » manquant", f"missing field {key!r}")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _fail(where, f"« {key} » doit être un texte", f"{key!r} must be a string")
    return str(value)


def _moment(row: Mapping[str, Any], key: str, where: str) -> datetime:
    text = _text(row, key, where)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return as_utc(moment)
    except ValueError as error:
        raise _fail(
            where,
            f"« {key} » n'est pas une date ISO 8601 avec fuseau ({text!r})",
            f"{key!r} is not an ISO 8601 date with a time zone ({text!r})",
        ) from error


def _attempt(row: Any, where: str) -> Attempt:
    if not isinstance(row, Mapping):
        raise _fail(where, "un objet JSON est attendu", "a JSON object is expected")
    correct = row.get("correct")
    if not isinstance(correct, bool):
        raise _fail(where, "« correct » doit valoir true ou false", "'correct' must be true or false")
    try:
        family = FamilyKey(
            _text(row, "kind", where), _text(row, "objective", where), str(row.get("variant", ""))
        )
    except ValueError as error:
        raise _fail(where, str(error), str(error)) from error
    return Attempt(
        learner=_text(row, "learner", where),
        lesson=_text(row, "lesson", where),
        family=family,
        correct=correct,
        answered_at=_moment(row, "answered_at", where),
        choice=_text(row, "choice", where, required=False),
        question_id=_text(row, "question_id", where, required=False),
    )


def _completion(row: Any, where: str) -> Completion:
    if not isinstance(row, Mapping):
        raise _fail(where, "un objet JSON est attendu", "a JSON object is expected")
    score = row.get("best_score", 1.0)
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise _fail(where, "« best_score » doit être un nombre", "'best_score' must be a number")
    return Completion(
        learner=_text(row, "learner", where),
        lesson=_text(row, "lesson", where),
        completed_at=_moment(row, "completed_at", where),
        best_score=float(score),
    )


def parse_report_input(data: Any) -> ReportInput:
    """Validate a decoded JSON document; errors name the offending entry."""
    if not isinstance(data, Mapping) or not isinstance(data.get("attempts"), list):
        raise ReportInputError(
            "Le document doit être un objet avec une liste « attempts ».",
            "The document must be an object with an 'attempts' list.",
        )
    completions = data.get("completions", [])
    names = data.get("names", {})
    if not isinstance(completions, list) or not isinstance(names, Mapping):
        raise ReportInputError(
            "« completions » doit être une liste et « names » un objet.",
            "'completions' must be a list and 'names' an object.",
        )
    return ReportInput(
        attempts=tuple(_attempt(r, f"attempts[{i}]") for i, r in enumerate(data["attempts"])),
        completions=tuple(_completion(r, f"completions[{i}]") for i, r in enumerate(completions)),
        names={str(k): str(v) for k, v in names.items()},
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _family_dict(s: FamilyStats) -> dict[str, Any]:
    return {
        "family": s.family.id,
        "kind": s.family.kind,
        "objective": s.family.objective,
        "variant": s.family.variant,
        "lesson": s.lesson,
        "learners": s.learners,
        "attempts": s.attempts,
        "first_try_right": s.first_try_right,
        "facility": _round(s.facility),
        "discrimination": _round(s.discrimination),
        "point_biserial": _round(s.point_biserial),
        "top_wrong_answer": s.top_wrong_answer or None,
        "top_wrong_count": s.top_wrong_count,
        "flags": [str(f) for f in s.flags],
    }


def report_to_dict(report: ClassReport, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    names = names or {}
    return {
        "generated_at": report.generated_at.isoformat(),
        "lesson": report.lesson,
        "learners": report.learners,
        "families": [_family_dict(s) for s in report.families],
        "completions": [
            {"lesson": c.lesson, "learners": [names.get(x, x) for x in c.learners]}
            for c in report.completions
        ],
        "stuck": [
            {
                "learner": names.get(s.learner, s.learner),
                "lesson": s.lesson,
                "objective": s.objective,
                "attempts": s.attempts,
                "recent_right": s.recent_right,
                "recent_total": s.recent_total,
                "last_attempt": s.last_attempt.isoformat(),
            }
            for s in report.stuck
        ],
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _family_line(s: FamilyStats, en: bool) -> str:
    wrong = (
        f" · {'top wrong' if en else 'erreur fréquente'}: {s.top_wrong_answer!r}"
        if s.top_wrong_answer
        else ""
    )
    line = (
        f"  {'⚠️ ' if s.flags else ''}{s.family.id} — {s.learners} {'learners' if en else 'apprenants'}, "
        f"{'facility' if en else 'facilité'} {_pct(s.facility)}, "
        f"discrimination {_signed(s.discrimination)}{wrong}"
    )
    reasons = [FLAG_TEXT[f][1 if en else 0] for f in s.flags]
    return line + (f"\n      → {'; '.join(reasons)}" if reasons else "")


def render_report_text(
    report: ClassReport, lang: str | Lang = Lang.FR, names: Mapping[str, str] | None = None
) -> str:
    en = str(lang) == Lang.EN
    names = names or {}
    scope = report.lesson or ("all lessons" if en else "toutes les leçons")
    lines = [
        f"{'Class report' if en else 'Rapport de classe'} — {scope} "
        f"({report.learners} {'learners' if en else 'apprenants'})",
        "",
        "Completed lessons:" if en else "Leçons terminées :",
    ]
    lines += [f"  {c.lesson}: {', '.join(names.get(x, x) for x in c.learners)}" for c in report.completions]
    if not report.completions:
        lines.append("  (none)" if en else "  (aucune)")
    lines += ["", "Stuck learners:" if en else "Apprenants bloqués :"]
    lines += [
        f"  {names.get(s.learner, s.learner)} — {s.lesson} / {s.objective} "
        f"({s.recent_right}/{s.recent_total} {'right lately' if en else 'bonnes récemment'})"
        for s in report.stuck
    ]
    if not report.stuck:
        lines.append("  (nobody)" if en else "  (personne)")
    flagged = len(report.flagged)
    lines += ["", f"{'Question families' if en else 'Familles de questions'} ({flagged} ⚠️):"]
    lines += [_family_line(s, en) for s in report.families]
    if not report.families:
        lines.append("  (no answers yet)" if en else "  (aucune réponse pour l'instant)")
    return "\n".join(lines)
