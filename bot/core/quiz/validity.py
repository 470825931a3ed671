"""The `valid` ask of `image_name`: is a name valid, and if not, why (as the reference core says)."""

from __future__ import annotations

import random
from enum import StrEnum

from bot.core.quiz.common import Option, lt
from bot.core.references import ImageReference, InvalidReferenceError, ReferenceErrorKind, parse_reference
from bot.core.text import LocalizedText


class Validity(StrEnum):
    VALID = "valid"
    UPPERCASE = "uppercase"
    FORMAT = "format"
    DIGEST = "digest"
    IDENTIFIER = "identifier"
    TOO_LONG = "too_long"


LABELS: dict[Validity, LocalizedText] = {
    Validity.VALID: lt("Valide", "Valid"),
    Validity.UPPERCASE: lt(
        "Invalide : majuscules dans le chemin du dépôt", "Invalid: capitals in the repository path"
    ),
    Validity.FORMAT: lt(
        "Invalide : caractère ou séparateur interdit", "Invalid: forbidden character or separator"
    ),
    Validity.DIGEST: lt("Invalide : digest mal formé", "Invalid: malformed digest"),
    Validity.IDENTIFIER: lt(
        "Invalide : 64 caractères hexadécimaux, réservé aux identifiants d'image",
        "Invalid: 64 hex characters, reserved for image ids",
    ),
    Validity.TOO_LONG: lt(
        "Invalide : chemin de plus de 255 caractères", "Invalid: path longer than 255 characters"
    ),
}

_BY_ERROR = {
    ReferenceErrorKind.UPPERCASE: Validity.UPPERCASE,
    ReferenceErrorKind.INVALID_FORMAT: Validity.FORMAT,
    ReferenceErrorKind.NAME_TOO_LONG: Validity.TOO_LONG,
    ReferenceErrorKind.IDENTIFIER_64HEX: Validity.IDENTIFIER,
    ReferenceErrorKind.DIGEST_INVALID_LENGTH: Validity.DIGEST,
    ReferenceErrorKind.DIGEST_INVALID_FORMAT: Validity.DIGEST,
    ReferenceErrorKind.DIGEST_UNSUPPORTED: Validity.DIGEST,
}


def classify(text: str) -> tuple[Validity, ImageReference | None, InvalidReferenceError | None]:
    """Valid, or the family of the reference core's error."""
    try:
        return Validity.VALID, parse_reference(text), None
    except InvalidReferenceError as error:
        return _BY_ERROR[ReferenceErrorKind(error.kind)], None, error


def _note(wrong: Validity, text: str, error: InvalidReferenceError | None) -> LocalizedText:
    """Why ``wrong`` is not the verdict for ``text``."""
    if wrong is Validity.VALID and error is not None:
        return lt(
            f"Docker refuse ce nom : « {error.docker_message} ».",
            f'Docker rejects it: "{error.docker_message}".',
        )
    if wrong is Validity.UPPERCASE:
        if any(c.isupper() for c in text):
            return lt(
                "Les majuscules ne sont pas en cause ici (permises dans "
                "l'hôte et le tag, ou une autre règle échoue d'abord).",
                "Capitals are not the problem here (allowed in "
                "the host and tag, or another rule fails first).",
            )
        return lt("Le nom ne contient aucune majuscule.", "The name has no capital letter.")
    if wrong is Validity.DIGEST:
        if "@" not in text:
            return lt("Le nom n'a pas de digest (`@sha256:…`).", "The name has no digest (`@sha256:…`).")
        return lt("Le digest n'est pas ce qui pose problème.", "The digest is not the problem.")
    if wrong is Validity.IDENTIFIER:
        return lt(
            "Ce n'est pas une chaîne de 64 caractères hexadécimaux.", "It is not a 64-hex-character string."
        )
    if wrong is Validity.TOO_LONG:
        return lt("Le chemin est bien en dessous de 255 caractères.", "The path is far below 255 characters.")
    if error is None:
        return lt(
            "Tous les caractères et séparateurs sont permis ici.",
            "Every character and separator is allowed here.",
        )
    return lt(
        f"Le problème est autre : {error.message('fr')}",
        f"The problem is something else: {error.message('en')}",
    )


def validity_options(text: str, rng: random.Random):
    """Options for "is `text` valid?": the verdict of the reference core and three others."""
    verdict, ref, error = classify(text)
    preferred = [Validity.VALID, Validity.UPPERCASE, Validity.FORMAT]
    if "@" in text:
        preferred.append(Validity.DIGEST)
    others = [v for v in preferred if v is not verdict]
    rest = [v for v in Validity if v not in others and v is not verdict]
    rng.shuffle(rest)
    others = (others + rest)[:3]
    options = [Option(LABELS[verdict], True)]
    options.extend(Option(LABELS[v], False, _note(v, text, error)) for v in others)
    return options, ref, error
