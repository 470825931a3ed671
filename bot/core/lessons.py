"""Lessons as the bot understands them: metadata, sections, code blocks, tables and docker commands.

These are the value types shared by the content pipeline (which builds them from Markdown with YAML front
matter) and the quiz generators (which read them). Parsing lives in ``bot/core/lesson_parser.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.references import ImageReference


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section (``## 10.2 Nommage des images``). ``line`` is 1-based in the source file."""

    number: str  # "10.2"
    title: str  # "Nommage des images"
    anchor: str  # "10-2-nommage-des-images"
    line: int
    text: str  # the Markdown body of the section, subsections included

    @property
    def label(self) -> str:
        return f"{self.number} — {self.title}"


@dataclass(frozen=True, slots=True)
class CodeBlock:
    language: str  # "bash", "yaml", "" when none is given
    text: str
    line: int  # line of the opening fence
    section: str  # number of the enclosing section, "" before the first


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    section: str


@dataclass(frozen=True, slots=True)
class DockerCommand:
    """A `docker ...` command found in a shell code block, its argv split like a shell would.

    Shell variables stay symbolic (``$VERSION`` is kept as written). ``references`` holds the image
    references the command names (source and target of ``docker tag``, ``docker push REF``, the image of
    ``docker run``/``pull``, ``docker build -t REF``) that parse as valid references.
    """

    argv: tuple[str, ...]  # ("docker", "tag", "myapp:v1.0.0", "localhost:5000/myapp:v1.0.0")
    line: int
    section: str
    references: tuple[ImageReference, ...] = ()
    written: tuple[str, ...] = ()  # the text of each reference as written, parallel to ``references``

    @property
    def subcommand(self) -> str:
        """``tag``, ``push``, ``run``, ``build``, ``login``, ... (``image push`` → ``push``)."""
        args = [a for a in self.argv[1:] if not a.startswith("-")]
        if args and args[0] in {"image", "container", "buildx"} and len(args) > 1:
            return args[1]
        return args[0] if args else ""


@dataclass(frozen=True, slots=True)
class LessonMeta:
    id: str  # stable slug; defaults to the file name without extension ("10-registries")
    title: str
    description: str
    order: int
    duration: str  # as written ("45 min")
    icon: str
    xp_reward: int
    objectives: tuple[str, ...]
    lang: str = "fr"
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lesson:
    meta: LessonMeta
    path: str  # the file it came from, as given to the loader
    body: str  # Markdown after the front matter
    body_line: int  # 1-based line in the file where the body starts
    sections: tuple[Section, ...] = ()
    code_blocks: tuple[CodeBlock, ...] = ()
    tables: tuple[Table, ...] = ()
    commands: tuple[DockerCommand, ...] = ()
    repaired_encoding: bool = False

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def references(self) -> tuple[ImageReference, ...]:
        """Every image reference named by the lesson's commands, in order, without duplicates."""
        seen: dict[str, ImageReference] = {}
        for command in self.commands:
            for ref in command.references:
                seen.setdefault(ref.canonical, ref)
        return tuple(seen.values())

    def section(self, number: str) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def section_for_keyword(self, *keywords: str) -> Section | None:
        """The first section whose title contains one of the keywords (case-insensitive)."""
        lowered = [k.lower() for k in keywords]
        for s in self.sections:
            title = s.title.lower()
            if any(k in title for k in lowered):
                return s
        return None
