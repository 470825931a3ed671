"""What the learner was doing: the docker command, the image reference, the registry host, the tag.

Everything is read from a bounded number of lines (those containing ``docker``/``podman`` and the
lines of a few well-known messages), so the cost stays linear in the paste length.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from bot.core.explainer.normalize import clean_line
from bot.core.explainer.patterns import ascii_lower
from bot.core.references import ImageReference, split_docker_domain, try_parse_reference

MAX_COMMAND_LINES = 200
CONTEXT_WINDOW = 32_000
_COMMAND = re.compile(
    r"(?:^|[\s/;&|(`'\"])(docker(?:-compose)?|podman|nerdctl)(?:\.exe)?[ \t]{1,8}([^\n]{1,600})"
)
_GLOBAL_VALUE_FLAGS = frozenset({"--config", "--context", "-c", "--host", "-H", "--log-level", "-l"})
_RUN_VALUE_SHORTS = frozenset("acehlmpuvw")
_RUN_VALUE_LONGS = frozenset(
    [
        "--name",
        "--network",
        "--net",
        "--env",
        "--env-file",
        "--volume",
        "--publish",
        "--mount",
        "--user",
        "--workdir",
        "--entrypoint",
        "--platform",
        "--restart",
        "--label",
        "--hostname",
        "--memory",
        "--cpus",
        "--add-host",
        "--pull",
        "--runtime",
        "--ulimit",
    ]
)
_SUBCOMMANDS = frozenset({"push", "pull", "login", "logout", "tag", "run", "build", "create"})
_MANAGEMENT = frozenset({"image", "container", "buildx", "builder", "compose"})

# Messages that name the image or the registry, each starting with a literal (fast to scan).
_MESSAGE_REFS: tuple[re.Pattern[str], ...] = (
    re.compile(r"The push refers to (?:a )?repository \[([^\]\s]{1,300})\]"),
    re.compile(r"An image does not exist locally with the tag: ([^\s\"']{1,300})"),
    re.compile(r"tag does not exist: ([^\s\"']{1,300})"),
    re.compile(r"No such image: ([^\s\"']{1,300})"),
    re.compile(r"pull access denied for ([^\s,\"']{1,300})"),
    re.compile(r"manifest for ([^\s\"']{1,300}) not found"),
    re.compile(r"invalid tag \"([^\"\n]{1,300})\""),
    re.compile(r"Error parsing reference: \"([^\"\n]{1,300})\""),
    re.compile(r"failed to resolve source metadata for ([^\s:]{1,250}(?::[^\s:]{1,128})?)"),
    re.compile(r"failed to push ([^\s:]{1,250}(?::[^\s:]{1,128})?)"),
    re.compile(r"pushing ([^\s:]{1,250}(?::[^\s:]{1,128})?) with docker"),
)
_ECR_REPO = re.compile(
    r"The repository with name '([^'\n]{1,256})' does not exist in the registry with id '(\d{12})'"
)
_HOST_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"https?://([A-Za-z0-9.-]{1,253}(?::\d{1,5})?)/v[12]/"),
    re.compile(r"lookup ([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})"),
    re.compile(r"dial tcp (\[?[0-9A-Fa-f.:]{3,60}\]?:\d{1,5})"),
    re.compile(r"(?:Get|Head|Post|Put|Patch) \"?https?://([A-Za-z0-9.-]{1,253}(?::\d{1,5})?)"),
)
_PROXY = re.compile(r"proxyconnect tcp: dial tcp ([A-Za-z0-9.:\[\]-]{3,120}:\d{1,5})")
_DEFAULT_TAG = re.compile(r"Using default tag: latest|:latest\b")
_ECR_HOST = re.compile(r"(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]{4,30})\.amazonaws\.com(?:\.cn)?")
_GAR_HOST = re.compile(r"([a-z0-9-]{2,40})-docker\.pkg\.dev")


@dataclass(frozen=True, slots=True)
class PasteContext:
    """What the paste tells about the learner's command; every field is optional."""

    command: str | None = None  # "docker push", "docker buildx build", "docker compose up"
    command_line: str | None = None  # the whole command as pasted (already redacted)
    reference: str | None = None  # the image reference as written
    source: str | None = None  # `docker tag SOURCE TARGET`: the source
    host: str | None = None  # registry host[:port]
    tag: str | None = None
    repository: str | None = None  # repository path in the registry (e.g. "library/myapp")
    region: str | None = None  # cloud region parsed from the host (ECR, Artifact Registry)
    proxy: str | None = None

    def as_dict(self) -> dict[str, str]:
        fields = (
            "command",
            "command_line",
            "reference",
            "source",
            "host",
            "tag",
            "repository",
            "region",
            "proxy",
        )
        return {name: value for name in fields if (value := getattr(self, name))}


@dataclass(frozen=True, slots=True)
class _Command:
    program: str
    words: tuple[str, ...]  # management command + subcommand, e.g. ("buildx", "build")
    args: tuple[str, ...]
    line: str


def extract_context(text: str, anchor: int | None = None) -> PasteContext:
    """Context of a normalized paste; ``anchor`` is the offset of the failing line, if known.

    In a long paste only a window around the anchor (or the start) is read: the command and the
    image are near the failing line, and the cost stays bounded.
    """
    if len(text) > 2 * CONTEXT_WINDOW:
        start = max(0, (anchor or 0) - CONTEXT_WINDOW)
        text = text[start : start + 2 * CONTEXT_WINDOW]
        anchor = None if anchor is None else anchor - start
    command, commands = _pick_command(text, anchor)
    reference, source, host = _from_command(command)
    from_message = reference is None
    if from_message:
        reference = _first_message_reference(text)
    if source is None and reference:
        source = _tag_source_for(reference, commands)
    ecr = _ECR_REPO.search(text)
    repository = ecr.group(1) if ecr else None
    parsed_host, tag, path = _split(reference)
    if from_message and tag == "latest" and not _DEFAULT_TAG.search(text):
        tag = None  # "The push refers to repository [x]" names no tag
    host = host or parsed_host or _first_host(text)
    repository = repository or path
    proxy = _PROXY.search(text)
    return PasteContext(
        command=_command_name(command),
        command_line=command.line if command else None,
        reference=reference,
        source=source,
        host=host,
        tag=tag,
        repository=repository,
        region=_region(host or ""),
        proxy=proxy.group(1) if proxy else None,
    )


def _pick_command(text: str, anchor: int | None) -> tuple[_Command | None, list[_Command]]:
    """The command nearest before ``anchor`` (else the last one), and every command found."""
    lowered = ascii_lower(text)
    before: _Command | None = None
    before_start = -1
    last: _Command | None = None
    last_start = -1
    seen = 0
    found: list[_Command] = []
    for needle in ("docker", "podman", "nerdctl"):
        pos = lowered.find(needle)
        while pos >= 0 and seen < MAX_COMMAND_LINES:
            seen += 1
            start = lowered.rfind("\n", 0, pos) + 1
            end = lowered.find("\n", pos)
            end = len(lowered) if end < 0 else end
            command = _parse_command(clean_line(text[start:end]))
            if command is not None:
                found.append(command)
                if start > last_start:
                    last, last_start = command, start
                if anchor is not None and before_start <= start <= anchor:
                    before, before_start = command, start
            pos = lowered.find(needle, end)
    return before or last, found


def _tag_source_for(reference: str, commands: list[_Command]) -> str | None:
    """The source of a ``docker tag SOURCE TARGET`` of the paste whose target is ``reference``."""
    target = try_parse_reference(reference)
    for command in commands:
        if command.words[-1:] != ("tag",):
            continue
        words = [w for w in _positionals(list(command.args)) if "$" not in w]
        if len(words) >= 2 and (words[1] == reference or _same(words[1], target)):
            return words[0]
    return None


def _same(text: str, target: ImageReference | None) -> bool:
    parsed = try_parse_reference(text)
    return parsed is not None and target is not None and parsed.name == target.name


def _parse_command(line: str) -> _Command | None:
    match = _COMMAND.search(line)
    if match is None:
        return None
    program = match.group(1)
    try:
        words = shlex.split(match.group(2).split(" | ")[0].split(" && ")[0], comments=False)
    except ValueError:
        words = match.group(2).split()
    args = _after_global_options(words)
    names: list[str] = []
    if program == "docker-compose":
        names.append("compose")
    while args and args[0] in _MANAGEMENT and len(names) < 2:
        names.append(args.pop(0))
    if args and (args[0] in _SUBCOMMANDS or names):
        names.append(args.pop(0))
    if not names or (names[-1] not in _SUBCOMMANDS | {"up", "imagetools"} and "compose" not in names):
        return None
    return _Command(
        program=program, words=tuple(names), args=tuple(args), line=line[match.start(1) :].strip()
    )


def _after_global_options(words: list[str]) -> list[str]:
    index = 0
    while index < len(words) and words[index].startswith("-"):
        index += 2 if words[index] in _GLOBAL_VALUE_FLAGS else 1
    return words[index:]


def _command_name(command: _Command | None) -> str | None:
    if command is None:
        return None
    program = "docker" if command.program in ("docker", "docker-compose") else command.program
    words = [w for w in command.words if w not in ("image", "container")]
    return " ".join([program, *words])


def _from_command(command: _Command | None) -> tuple[str | None, str | None, str | None]:
    """(reference, source, host) named by the command."""
    if command is None or "compose" in command.words:
        return None, None, None
    sub = command.words[-1]
    positionals = _positionals(list(command.args))
    usable = [p for p in positionals if "$" not in p and "{" not in p]
    if sub == "login":
        return (
            None,
            None,
            usable[0].removeprefix("https://").removeprefix("http://").rstrip("/") if usable else None,
        )
    if sub == "tag":
        return (usable[1] if len(usable) > 1 else None), (usable[0] if usable else None), None
    if sub == "build":
        tags = _build_tags(list(command.args))
        return (tags[0] if tags else None), None, None
    if sub in ("push", "pull", "run", "create"):
        return (usable[0] if usable else None), None, None
    return None, None, None


def _positionals(args: list[str]) -> list[str]:
    found: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word.startswith("--"):
            if "=" not in word and word in _RUN_VALUE_LONGS:
                index += 1
        elif word.startswith("-") and len(word) > 1:
            if word[-1] in _RUN_VALUE_SHORTS and not any(c in _RUN_VALUE_SHORTS for c in word[1:-1]):
                index += 1
        else:
            found.append(word)
    return found


def _build_tags(args: list[str]) -> list[str]:
    tags: list[str] = []
    for index, word in enumerate(args):
        if word in ("-t", "--tag") and index + 1 < len(args):
            tags.append(args[index + 1])
        elif word.startswith("--tag="):
            tags.append(word.removeprefix("--tag="))
    return [t for t in tags if "$" not in t]


def _first_message_reference(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in _MESSAGE_REFS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.group(1).rstrip(".,;:'\""))
    return best[1] if best else None


def _first_host(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in _HOST_PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.group(1))
    if best is None:
        return None
    host = best[1]
    return "docker.io" if host in ("registry-1.docker.io", "index.docker.io", "auth.docker.io") else host


def _split(reference: str | None) -> tuple[str | None, str | None, str | None]:
    """(host, tag, repository path) of a reference, even an invalid one (uppercase letters)."""
    if not reference:
        return None, None, None
    parsed = try_parse_reference(reference)
    if parsed is not None:
        return parsed.registry or None, parsed.tag or ("latest" if not parsed.digest else None), parsed.path
    domain, remainder = split_docker_domain(reference.split("@")[0])
    path, _, tag = remainder.partition(":")
    return domain, tag or None, path


def _region(host: str) -> str | None:
    ecr = _ECR_HOST.search(host)
    if ecr:
        return ecr.group(2)
    gar = _GAR_HOST.search(host)
    return gar.group(1) if gar else None
