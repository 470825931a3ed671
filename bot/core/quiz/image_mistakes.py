"""Wrong choices for `image_name` questions, each standing for a mistake learners really make."""

from __future__ import annotations

import random

from bot.core.quiz.common import Option, lt
from bot.core.quiz.questions import Choice
from bot.core.references import ImageReference, InvalidReferenceError, parse_reference
from bot.core.text import LocalizedText

NO_NAMESPACE = lt("(aucun namespace)", "(no namespace)")
NO_TAG = lt("(aucun tag)", "(no tag)")
NO_TAG_DIGEST = lt(
    "(aucun tag : l'image est épinglée par son digest)", "(no tag: the image is pinned by its digest)"
)
NO_REGISTRY = lt("(aucun : l'image est locale)", "(none: the image is local)")
NEWEST = lt("la version la plus récente publiée", "the most recent version published")

LATEST_IS_NOT_NEWEST = lt(
    "`latest` ne veut pas dire « la plus récente » : sans tag, Docker ajoute simplement `:latest`.",
    '`latest` does not mean "the newest": without a tag, Docker simply adds `:latest`.',
)
HUB_IS_THE_WEBSITE = lt(
    "hub.docker.com est le site web de Docker Hub ; le registry s'appelle docker.io.",
    "hub.docker.com is Docker Hub's website; the registry is called docker.io.",
)
NO_LIBRARY_FOR_USERS = lt(
    "`library/` n'est ajouté qu'aux noms Docker Hub d'un seul composant (images officielles).",
    "`library/` is only added to single-component Docker Hub names (official images).",
)
NO_LIBRARY_ELSEWHERE = lt(
    "`library/` n'existe que sur Docker Hub ; les autres registries gardent le chemin tel quel.",
    "`library/` only exists on Docker Hub; other registries keep the path as written.",
)
DROPPED_PORT = lt(
    "Le port fait partie de l'adresse du registry : sans lui, c'est un autre registry.",
    "The port is part of the registry address: without it, it is another registry.",
)
TAG_KEPT = lt(
    "Le tag écrit est conservé : `:latest` n'est ajouté que sans tag ni digest.",
    "The tag you wrote is kept: `:latest` is only added when there is neither tag nor digest.",
)
NO_LATEST_WITH_DIGEST = lt(
    "Avec un digest, Docker n'ajoute pas `:latest`.",
    "With a digest, Docker does not add `:latest`.",
)
TAG_CASE = lt(
    "Les tags sont sensibles à la casse : changer les majuscules désigne un autre tag.",
    "Tags are case-sensitive: changing the case names another tag.",
)
CAPITALS = lt(
    "Le chemin d'un dépôt doit être en minuscules : ce nom serait refusé.",
    "A repository path must be lowercase: this name would be rejected.",
)


def same_choice_key(option: Option) -> str:
    """Two reference choices are the same choice when Docker expands them to the same name."""
    text = option.text if isinstance(option.text, str) else option.text.fr
    try:
        return parse_reference(text).canonical
    except InvalidReferenceError:
        return f"!{text}"


def part_choice_key(option: Option) -> str:
    """Parts are compared as text, except names with a `/` or `@`, compared as Docker expands them."""
    text = option.text if isinstance(option.text, str) else option.text.fr
    if " " not in text and ("/" in text or "@" in text):
        return same_choice_key(option)
    return " ".join(text.casefold().split())


def _host_as_user(ref: ImageReference) -> LocalizedText:
    return lt(
        f"`{ref.registry}` n'est pas un nom d'utilisateur Docker Hub : {why_registry(ref.registry)}",
        f"`{ref.registry}` is not a Docker Hub user name: {why_registry(ref.registry, 'en')}",
    )


def why_registry(first: str, lang: str = "fr") -> str:
    """Why Docker reads the first component as a registry host."""
    if first == "localhost":
        return "c'est localhost, toujours un hôte." if lang == "fr" else "it is localhost, always a host."
    if "." in first or ":" in first:
        return (
            "il contient un point ou deux-points, c'est donc un hôte."
            if lang == "fr"
            else "it contains a dot or a colon, so it is a host."
        )
    return (
        "il contient une majuscule, c'est donc un hôte."
        if lang == "fr"
        else "it has a capital, so it is a host."
    )


def canonical_mistakes(text: str, ref: ImageReference, rng: random.Random) -> list[Option]:
    suffix = ref.canonical[len(ref.name) :]  # ":latest", ":tag", "@digest" or ":tag@digest"
    digest = f"@{ref.digest}" if ref.digest else ""
    out: list[Option] = []
    if not ref.tag and not ref.digest:
        newest = rng.choice(("1.27.3", "3.13", "2.1.0", "24.04"))
        out.append(Option(f"{ref.name}:{newest}", False, LATEST_IS_NOT_NEWEST))
    if ref.registry == "docker.io":
        out.append(Option(f"hub.docker.com/{ref.path}{suffix}", False, HUB_IS_THE_WEBSITE))
        if not ref.path.startswith("library/"):
            out.append(Option(f"docker.io/library/{ref.path}{suffix}", False, NO_LIBRARY_FOR_USERS))
    else:
        out.append(Option(f"docker.io/{ref.registry}/{ref.path}{suffix}", False, _host_as_user(ref)))
        if ":" in ref.registry and not ref.registry.endswith("]"):
            out.append(Option(f"{ref.registry.rsplit(':', 1)[0]}/{ref.path}{suffix}", False, DROPPED_PORT))
        if "/" not in ref.path:
            out.append(Option(f"{ref.registry}/library/{ref.path}{suffix}", False, NO_LIBRARY_ELSEWHERE))
    if ref.tag and ref.tag != "latest":
        out.append(Option(f"{ref.name}:latest{digest}", False, TAG_KEPT))
    if ref.digest and not ref.tag:
        out.append(Option(f"{ref.name}:latest{digest}", False, NO_LATEST_WITH_DIGEST))
    if ref.tag and ref.tag.upper() != ref.tag:
        out.append(Option(f"{ref.name}:{ref.tag.upper()}{digest}", False, TAG_CASE))
    namespace = f"{ref.namespace}/" if ref.namespace else ""
    out.append(Option(f"{ref.registry}/{namespace}{ref.repository.capitalize()}{suffix}", False, CAPITALS))
    return out


def _wrong(text: Choice, fr: str, en: str) -> Option:
    return Option(text, False, lt(fr, en))


NAMESPACE_NOT_HOST = (
    "`{0}` est le namespace (un compte) : sans point, deux-points, majuscule ni localhost, "
    "ce n'est pas un hôte.",
    "`{0}` is the namespace (an account): with no dot, colon, capital or localhost, it is not a host.",
)
NO_SLASH_MEANS_HUB = (
    "Sans `/`, tout le nom est une image Docker Hub et ce qui suit `:` est un tag, pas un port.",
    "Without a `/`, the whole name is a Docker Hub image and what follows `:` is a tag, not a port.",
)
EVERY_IMAGE_HAS_A_REGISTRY = (
    "Toute image a un registry : sans hôte, c'est docker.io.",
    "Every image has a registry: without a host, docker.io.",
)
FORGOT_LIBRARY = (
    "Oubli de `library/` : les images officielles de Docker Hub sont rangées dans `library/`.",
    "Forgetting `library/`: Docker Hub's official images live in `library/`.",
)
IS_THE_REPOSITORY = (
    "C'est le repository (le dernier composant du chemin).",
    "It is the repository (the last path component).",
)


def _port(registry: str) -> str | None:
    """The port of ``host:port`` (not of an IPv6 host without one)."""
    return registry.rsplit(":", 1)[1] if ":" in registry and not registry.endswith("]") else None


def _registry_options(text: str, ref: ImageReference) -> list[Option]:
    out = [Option(ref.registry, True)]
    first = text.split("/", 1)[0] if "/" in text else ""
    bare = text.split("@", 1)[0]
    if ref.registry == "docker.io":
        out.append(Option("hub.docker.com", False, HUB_IS_THE_WEBSITE))
        if first and first not in ("docker.io", "index.docker.io", "library"):
            out.append(
                _wrong(first, NAMESPACE_NOT_HOST[0].format(first), NAMESPACE_NOT_HOST[1].format(first))
            )
        if "/" not in text and ":" in bare:
            out.append(_wrong(bare, *NO_SLASH_MEANS_HUB))
    else:
        out.append(
            _wrong(
                "docker.io",
                f"Le premier composant `{first}` désigne le registry : {why_registry(first)}",
                f"The first component `{first}` names the registry: {why_registry(first, 'en')}",
            )
        )
        if _port(ref.registry):
            out.append(Option(ref.registry.rsplit(":", 1)[0], False, DROPPED_PORT))
        if ref.namespace:
            out.append(
                _wrong(
                    ref.namespace.split("/")[0],
                    "C'est le namespace, qui suit l'hôte du registry.",
                    "It is the namespace, after the registry host.",
                )
            )
    out.append(_wrong(NO_REGISTRY, *EVERY_IMAGE_HAS_A_REGISTRY))
    return out


def _namespace_options(ref: ImageReference) -> list[Option]:
    out = [Option(ref.namespace or NO_NAMESPACE, True)]
    hub = ref.registry == "docker.io"
    if hub and ref.namespace == "library":
        out.append(_wrong(NO_NAMESPACE, *FORGOT_LIBRARY))
    if ref.namespace != "library":
        out.append(Option("library", False, NO_LIBRARY_FOR_USERS if hub else NO_LIBRARY_ELSEWHERE))
    if hub:
        out.append(
            _wrong(
                "docker.io",
                "docker.io est le registry, pas le namespace.",
                "docker.io is the registry, not the namespace.",
            )
        )
    else:
        out.append(Option(ref.registry, False, _host_as_user(ref)))
    if "/" in ref.namespace:
        out.append(
            _wrong(
                ref.namespace.split("/")[0],
                "Le namespace est tout le chemin avant le dernier `/`.",
                "The namespace is the whole path before the last `/`.",
            )
        )
    if ref.namespace and ref.namespace != "library":
        out.append(
            _wrong(
                NO_NAMESPACE,
                f"`{ref.namespace}` est bien le namespace : il précède le nom du dépôt.",
                f"`{ref.namespace}` is the namespace: it comes before the repository name.",
            )
        )
    out.append(_wrong(ref.repository, *IS_THE_REPOSITORY))
    return out


def _repository_options(ref: ImageReference) -> list[Option]:
    out = [Option(ref.repository, True)]
    if ref.path != ref.repository:
        out.append(
            _wrong(
                ref.path,
                "C'est le chemin complet : namespace + repository.",
                "It is the whole path: namespace + repository.",
            )
        )
    if ref.tag:
        out.append(
            _wrong(
                f"{ref.repository}:{ref.tag}",
                "Le tag ne fait pas partie du nom du repository.",
                "The tag is not part of the repository name.",
            )
        )
    if ref.namespace:
        out.append(
            _wrong(
                ref.namespace.split("/")[-1],
                "C'est le namespace, pas le repository.",
                "It is the namespace, not the repository.",
            )
        )
    out.append(_wrong(ref.registry, "C'est le registry.", "It is the registry."))
    out.append(
        _wrong(
            ref.name,
            "C'est le nom complet (registry + chemin), pas seulement le repository.",
            "It is the full name (registry + path), not just the repository.",
        )
    )
    return out


def _tag_options(ref: ImageReference) -> list[Option]:
    correct = ref.tag or ("latest" if not ref.digest else NO_TAG_DIGEST)
    out = [Option(correct, True)]
    if correct != "latest":
        out.append(Option("latest", False, TAG_KEPT if ref.tag else NO_LATEST_WITH_DIGEST))
    if not ref.tag and not ref.digest:
        out.append(Option(NEWEST, False, LATEST_IS_NOT_NEWEST))
        out.append(
            _wrong(
                NO_TAG,
                "Sans tag ni digest, Docker ajoute `:latest`.",
                "Without a tag or digest, Docker adds `:latest`.",
            )
        )
    if port := _port(ref.registry):
        out.append(
            _wrong(port, "C'est le port du registry, pas un tag.", "It is the registry's port, not a tag.")
        )
    if ref.digest:
        out.append(
            _wrong(
                ref.digest.split(":")[0],
                "C'est l'algorithme du digest, pas un tag.",
                "It is the digest's algorithm, not a tag.",
            )
        )
    if ref.tag and "-" in ref.tag:
        out.append(
            _wrong(
                ref.tag.split("-")[0],
                "Le tag est tout ce qui suit `:`, suffixe compris.",
                "The tag is everything after `:`, suffix included.",
            )
        )
    return out


def component_options(ask: str, text: str, ref: ImageReference) -> list[Option]:
    """The right part (first) and wrong ones for a registry, namespace, repository or tag ask."""
    if ask == "registry":
        return _registry_options(text, ref)
    if ask == "namespace":
        return _namespace_options(ref)
    if ask == "repository":
        return _repository_options(ref)
    return _tag_options(ref)
