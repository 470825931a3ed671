"""The ``docker ...`` commands of a lesson's shell code blocks, and the image references they name.

Lines are read like a shell would: ``\\`` continuations are joined, comments dropped, heredoc bodies skipped,
``|``, ``&&``, ``||`` and ``;`` separate commands, ``sudo`` and ``VAR=value`` prefixes are skipped, and
words are split and unquoted like POSIX ``shlex``. Shell variables and ``$(...)`` substitutions stay
symbolic as written, and a reference that contains one is not parsed (its value is unknown).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.lessons import CodeBlock, DockerCommand
from bot.core.problems import Problem, Severity
from bot.core.references import ImageReference, InvalidReferenceError, parse_reference

SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "zsh", "ksh", "console", "shell-session", "terminal"})
PROMPT_LANGUAGES = frozenset({"console", "shell-session", "terminal"})

_SEPARATORS = frozenset({"|", "||", "&&", ";", "&", "(", ")", ";;"})
_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_PLACEHOLDER = "\x00{}\x00"
_TOKEN = re.compile(
    r"""(?P<op>[|&;()<>]+)"""
    r"""|(?P<word>(?:[^\s'"\\|&;()<>]|\\.|'[^']*'|"(?:[^"\\]|\\.)*")+)"""
    r"""|(?P<space>\s+)"""
    r"""|(?P<bad>.)""",
    re.DOTALL,
)
_SEGMENT = re.compile(r"""'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)|([^'"\\]+)""", re.DOTALL)
_DOUBLE_ESCAPE = re.compile(r'\\([\\"])')  # as shlex: only \\ and \" inside double quotes


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Options of `docker run`/`docker create` that take a value (the others are switches).
_RUN_VALUE_FLAGS = _words(
    "--add-host --annotation --attach --blkio-weight --blkio-weight-device --cap-add --cap-drop "
    "--cgroup-parent --cgroupns --cidfile --cpu-count --cpu-percent --cpu-period --cpu-quota "
    "--cpu-rt-period --cpu-rt-runtime --cpu-shares --cpus --cpuset-cpus --cpuset-mems --detach-keys "
    "--device --device-cgroup-rule --device-read-bps --device-read-iops --device-write-bps "
    "--device-write-iops --dns --dns-opt --dns-option --dns-search --domainname --entrypoint --env "
    "--env-file --expose --gpus --group-add --health-cmd --health-interval --health-retries "
    "--health-start-interval --health-start-period --health-timeout --hostname --io-maxbandwidth "
    "--io-maxiops --ip --ip6 --ipc --isolation --kernel-memory --label --label-file --link "
    "--link-local-ip --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap "
    "--memory-swappiness --mount --name --net --net-alias --network --network-alias --oom-score-adj "
    "--pid --pids-limit --platform --publish --pull --restart --runtime --security-opt --shm-size "
    "--stop-signal --stop-timeout --storage-opt --sysctl --tmpfs --ulimit --user --userns --uts "
    "--volume --volume-driver --volumes-from --workdir"
)
_RUN_VALUE_SHORTS = frozenset("acehlmpuvw")
_PULL_PUSH_VALUE_FLAGS = frozenset({"--platform"})
_GLOBAL_VALUE_FLAGS = frozenset({"--config", "--context", "-c", "--host", "-H", "--log-level", "-l"})
_MANAGEMENT = frozenset({"image", "container", "buildx", "builder"})


def is_shell_block(block: CodeBlock) -> bool:
    return block.language in SHELL_LANGUAGES


def extract_commands(block: CodeBlock, path: str) -> tuple[list[DockerCommand], list[Problem]]:
    """The docker commands of one shell code block; invalid literal references are warnings."""
    commands: list[DockerCommand] = []
    problems: list[Problem] = []
    for line, text in logical_lines(block.text, block.line + 1, prompts=block.language in PROMPT_LANGUAGES):
        if "docker" not in text:
            continue
        for argv in simple_commands(text):
            refs, written, bad = image_references(argv)
            commands.append(
                DockerCommand(argv, line, block.section, references=tuple(refs), written=tuple(written))
            )
            problems.extend(
                Problem(path, line, Severity.WARNING, f"{' '.join(argv[:2])}: {message}") for message in bad
            )
    return commands, problems


def logical_lines(text: str, first_line: int, *, prompts: bool = False) -> Iterator[tuple[int, str]]:
    """(line, command line) pairs: continuations joined, comments and heredoc bodies removed."""
    heredoc: tuple[str, bool] | None = None
    pending: list[str] = []
    start = first_line
    for number, raw in enumerate(text.split("\n"), start=first_line):
        if heredoc is not None:
            word, strip_tabs = heredoc
            if (raw.lstrip("\t") if strip_tabs else raw) == word:
                heredoc = None
            continue
        if not pending:
            start = number
            if prompts:
                if not raw.startswith(("$ ", "# ")):
                    continue
                raw = raw[2:]
        line = strip_comment(raw)
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            pending.append(line[:-1])
            continue
        pending.append(line)
        joined = " ".join(part.strip() for part in pending).strip()
        pending = []
        if joined:
            found = _HEREDOC.search(joined)
            if found:
                heredoc = (found.group(3), found.group(1) == "-")
            yield start, joined
    if pending:
        joined = " ".join(part.strip() for part in pending).strip()
        if joined:
            yield start, joined


def strip_comment(line: str) -> str:
    """The line without its ``# comment`` (a ``#`` that starts a word, outside quotes)."""
    if "#" not in line:
        return line
    quote = ""
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t;|&("):
            return line[:index].rstrip()
    return line


def simple_commands(line: str) -> list[tuple[str, ...]]:
    """The argv of each docker command on a logical line (``sudo``, env prefixes and redirections removed)."""
    hidden, substitutions = _hide_substitutions(line)
    tokens = split_words(hidden)
    if tokens is None:  # an unclosed quote: not a command we can read
        return []
    found: list[tuple[str, ...]] = []
    current: list[str] = []
    for token in [*tokens, ";"]:
        if token in _SEPARATORS:
            argv = _docker_argv(current)
            if argv:
                found.append(tuple(_restore(word, substitutions) for word in argv))
            current = []
        else:
            current.append(token)
    return found


def split_words(line: str) -> list[str] | None:
    """Split like a POSIX shell (quotes removed, ``\\`` escapes, runs of ``|&;()<>`` as operators).

    ``None`` when a quote is never closed. Variables are not expanded. (A regex tokenizer: ``shlex``
    reads character by character and was most of the time spent loading a lesson.)
    """
    words: list[str] = []
    for match in _TOKEN.finditer(line):
        kind = match.lastgroup
        if kind == "bad":
            return None
        if kind == "op":
            words.append(match.group())
        elif kind == "word":
            words.append(_unquote(match.group()))
    return words


def _unquote(word: str) -> str:
    if not any(c in word for c in "'\"\\"):
        return word
    parts: list[str] = []
    for single, double, escaped, plain in _SEGMENT.findall(word):
        if plain:
            parts.append(plain)
        elif escaped:
            parts.append(escaped)
        elif double:
            parts.append(_DOUBLE_ESCAPE.sub(r"\1", double))
        else:
            parts.append(single)
    return "".join(parts)


def _hide_substitutions(line: str) -> tuple[str, list[str]]:
    """Replace ``$(...)`` and backquoted commands by placeholders so that they stay one word."""
    substitutions: list[str] = []
    if "$(" not in line and "`" not in line:
        return line, substitutions
    out: list[str] = []
    index = 0
    while True:
        found = [i for i in (line.find("$(", index), line.find("`", index)) if i >= 0]
        if not found:
            break
        begin = min(found)
        end = _substitution_end(line, begin)
        if end < 0:
            break
        out.append(line[index:begin] + _PLACEHOLDER.format(len(substitutions)))
        substitutions.append(line[begin:end])
        index = end
    out.append(line[index:])
    return "".join(out), substitutions


def _substitution_end(line: str, begin: int) -> int:
    """The index just after the substitution starting at ``begin``, or -1 when it is not closed."""
    if line[begin] == "`":
        close = line.find("`", begin + 1)
        return close + 1 if close >= 0 else -1
    depth = 0
    for position in range(begin + 1, len(line)):
        depth += {"(": 1, ")": -1}.get(line[position], 0)
        if depth == 0:
            return position + 1
    return len(line)


def _restore(word: str, substitutions: list[str]) -> str:
    for number, original in enumerate(substitutions):
        word = word.replace(_PLACEHOLDER.format(number), original)
    return word


def _docker_argv(tokens: list[str]) -> list[str]:
    """The words of one simple command, if it runs docker."""
    words = _without_redirections(tokens)
    index = 0
    while index < len(words) and (_ASSIGNMENT.match(words[index]) or words[index] in {"time", "exec"}):
        index += 1
    if index < len(words) and words[index] == "sudo":
        index += 1
        while index < len(words) and words[index].startswith("-"):
            index += 1
    rest = words[index:]
    return rest if rest and rest[0] == "docker" else []


def _without_redirections(tokens: list[str]) -> list[str]:
    if not any(c in token for token in tokens for c in "<>&"):
        return tokens
    words: list[str] = []
    skip = False
    for position, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        if token and set(token) <= set("<>&"):
            skip = True
            continue
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if token.isdigit() and following and set(following) <= set("<>&"):
            continue
        words.append(token)
    return words


def image_references(argv: tuple[str, ...]) -> tuple[list[ImageReference], list[str], list[str]]:
    """(references, their text as written, problems) of the images a docker command names."""
    refs: list[ImageReference] = []
    written: list[str] = []
    problems: list[str] = []
    for text in _reference_words(argv):
        if "$" in text or "`" in text or "\x00" in text:
            continue  # symbolic: the value is only known when the script runs
        try:
            refs.append(parse_reference(text))
            written.append(text)
        except InvalidReferenceError as exc:
            problems.append(f"'{text}' is not a valid image reference ({exc.docker_message})")
    return refs, written, problems


def _reference_words(argv: tuple[str, ...]) -> list[str]:
    """The words of a docker command that name images, by subcommand."""
    args = _after_global_options(list(argv[1:]))
    if len(args) > 1 and args[0] in _MANAGEMENT:
        args = args[1:]
        if args[0] == "rm":
            args = ["rmi", *args[1:]]
    if not args:
        return []
    sub, rest = args[0], args[1:]
    if sub in {"run", "create"}:
        return _positionals(rest, _RUN_VALUE_FLAGS, _RUN_VALUE_SHORTS)[:1]
    if sub in {"push", "pull"}:
        return _positionals(rest, _PULL_PUSH_VALUE_FLAGS, frozenset())[:1]
    if sub == "tag":
        return _positionals(rest, frozenset(), frozenset())[:2]
    if sub == "rmi":
        return _positionals(rest, frozenset(), frozenset())
    if sub == "build":
        return _build_tags(rest)
    return []


def _after_global_options(args: list[str]) -> list[str]:
    index = 0
    while index < len(args) and args[index].startswith("-"):
        index += 2 if args[index] in _GLOBAL_VALUE_FLAGS else 1
    return args[index:]


def _positionals(args: list[str], value_flags: frozenset[str], value_shorts: frozenset[str]) -> list[str]:
    """The non-option words of a command line, skipping the values of options that take one."""
    found: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word == "--":
            found.extend(args[index:])
            break
        if word.startswith("--"):
            if "=" not in word and word in value_flags:
                index += 1
        elif word.startswith("-") and len(word) > 1:
            for position, letter in enumerate(word[1:], start=1):
                if letter in value_shorts:
                    if position == len(word) - 1:
                        index += 1  # the value is the next word
                    break  # otherwise the rest of the word is the value
        else:
            found.append(word)
    return found


def _build_tags(args: list[str]) -> list[str]:
    tags: list[str] = []
    for index, word in enumerate(args):
        if word in {"-t", "--tag"} and index + 1 < len(args):
            tags.append(args[index + 1])
        elif word.startswith("--tag="):
            tags.append(word.removeprefix("--tag="))
        elif word.startswith("-t") and not word.startswith("--") and len(word) > 2:
            tags.append(word[2:].removeprefix("="))
    return tags
