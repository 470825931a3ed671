"""`tag_meaning` questions: floating semver tags, pinned users, `latest`, and what each tag shape is for.

Answers come from :mod:`bot.core.quiz.tag_strategy`.
"""

from __future__ import annotations

import random

from bot.core.lessons import Lesson
from bot.core.quiz.common import Option, build_question, lt, objective_for, section_number
from bot.core.quiz.questions import Choice, Question, QuestionType
from bot.core.quiz.registry import GeneratorContext, register
from bot.core.quiz.tag_strategy import LATEST, TagKind, Version, classify_tag, resolve_tag, tags_to_move
from bot.core.text import LocalizedText

KIND = "tag_meaning"
APPS = ("myapp", "tonusername/myapp", "acme/api", "ghcr.io/acme/worker")
TRUE, FALSE = lt("Vrai", "True"), lt("Faux", "False")

PURPOSES: dict[TagKind, LocalizedText] = {
    TagKind.LATEST: lt(
        "Le tag par défaut quand aucun n'est précisé, pas forcément la version la plus récente",
        "The default tag when none is given, not necessarily the newest version",
    ),
    TagKind.EXACT_VERSION: lt("Une version figée qui ne bouge jamais", "A fixed version that never moves"),
    TagKind.MINOR_LINE: lt(
        "Suivre automatiquement les correctifs (patch) d'une version mineure",
        "Automatically follow the patches of a minor version",
    ),
    TagKind.MAJOR_LINE: lt(
        "Suivre automatiquement les mineures et correctifs d'une version majeure",
        "Automatically follow the minors and patches of a major version",
    ),
    TagKind.GIT_SHA: lt(
        "La traçabilité : savoir exactement quel commit est dans l'image",
        "Traceability: knowing exactly which commit is in the image",
    ),
    TagKind.ENVIRONMENT: lt(
        "Distinguer les environnements (dev, staging, prod)",
        "Telling environments apart (dev, staging, prod)",
    ),
    TagKind.VERSION_ENVIRONMENT: lt(
        "Une version précise construite pour un environnement donné",
        "A precise version built for a given environment",
    ),
    TagKind.DATE: lt("Les builds quotidiens ou les sauvegardes datées", "Daily builds or dated backups"),
}
SAMPLE_TAGS: dict[TagKind, tuple[str, ...]] = {
    TagKind.LATEST: ("latest",),
    TagKind.EXACT_VERSION: ("1.2.3", "2.0.1", "v1.0.0"),
    TagKind.MINOR_LINE: ("1.2", "3.4"),
    TagKind.MAJOR_LINE: ("1", "2"),
    TagKind.GIT_SHA: ("git-abc123f", "commit-9f2c1e7", "sha-4d5e6f7"),
    TagKind.ENVIRONMENT: ("dev", "staging", "prod"),
    TagKind.VERSION_ENVIRONMENT: ("1.2.3-dev", "1.2.3-prod", "2.0.0-staging"),
    TagKind.DATE: ("2025-02-06", "20250206-1430", "20241231"),
}


def _available(lesson: Lesson, context: GeneratorContext) -> bool:
    return bool(lesson.section_for_keyword("tagging", "tags", "étiquet"))


def _published(rng: random.Random) -> tuple[Version, ...]:
    """A plausible, short release history: a few lines of 1.x and often 2.x."""
    versions: set[Version] = {Version(1, 0, 0)}
    for major in range(1, rng.choice((1, 2, 2, 3)) + 1):
        for minor in range(rng.randint(1, 3)):
            versions.update(Version(major, minor, patch) for patch in range(rng.randint(1, 3)))
    kept = sorted(versions)
    while len(kept) > 9:
        kept.pop(rng.randrange(1, len(kept) - 1))
    return tuple(kept)


def _release(rng: random.Random, published: tuple[Version, ...]) -> Version:
    """A new version: a patch of an older line, a new minor, or a new major."""
    while True:
        base = rng.choice(published)
        candidate = rng.choice(
            (
                Version(base.major, base.minor, base.patch + 1),
                Version(base.major, base.minor + 1, 0),
                Version(base.major + 1, 0, 0),
            )
        )
        if candidate not in published:
            return candidate


def _history(published: tuple[Version, ...]) -> str:
    """The release history, quoted: material to analyse."""
    return "`" + ", ".join(str(v) for v in published) + "`"


def _moves(lesson: Lesson, rng: random.Random) -> Question:
    published = _published(rng)
    release = _release(rng, published)
    app = rng.choice(APPS)
    moved = tags_to_move(release, published)
    ladder = (str(release), release.minor_tag, release.major_tag, LATEST)
    options = []
    for size in range(1, 5):
        tags = ladder[:size]
        text: Choice = ", ".join(tags) if size > 1 else lt(f"{release} seulement", f"{release} only")
        if tags == moved:
            options.append(Option(text, True))
        else:
            options.append(Option(text, False, _moves_note(tags, moved, release, published)))
    return build_question(
        kind=KIND,
        lesson=lesson,
        section=section_number(lesson, "tagging", "tags"),
        objective=objective_for(lesson, "tag"),
        difficulty=3 if LATEST not in moved else 2,
        prompt=lt(
            f"`{app}` a déjà publié : {_history(published)}. Tu "
            f"publies {release} avec la stratégie multi-tags "
            "(version complète, MAJEUR.MINEUR, MAJEUR, latest). "
            "Quels tags doivent pointer vers cette nouvelle image ?",
            f"`{app}` has already published: {_history(published)}. You release {release} with the multi-tag "
            "strategy (full version, MAJOR.MINOR, MAJOR, latest). Which tags must point to this new image?",
        ),
        why=lt(
            f"Un tag flottant ne bouge que si {release} est la "
            f"plus haute version de sa plage : {', '.join(moved)}.",
            f"A floating tag only moves when {release} is the "
            f"highest version in its range: {', '.join(moved)}.",
        ),
        options=options,
        params={"ask": "moves", "published": [str(v) for v in published], "release": str(release)},
        rng=rng,
    )


def _in_range(tag: str, version: Version, release: Version) -> bool:
    if tag == LATEST:
        return True
    if tag == release.minor_tag:
        return (version.major, version.minor) == (release.major, release.minor)
    return version.major == release.major


def _moves_note(tags: tuple[str, ...], moved: tuple[str, ...], release: Version, published) -> LocalizedText:
    extra = [t for t in tags if t not in moved]
    if extra:
        higher = max(v for v in published if _in_range(extra[0], v, release) and v > release)
        return lt(
            f"`{extra[0]}` ne doit pas bouger : {higher} est plus haute que {release}.",
            f"`{extra[0]}` must not move: {higher} is higher than {release}.",
        )
    missing = next(t for t in moved if t not in tags)
    return lt(
        f"`{missing}` doit bouger aussi : {release} est la plus haute version de cette plage.",
        f"`{missing}` must move too: {release} is the highest version in that range.",
    )


PIN_NOT_LATEST = lt(
    "Confondre avec `latest` : la plus haute version de toutes.", "Confusing it with `latest`."
)
PIN_NOT_RELEASE = lt(
    "La nouvelle release ne compte que si elle est dans la plage du tag et la plus haute.",
    "The new release only counts when it is in the tag's range and the highest.",
)
PIN_MOVES = lt(
    "Un tag flottant suit sa plage, il ne reste pas sur la première version.",
    "A floating tag follows its range; it does not stay on the first version.",
)
PIN_BEFORE = lt("C'était la cible avant la release.", "That was the target before the release.")


def _pinned(lesson: Lesson, rng: random.Random) -> Question:
    published = _published(rng)
    release = _release(rng, published)
    after = (*published, release)
    pin = rng.choice((release.minor_tag, release.major_tag, LATEST))
    got = resolve_tag(pin, after)
    assert got is not None
    app = rng.choice(APPS)
    candidates = {str(max(after)): PIN_NOT_LATEST, str(release): PIN_NOT_RELEASE, str(min(after)): PIN_MOVES}
    if pin != LATEST:
        candidates[str(resolve_tag(pin, published) or min(after))] = PIN_BEFORE
    options = [Option(str(got), True)]
    options += [Option(v, False, note) for v, note in candidates.items() if v != str(got)]
    return build_question(
        kind=KIND,
        lesson=lesson,
        section=section_number(lesson, "tagging", "tags"),
        objective=objective_for(lesson, "tag"),
        difficulty=2,
        prompt=lt(
            f"Versions publiées de `{app}` : {_history(published)}. "
            f"Tu publies `{release}` en suivant la stratégie "
            f"multi-tags. Un utilisateur épinglé sur `{app}:{pin}` "
            "refait `docker pull` : quelle version reçoit-il ?",
            f"Published versions of `{app}`: {_history(published)}. "
            f"You release `{release}` following the multi-tag "
            f"strategy. A user pinned to `{app}:{pin}` runs `docker pull` again: which version do they get?",
        ),
        why=lt(
            f"`{pin}` pointe vers la plus haute version de sa plage : {got}.",
            f"`{pin}` points to the highest version in its range: {got}.",
        ),
        options=options[:4],
        params={
            "ask": "pinned",
            "published": [str(v) for v in published],
            "release": str(release),
            "pin": pin,
        },
        rng=rng,
    )


def _statement(lesson: Lesson, rng: random.Random) -> Question:
    published = _published(rng)
    release = _release(rng, published)
    tag = rng.choice((release.minor_tag, release.major_tag, LATEST, LATEST))
    moves = tag in tags_to_move(release, published)
    app = rng.choice(APPS)
    reason = lt(
        f"Après la release, `{tag}` pointe vers {resolve_tag(tag, (*published, release))}.",
        f"After the release, `{tag}` points to {resolve_tag(tag, (*published, release))}.",
    )
    options = [Option(TRUE, moves, reason), Option(FALSE, not moves, reason)]
    return build_question(
        kind=KIND,
        lesson=lesson,
        section=section_number(lesson, "tagging", "tags"),
        objective=objective_for(lesson, "tag"),
        difficulty=2,
        qtype=QuestionType.TRUE_FALSE,
        prompt=lt(
            f"`{app}` a publié {_history(published)}. Après la publication de {release} "
            f"(stratégie multi-tags), `{app}:{tag}` désigne {release}. Exact ?",
            f"`{app}` has published {_history(published)}. After releasing {release} "
            f"(multi-tag strategy), `{app}:{tag}` means {release}. Correct?",
        ),
        why=reason,
        options=options,
        params={
            "ask": "statement",
            "published": [str(v) for v in published],
            "release": str(release),
            "tag": tag,
        },
        rng=rng,
    )


def _purpose(lesson: Lesson, rng: random.Random) -> Question:
    kind = rng.choice(list(SAMPLE_TAGS))
    tag = rng.choice(SAMPLE_TAGS[kind])
    assert classify_tag(tag) is kind
    others = [k for k in PURPOSES if k is not kind]
    rng.shuffle(others)
    options = [Option(PURPOSES[kind], True)]
    options += [Option(PURPOSES[k], False, _purpose_note(k)) for k in others[:3]]
    app = rng.choice(APPS)
    return build_question(
        kind=KIND,
        lesson=lesson,
        section=section_number(lesson, "tagging", "tags"),
        objective=objective_for(lesson, "tag"),
        difficulty=1,
        prompt=lt(f"À quoi sert un tag comme `{app}:{tag}` ?", f"What is a tag like `{app}:{tag}` for?"),
        why=lt(f"`{tag}` : {PURPOSES[kind].fr}.", f"`{tag}`: {PURPOSES[kind].en}."),
        options=options,
        params={"ask": "purpose", "tag": tag},
        rng=rng,
    )


def _purpose_note(kind: TagKind) -> LocalizedText:
    examples = ", ".join(f"`{t}`" for t in SAMPLE_TAGS[kind][:2])
    return lt(f"C'est le rôle de tags comme {examples}.", f"That is what tags like {examples} are for.")


@register(KIND, _available)
def generate(lesson: Lesson, rng: random.Random, context: GeneratorContext) -> Question:
    maker = rng.choices((_moves, _pinned, _statement, _purpose), (3, 2, 2, 3))[0]
    return maker(lesson, rng)
