"""Learner-facing explanations of rejected image references, in French (tutoiement) and English.

``explain`` receives the rule Docker applied (see ``references``) and the user's text, points at the offending
part and, when a fix can be computed and is itself valid, suggests it. Every check is a string method or a
translation over the whole text, so explaining a megabyte of junk stays fast. The reasons behind a plain
"invalid reference format" are worked out in ``reference_format_hints``.
"""

from __future__ import annotations

import unicodedata

from bot.core.reference_format_hints import explain_invalid_format
from bot.core.reference_text import (
    Messages,
    code,
    component_at,
    first_difference,
    join_written,
    split_written,
    with_fix,
)
from bot.core.references import (
    DIGEST_HEX_LENGTHS,
    MAX_PATH_LENGTH,
    ReferenceErrorKind,
    go_lower,
    library_prefix_added,
)


def explain(kind: ReferenceErrorKind, text: str, **detail: str) -> Messages:
    """(French, English) explanation of why Docker rejects ``text`` under rule ``kind``."""
    if kind is ReferenceErrorKind.IDENTIFIER_64HEX:
        return _identifier(text)
    if kind is ReferenceErrorKind.UPPERCASE:
        return _uppercase(text, detail["remote"]) if "remote" in detail else _lookalike(text)
    if kind is ReferenceErrorKind.NAME_TOO_LONG:
        return _too_long(text, detail["path"])
    if kind in (
        ReferenceErrorKind.DIGEST_UNSUPPORTED,
        ReferenceErrorKind.DIGEST_INVALID_LENGTH,
        ReferenceErrorKind.DIGEST_INVALID_FORMAT,
    ):
        return _digest(kind, text, detail["digest"])
    return explain_invalid_format(text)


def _identifier(text: str) -> Messages:
    return (
        f"{code(text)} est une suite de 64 caractères hexadécimaux : Docker la réserve aux identifiants "
        "d'image (ID) et refuse de s'en servir comme nom de dépôt. Choisis un vrai nom (par exemple "
        "`monapp:1.0`) ; pour désigner une image par son ID, passe l'ID tel quel à `docker run` ou "
        "`docker image inspect`.",
        f"{code(text)} is 64 hexadecimal characters: Docker keeps those for image IDs and refuses them as a "
        "repository name. Pick a real name (for example `myapp:1.0`); to refer to an image by its ID, pass "
        "the ID as is to `docker run` or `docker image inspect`.",
    )


def _uppercase(text: str, remote: str) -> Messages:
    name, tag, digest = split_written(text)
    path, at, algorithm = remote.partition("@")
    if at and path.lower() == path:
        encoded = (digest or "").partition(":")[2]
        fixed = join_written(name, tag, f"{algorithm.lower()}:{encoded}")
        return with_fix(
            (
                f"L'algorithme du digest {code(algorithm)} doit être écrit en minuscules.",
                f"The digest algorithm {code(algorithm)} must be lowercase.",
            ),
            text,
            fixed,
        )
    component, last = component_at(path, first_difference(path, path.lower()))
    where_fr = f"le dépôt {code(component)}" if last else f"le composant {code(component)}"
    where_en = f"the repository {code(component)}" if last else f"the component {code(component)}"
    fr = (
        f"Le nom de l'image contient des majuscules ({where_fr}) : Docker n'accepte que des minuscules, "
        "des chiffres et les séparateurs `.`, `_` et `-` dans le chemin d'une image."
    )
    en = (
        f"The image name has capital letters ({where_en}): Docker only accepts lowercase letters, digits "
        "and the separators `.`, `_` and `-` in an image path."
    )
    first, slash, _ = text.partition("/")
    if slash and first.lower() != first and "." not in first and ":" not in first:
        fr += f" Comme {code(first)} contient des majuscules, Docker l'a pris pour l'adresse d'un registre."
        en += f" Because {code(first)} has capitals, Docker took it for a registry address."
    return with_fix((fr, en), text, join_written(go_lower(name), tag, digest))


def _lookalike(text: str) -> Messages:
    odd = [char for char in dict.fromkeys(text) if not char.isascii() and go_lower(char).isascii()]
    named = ", ".join(f"`{c}` (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in odd) or "?"
    fixed = "".join(go_lower(c) if c in odd else c for c in text) if len(text) < 10_000 else None
    return with_fix(
        (
            f"{code(text)} contient {named} : ce caractère Unicode ressemble à une lettre mais n'en est "
            "pas une (Docker le traite comme une majuscule). Retape-le au clavier.",
            f"{code(text)} contains {named}: this Unicode character looks like a letter but is not one "
            "(Docker treats it as a capital). Type it again on your keyboard.",
        ),
        text,
        fixed,
    )


def _too_long(text: str, path: str) -> Messages:
    size, extra = len(path), len(path) - MAX_PATH_LENGTH
    added = library_prefix_added(text)
    note_fr = ", y compris le préfixe `library/` que Docker ajoute" if added else ""
    note_en = ", including the `library/` prefix Docker adds" if added else ""
    return (
        f"Le chemin du dépôt {code(path)} fait {size} caractères{note_fr} : Docker en accepte au plus "
        f"{MAX_PATH_LENGTH} (le registre, le tag et le digest ne comptent pas). Raccourcis-le d'au moins "
        f"{extra} caractère{'s' if extra > 1 else ''}.",
        f"The repository path {code(path)} is {size} characters long{note_en}: Docker accepts at most "
        f"{MAX_PATH_LENGTH} (the registry, tag and digest do not count). Shorten it by at least {extra}.",
    )


def _digest(kind: ReferenceErrorKind, text: str, digest: str) -> Messages:
    algorithm, _, encoded = digest.partition(":")
    prefix = text[: len(text) - len(digest)]
    by_length = next((alg for alg, n in DIGEST_HEX_LENGTHS.items() if n == len(encoded)), None)
    allowed_fr = "`sha256` (64 caractères hexadécimaux), `sha384` (96) ou `sha512` (128)"
    allowed_en = "`sha256` (64 hexadecimal characters), `sha384` (96) or `sha512` (128)"
    if kind is ReferenceErrorKind.DIGEST_UNSUPPORTED:
        fix = f"{prefix}{by_length}:{encoded.lower()}" if by_length else None
        messages = (
            f"L'algorithme de digest {code(algorithm)} n'est pas pris en charge : "
            f"Docker accepte {allowed_fr}.",
            f"The digest algorithm {code(algorithm)} is not supported: Docker accepts {allowed_en}.",
        )
        return with_fix(messages, text, fix)
    if kind is ReferenceErrorKind.DIGEST_INVALID_LENGTH:
        expected = DIGEST_HEX_LENGTHS[algorithm]
        fix = f"{prefix}{by_length}:{encoded.lower()}" if by_length else None
        short = len(encoded) < expected
        advice_fr = "il est incomplet" if short else "il a des caractères en trop"
        advice_en = "it is incomplete" if short else "it has extra characters"
        messages = (
            f"Un digest `{algorithm}` compte exactement {expected} caractères hexadécimaux après "
            f"`{algorithm}:`, le tien en a {len(encoded)} : {advice_fr}. Copie-le tel quel (par exemple "
            "depuis `docker images --digests`).",
            f"A `{algorithm}` digest has exactly {expected} hexadecimal characters after `{algorithm}:`; "
            f"yours has {len(encoded)}: {advice_en}. Copy it exactly (for example from "
            "`docker images --digests`).",
        )
        return with_fix(messages, text, fix)
    if algorithm not in DIGEST_HEX_LENGTHS:
        messages = (
            f"L'algorithme du digest {code(algorithm)} doit être écrit en minuscules ; Docker accepte "
            f"{allowed_fr}.",
            f"The digest algorithm {code(algorithm)} must be lowercase; Docker accepts {allowed_en}.",
        )
        return with_fix(messages, text, f"{prefix}{algorithm.lower()}:{encoded}")
    return with_fix(
        (
            "Les caractères hexadécimaux du digest doivent être en minuscules (`0-9`, `a-f`).",
            "The hexadecimal characters of the digest must be lowercase (`0-9`, `a-f`).",
        ),
        text,
        f"{prefix}{algorithm}:{encoded.lower()}",
    )
