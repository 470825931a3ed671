"""Why Docker says "invalid reference format": the first recognisable mistake, in French and English."""

from __future__ import annotations

import re
import unicodedata

from bot.core.reference_grammar import (
    domain_shape,
    first_bad_separator,
    is_algorithm,
    is_domain,
    path_shape,
)
from bot.core.reference_text import MAX_FIX_LENGTH, Messages, code, join_written, split_written, with_fix
from bot.core.references import MAX_TAG_LENGTH, first_component_is_domain

_SHAPE_FR = "la forme attendue est `[registre/][espace/]dépôt[:tag][@digest]`, par exemple `nginx:1.27`"
_SHAPE_EN = "the expected shape is `[registry/][namespace/]repository[:tag][@digest]`, e.g. `nginx:1.27`"
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}+://")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_BAD_TAG_CHAR_RE = re.compile(r"[^A-Za-z0-9_.-]")
_HEX = b"0123456789abcdefABCDEF"


def explain_invalid_format(text: str) -> Messages:
    messages = _diagnose(text)
    if messages is None:
        return (
            f"{code(text)} n'est pas une référence d'image valide : {_SHAPE_FR}.",
            f"{code(text)} is not a valid image reference: {_SHAPE_EN}.",
        )
    return messages


def _diagnose(text: str) -> Messages | None:
    """The first recognisable mistake in ``text``, most obvious first."""
    for check in (_check_empty, _check_spaces, _check_scheme, _check_non_ascii, _check_parts):
        messages = check(text)
        if messages is not None:
            return messages
    return None


def _check_empty(text: str) -> Messages | None:
    if text:
        return None
    return (
        "La référence est vide : indique au moins un nom d'image, par exemple `nginx`.",
        "The reference is empty: give at least an image name, for example `nginx`.",
    )


def _check_spaces(text: str) -> Messages | None:
    if text.isprintable() and " " not in text:
        return None
    invisible = [char for char in set(text) if char == " " or not char.isprintable()]
    index = min(text.find(char) for char in invisible)
    char, position = text[index], index + 1
    stripped = text.strip()
    if stripped != text and stripped.isprintable() and " " not in stripped:
        where_fr = "à la fin" if text.endswith(char) else "au début"
        where_en = "at the end" if text.endswith(char) else "at the start"
        return with_fix(
            (
                f"{code(text)} contient {code(char)} {where_fr} : Docker ne retire jamais les espaces ni "
                "les retours à la ligne autour d'un nom.",
                f"{code(text)} has {code(char)} {where_en}: Docker never trims spaces or line breaks "
                "around a name.",
            ),
            text,
            stripped,
        )
    parts = stripped.split(maxsplit=2)
    guess = f"{parts[0]}:{parts[1]}" if len(parts) == 2 and ":" not in stripped else None
    return with_fix(
        (
            f"{code(text)} contient {code(char)} en position {position} : un nom d'image ne contient "
            "jamais d'espace ni de caractère invisible. Un tag se colle au nom avec `:` (`nginx:latest`).",
            f"{code(text)} contains {code(char)} at position {position}: an image name never contains "
            "spaces or invisible characters. A tag is attached with `:` (`nginx:latest`).",
        ),
        text,
        guess,
    )


def _check_scheme(text: str) -> Messages | None:
    found = _SCHEME_RE.match(text, 0, 40)
    if found is None:
        return None
    return with_fix(
        (
            f"Une référence d'image ne contient pas de protocole : retire {code(found.group())}.",
            f"An image reference has no scheme: remove {code(found.group())}.",
        ),
        text,
        text[found.end() :],
    )


def _check_non_ascii(text: str) -> Messages | None:
    if text.isascii():
        return None
    found = _NON_ASCII_RE.search(text)
    assert found is not None
    char = found.group()
    fix = None
    if len(text) <= MAX_FIX_LENGTH:
        fix = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower() or None
    label = f"{code(char)} (U+{ord(char):04X})"
    return with_fix(
        (
            f"{code(text)} contient {label} en position {found.start() + 1} : une référence ne contient que "
            "des lettres ASCII sans accent, des chiffres et `.` `_` `-` `/` `:` `@`.",
            f"{code(text)} contains {label} at position {found.start() + 1}: only unaccented ASCII letters, "
            "digits and `.` `_` `-` `/` `:` `@` are allowed.",
        ),
        text,
        fix,
    )


def _check_parts(text: str) -> Messages | None:
    if text.count("@") > 1:
        return (
            "Un seul `@` est permis : il introduit le digest, à la fin (`nginx@sha256:…`).",
            "Only one `@` is allowed: it introduces the digest, at the end (`nginx@sha256:…`).",
        )
    name, tag, digest = split_written(text)
    if digest is not None:
        messages = _check_digest_text(text, name, tag, digest)
        if messages is not None:
            return messages
    if tag is not None:
        messages = _check_tag(text, name, tag, digest)
        if messages is not None:
            return messages
    return _check_name(name)


def _check_digest_text(text: str, name: str, tag: str | None, digest: str) -> Messages | None:
    algorithm, colon, encoded = digest.partition(":")
    if not digest:
        return with_fix(
            ("Rien après `@` : le digest manque.", "Nothing after `@`: the digest is missing."),
            text,
            join_written(name, tag, None),
        )
    if not colon or not is_algorithm(algorithm):
        return (
            f"Le digest {code(digest)} doit s'écrire `algorithme:hexadécimal`, par exemple `sha256:` suivi "
            "de 64 caractères hexadécimaux.",
            f"The digest {code(digest)} must read `algorithm:hex`, for example `sha256:` followed by 64 "
            "hexadecimal characters.",
        )
    not_hex = encoded.encode("ascii", "replace").translate(None, _HEX)
    if not_hex:
        char = chr(not_hex[0])
        return (
            f"Le digest contient {code(char)}, qui n'est pas un caractère hexadécimal (`0-9`, `a-f`).",
            f"The digest contains {code(char)}, which is not a hexadecimal character (`0-9`, `a-f`).",
        )
    if len(encoded) < 32:
        return (
            f"Le digest ne compte que {len(encoded)} caractères hexadécimaux : il est tronqué (un `sha256` "
            "en compte 64). Copie-le en entier.",
            f"The digest has only {len(encoded)} hexadecimal characters: it is truncated "
            "(a `sha256` has 64). Copy all of it.",
        )
    return None


def _check_tag(text: str, name: str, tag: str, digest: str | None) -> Messages | None:
    if not tag:
        return with_fix(
            (
                "Rien après `:` : ajoute un tag (par exemple `:latest`) ou retire le `:`.",
                "Nothing after `:`: add a tag (for example `:latest`) or remove the `:`.",
            ),
            text,
            join_written(name, None, digest),
        )
    if len(tag) > MAX_TAG_LENGTH:
        return (
            f"Le tag fait {len(tag)} caractères : Docker en accepte au plus {MAX_TAG_LENGTH}.",
            f"The tag is {len(tag)} characters long: Docker accepts at most {MAX_TAG_LENGTH}.",
        )
    if tag[0] in ".-":
        return (
            f"Le tag {code(tag)} ne peut pas commencer par `{tag[0]}` (lettre, chiffre ou `_` d'abord).",
            f"The tag {code(tag)} cannot start with `{tag[0]}` (a letter, digit or `_` first).",
        )
    bad = _BAD_TAG_CHAR_RE.search(tag)
    if bad is not None:
        return (
            f"Le tag {code(tag)} contient {code(bad.group())} : un tag ne contient que des lettres, des "
            "chiffres, `_`, `.` et `-`.",
            f"The tag {code(tag)} contains {code(bad.group())}: only letters, digits, `_`, `.` and `-` "
            "are allowed.",
        )
    return None


def _check_name(name: str) -> Messages | None:
    if not name:
        return ("Le nom de l'image manque avant `:` ou `@`.", "The image name is missing before `:` or `@`.")
    if name.startswith("/") or name.endswith("/") or "//" in name:
        return (
            f"{code(name)} contient un composant vide (un `/` en trop au début, à la fin ou en double).",
            f"{code(name)} has an empty component (an extra `/` at the start, at the end or doubled).",
        )
    first, slash, rest = name.partition("/")
    if slash and first_component_is_domain(first):
        return _check_domain(first) or _check_path(rest)
    if ":" in name:
        return (
            "Un seul `:` est permis après le nom (pour le tag) ; un port de registre se place avant un `/` "
            "(`localhost:5000/monapp`).",
            "Only one `:` is allowed after the name (for the tag); a registry port goes before a `/` "
            "(`localhost:5000/myapp`).",
        )
    return _check_path(name)


def _check_domain(domain: str) -> Messages | None:
    if is_domain(domain):
        return None
    if domain.startswith("["):
        return (
            f"L'adresse IPv6 {code(domain)} est mal formée : `[`, des chiffres hexadécimaux et des `:`, "
            "`]`, puis éventuellement `:port` (sans zone `%`).",
            f"The IPv6 address {code(domain)} is malformed: `[`, hex digits and `:`, `]`, then optionally "
            "`:port` (no `%` zone).",
        )
    host, colon, port = domain.partition(":")
    if ":" in port:
        return (
            f"{code(domain)} a plusieurs `:` : une adresse IPv6 s'écrit entre crochets (`[::1]:5000/app`).",
            f"{code(domain)} has several `:`: an IPv6 address goes in brackets (`[::1]:5000/app`).",
        )
    if colon and (not port or not port.isascii() or not port.isdigit()):
        return (
            f"Le port {code(port)} du registre doit être un nombre (`localhost:5000/app`).",
            f"The registry port {code(port)} must be a number (`localhost:5000/app`).",
        )
    shape = domain_shape(host)
    bad = shape.find(b"!")
    reason_fr, reason_en = (
        (f"{code(host[bad])} n'y est pas permis", f"{code(host[bad])} is not allowed")
        if bad >= 0
        else ("un point ou un `-` est mal placé", "a dot or a `-` is misplaced")
    )
    return (
        f"Le nom d'hôte du registre {code(host)} est mal formé ({reason_fr}) : des lettres, des chiffres et "
        "des `-` internes, séparés par des points.",
        f"The registry host name {code(host)} is malformed ({reason_en}): letters, digits and inner `-`, "
        "separated by dots.",
    )


def _check_path(path: str) -> Messages | None:
    shape = path_shape(path)
    bad = shape.find(b"!")
    if bad >= 0:
        return (
            f"{code(path[bad])} n'est pas permis dans le chemin {code(path)} : lettres minuscules, "
            "chiffres, `.`, `_`, `-` et `/` seulement.",
            f"{code(path[bad])} is not allowed in the path {code(path)}: lowercase letters, digits, `.`, "
            "`_`, `-` and `/` only.",
        )
    edges = [index for index in (shape.find(b"/s"), shape.find(b"s/")) if index >= 0]
    if shape[:1] == b"s" or shape[-1:] == b"s" or edges:
        if shape[:1] == b"s":
            char = path[0]
        elif shape[-1:] == b"s":
            char = path[-1]
        else:
            edge = min(edges)
            char = path[edge + 1] if path[edge] == "/" else path[edge]
        return (
            f"Dans {code(path)}, un composant commence ou finit par un séparateur ({code(char)}) : `.`, `_` "
            "et `-` vont seulement entre deux lettres ou chiffres.",
            f"In {code(path)}, a component starts or ends with a separator ({code(char)}): `.`, `_` and `-` "
            "only go between two letters or digits.",
        )
    bad = first_bad_separator(path)
    if bad >= 0:
        run = path[bad : bad + 3] if path[bad : bad + 3] == "___" else path[bad : bad + 2]
        return (
            f"{code(run)} n'est pas un séparateur permis dans {code(path)} : un `.`, un ou deux `_`, "
            "ou des `-`.",
            f"{code(run)} is not an allowed separator in {code(path)}: one `.`, one or two `_`, or dashes.",
        )
    return None
