"""`command` questions: which command tags or pushes an image to a destination.

Wrong choices are near misses (swapped arguments, missing registry host, dropped port, wrong tag, push
before tag). Each command is compared by its effect (subcommand and canonical references), so no wrong
choice does the same thing as the right one.
"""

from __future__ import annotations

import random

from bot.core.lessons import Lesson
from bot.core.quiz.common import (
    GeneratorUnavailableError,
    Option,
    build_question,
    lt,
    objective_for,
    section_number,
)
from bot.core.quiz.name_pool import APP_TAGS, APPS, HOSTS, USERS
from bot.core.quiz.questions import Question
from bot.core.quiz.registry import GeneratorContext, register
from bot.core.references import ImageReference, parse_reference, try_parse_reference
from bot.core.text import LocalizedText

KIND = "command"

SWAPPED = lt(
    "Arguments inversés : `docker tag SOURCE CIBLE`, l'image existante d'abord.",
    "Swapped arguments: `docker tag SOURCE TARGET`, the existing image first.",
)
NO_HOST = lt(
    "Sans l'hôte du registry, le nom désigne Docker Hub.",
    "Without the registry host, the name points to Docker Hub.",
)
NO_PORT = lt("Sans le port, c'est un autre registry.", "Without the port, it is another registry.")
MISSING_TAG = lt(
    "Sans tag, Docker utilise `:latest`, pas le tag demandé.",
    "Without a tag, Docker uses `:latest`, not the requested tag.",
)
OTHER_TAG = lt("Ce n'est pas le tag demandé.", "That is not the requested tag.")
PUSH_BEFORE_TAG = lt(
    "`docker push` n'ajoute pas de nom : il faut d'abord `docker tag` l'image locale.",
    "`docker push` does not add a name: you must `docker tag` the local image first.",
)
PUSH_ONE_ARG = lt(
    "`docker push` ne prend qu'une seule image en argument.", "`docker push` takes a single image."
)
PUSH_SOURCE = lt(
    "Le nom local désigne Docker Hub (`docker.io/library/…`), pas le registry visé.",
    "The local name points to Docker Hub (`docker.io/library/…`), not the target registry.",
)
TAG_NO_UPLOAD = lt(
    "`docker tag` ne fait qu'ajouter un nom localement : rien n'est envoyé.",
    "`docker tag` only adds a local name: nothing is uploaded.",
)


def effect(command: str) -> tuple[str, ...]:
    """What a command does, for comparing choices: subcommand plus canonical forms of its arguments."""
    argv = command.split()
    parts = [argv[1] if len(argv) > 1 else ""]
    for word in argv[2:]:
        ref = try_parse_reference(word)
        parts.append(ref.canonical if ref else f"!{word}")
    return tuple(parts)


_PAIRS: dict[int, tuple[object, tuple[tuple[str, str], ...], bool]] = {}


def _lesson_commands(lesson: Lesson) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The lesson's (source, target) `docker tag` pairs "
    "and whether it teaches tag/push (cached per lesson)."""
    cached = _PAIRS.get(id(lesson.commands))
    if cached is None or cached[0] is not lesson.commands:
        if len(_PAIRS) > 64:
            _PAIRS.clear()
        teaches = any(c.subcommand in ("tag", "push") for c in lesson.commands)
        cached = (lesson.commands, tuple(_tag_pairs(lesson)), teaches)
        _PAIRS[id(lesson.commands)] = cached
    return cached[1], cached[2]


def _tag_pairs(lesson: Lesson) -> list[tuple[str, str]]:
    pairs = []
    for command in lesson.commands:
        if command.subcommand == "tag" and len(command.references) == 2:
            src, dst = command.references
            if src.canonical != dst.canonical:
                pairs.append((src.familiar, dst.familiar))
    return pairs


def _pool_pair(rng: random.Random) -> tuple[str, str]:
    app, tag = rng.choice(APPS), rng.choice(APP_TAGS)
    if rng.random() < 0.25:
        return f"{app}:{tag}", f"{rng.choice(USERS)}/{app}:{tag}"
    host, namespaces = rng.choice(HOSTS)
    namespace = rng.choice(namespaces)
    return f"{app}:{tag}", f"{host}/{namespace + '/' if namespace else ''}{app}:{tag}"


def shown(ref: ImageReference) -> str:
    """A reference as a learner would type it: the short form on Docker Hub, the full name elsewhere."""
    return ref.familiar if ref.registry == "docker.io" else str(ref)


def _with(dst: ImageReference, *, registry: str | None = None, tag: str | None = None) -> str:
    reg = dst.registry if registry is None else registry
    ref = ImageReference(reg, dst.path, dst.tag if tag is None else tag, dst.digest)
    return shown(ref)


def _variants(src: str, dst: ImageReference, rng: random.Random) -> list[tuple[str, LocalizedText]]:
    """Near-miss destinations with the mistake each stands for (never the source itself)."""
    out: list[tuple[str, LocalizedText]] = []
    if dst.registry != "docker.io":
        out.append((_with(dst, registry="docker.io"), NO_HOST))
    if ":" in dst.registry and not dst.registry.endswith("]"):
        out.append((_with(dst, registry=dst.registry.rsplit(":", 1)[0]), NO_PORT))
    if dst.tag and dst.tag != "latest":
        out.append((_with(dst, tag=""), MISSING_TAG))
    other = rng.choice([t for t in APP_TAGS if t != dst.tag])
    out.append((_with(dst, tag=other), OTHER_TAG))
    source = parse_reference(src).canonical
    return [(text, note) for text, note in out if parse_reference(text).canonical != source]


def _tag_options(src: str, dst: ImageReference, rng: random.Random) -> list[Option]:
    dst_text = shown(dst)
    options = [
        Option(f"docker tag {src} {dst_text}", True),
        Option(f"docker tag {dst_text} {src}", False, SWAPPED),
    ]
    options += [Option(f"docker tag {src} {v}", False, note) for v, note in _variants(src, dst, rng)]
    options.append(Option(f"docker push {dst_text}", False, PUSH_BEFORE_TAG))
    options.append(Option(f"docker push {src} {dst_text}", False, PUSH_ONE_ARG))
    return options


def _push_options(src: str, dst: ImageReference, rng: random.Random) -> list[Option]:
    dst_text = shown(dst)
    options = [Option(f"docker push {dst_text}", True), Option(f"docker push {src}", False, PUSH_SOURCE)]
    options += [Option(f"docker push {v}", False, note) for v, note in _variants(src, dst, rng)]
    options.append(Option(f"docker tag {src} {dst_text}", False, TAG_NO_UPLOAD))
    return options


def _dedupe(options: list[Option], rng: random.Random) -> list[Option]:
    right = options[0]
    seen = {effect(str(right.text))}
    wrong = []
    for option in options[1:]:
        key = effect(str(option.text))
        if key not in seen:
            seen.add(key)
            wrong.append(option)
    rng.shuffle(wrong)
    return [right, *wrong[:3]]


def _available(lesson: Lesson, context: GeneratorContext) -> bool:
    return _lesson_commands(lesson)[1]


@register(KIND, _available)
def generate(lesson: Lesson, rng: random.Random, context: GeneratorContext) -> Question:
    if not _available(lesson, context):
        raise GeneratorUnavailableError(KIND, lesson.id, "aucune commande tag/push", "no tag/push command")
    pairs = _lesson_commands(lesson)[0]
    src, dst_text = rng.choice(pairs) if pairs and rng.random() < 0.4 else _pool_pair(rng)
    dst = parse_reference(dst_text)
    action = rng.choice(("tag", "push"))
    maker = _tag_options if action == "tag" else _push_options
    options = _dedupe(maker(src, dst, rng), rng)
    target = shown(dst)
    if action == "tag":
        prompt = lt(
            f"Ton image locale s'appelle `{src}`. Quelle commande lui ajoute le nom `{target}` ?",
            f"Your local image is called `{src}`. Which command adds the name `{target}` to it?",
        )
        why = lt(
            f"`docker tag SOURCE CIBLE` ajoute le nom `{target}` à l'image `{src}`, sans rien envoyer.",
            f"`docker tag SOURCE TARGET` adds the name `{target}` to the image `{src}`, uploading nothing.",
        )
    else:
        prompt = lt(
            f"Tu as déjà tagué `{src}` en `{target}`. Quelle commande envoie l'image vers ce registry ?",
            f"You already tagged `{src}` as `{target}`. Which command uploads the image to that registry?",
        )
        why = lt(
            f"`docker push` envoie l'image sous le nom complet `{target}` : le registry est dans le nom.",
            f"`docker push` uploads the image under its full name `{target}`: the registry is in the name.",
        )
    return build_question(
        kind=KIND,
        lesson=lesson,
        section=_section(lesson, dst),
        objective=objective_for(lesson, "push", "tag"),
        difficulty=2 if dst.registry != "docker.io" else 1,
        prompt=prompt,
        why=why,
        options=options,
        params={"action": action, "source": src, "destination": target},
        rng=rng,
    )


def _section(lesson: Lesson, dst: ImageReference) -> str:
    if dst.registry != "docker.io":
        return section_number(lesson, "priv", "registries", "push", "pousser")
    return section_number(lesson, "push", "pousser")
