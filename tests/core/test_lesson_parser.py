"""Lesson parsing: front matter schema with located problems, Markdown structure, docker commands."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.docker_commands import logical_lines, simple_commands, split_words
from bot.core.lesson_markdown import parse_markdown
from bot.core.lesson_parser import LessonParse, default_lesson_id, parse_lesson, resolve_lesson_set
from bot.core.lessons import CodeBlock
from bot.core.problems import Severity

# The course export lives in shared/, beside the repository (in CI too).
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_e266ad50935fb685.txt"
PATH = "content/10-registries.md"

FRONT = """---
title: "Docker Hub et Registries"
description: "Publier ses images"
order: 10
duration: "30 min"
xpReward: 200
icon: "📦"
objectives:
  - "Comprendre les registries"
  - "Pousser une image"
---
"""

BODY = """
# Docker Hub et Registries

Intro.

## 10.1 Première section

Texte avec `docker push`.

### Sous-partie

```bash
# a comment, not a heading
docker pull nginx
```

## 10.2 Nommage des images

| Registry | Hôte |
|---|:---:|
| Docker Hub | docker.io |
| GHCR | ghcr.io | extra |
| Quay |

## Annexe sans numéro

Fin.
"""


def lesson_text(front: str = FRONT, body: str = BODY) -> str:
    return front + body


def messages(parse: LessonParse, severity: Severity | None = None) -> list[str]:
    return [str(p) for p in parse.problems if severity is None or p.severity is severity]


def test_valid_lesson_metadata_and_default_id() -> None:
    parse = parse_lesson(lesson_text(), PATH)
    assert parse.problems == ()
    lesson = parse.lesson
    assert lesson is not None
    assert lesson.id == "10-registries"
    assert lesson.meta.title == "Docker Hub et Registries"
    assert lesson.meta.icon == "📦"
    assert lesson.meta.order == 10
    assert lesson.meta.xp_reward == 200
    assert lesson.meta.duration == "30 min"
    assert lesson.meta.objectives == ("Comprendre les registries", "Pousser une image")
    assert lesson.meta.lang == "fr"
    assert lesson.body_line == 12
    assert not lesson.repaired_encoding


def test_xp_reward_error_names_file_and_line_of_the_key() -> None:
    text = lesson_text().replace("xpReward: 200", "xpReward: deux cents")
    parse = parse_lesson(text, PATH)
    assert parse.lesson is None
    assert messages(parse) == [f"{PATH}:6: error: xpReward must be a positive integer, got 'deux cents'"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("order: 10", "order: dix", ":4: error: order must be a positive integer, got 'dix'"),
        ("order: 10", "order: 0", ":4: error: order must be a positive integer, got 0"),
        ("order: 10", "order: true", ":4: error: order must be a positive integer, got true"),
        ('title: "Docker Hub et Registries"', "title: yes", ":2: error: title: YAML reads yes as a boolean"),
        ('duration: "30 min"', "duration: 1.5", ":5: error: duration: YAML reads 1.5 as a number"),
        ('duration: "30 min"', "duration: [1, 2]", ":5: error: duration must be a text, got a list"),
        ('title: "Docker Hub et Registries"', "title:", ":2: error: title must not be empty"),
        ('icon: "📦"', 'icon: "📦"\nid: Not_A_Slug', ":8: error: id must be a slug"),
        ('icon: "📦"', 'icon: "📦"\nlang: de', ":8: error: lang must be one of fr, en, got 'de'"),
        ('icon: "📦"', 'icon: "📦"\nprerequisites: [10-registries]', ":8: error: prerequisites: lesson"),
        ("objectives:\n", "objectives: []\nx:\n", ":8: error: objectives must not be an empty list"),
        (
            'icon: "📦"',
            'icon: "📦"\nicon: "🐳"',
            ":8: error: front matter: duplicate key 'icon' (first at line 7)",
        ),
    ],
)
def test_wrong_values_are_located_errors(old: str, new: str, expected: str) -> None:
    parse = parse_lesson(lesson_text().replace(old, new, 1), PATH)
    assert parse.lesson is None
    assert any(m.startswith(PATH + expected) for m in messages(parse, Severity.ERROR)), messages(parse)


def test_missing_keys_are_each_reported() -> None:
    text = lesson_text().replace("order: 10\n", "").replace('icon: "📦"\n', "")
    parse = parse_lesson(text, PATH)
    assert parse.lesson is None
    assert f"{PATH}:1: error: missing required key 'order'" in messages(parse)
    assert f"{PATH}:1: error: missing required key 'icon'" in messages(parse)


def test_unknown_key_is_a_warning_with_a_suggestion() -> None:
    parse = parse_lesson(lesson_text().replace("xpReward: 200", "xpReward: 200\nxp_reward: 3"), PATH)
    assert parse.lesson is not None
    assert messages(parse) == [
        f"{PATH}:7: warning: front matter: unknown key 'xp_reward' is ignored (did you mean 'xpReward'?)"
    ]


def test_optional_keys() -> None:
    extra = "id: docker-hub\nlang: en\nprerequisites: [09-images]\n---\n"
    parse = parse_lesson(lesson_text(FRONT.removesuffix("---\n") + extra), "content/x.md")
    assert parse.lesson is not None
    assert parse.lesson.id == "docker-hub"
    assert parse.lesson.meta.lang == "en"
    assert parse.lesson.meta.prerequisites == ("09-images",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# no front matter\n", ":1: error: no front matter"),
        ("---\ntitle: x\n", ":1: error: front matter is never closed"),
        ("---\n---\nbody\n", ":1: error: front matter is empty"),
        ("---\n- a\n- b\n---\n", ":2: error: front matter must be a mapping"),
        (
            '---\ntitle: "x\norder: 1\n---\n',
            ":3: error: invalid YAML: while scanning a quoted scalar (line 2)",
        ),
        ("---\ntitle: [a\n---\n", ":2: error: invalid YAML"),
        ("---\ntitle: a\n  b: c\n---\n", ":3: error: invalid YAML"),
    ],
)
def test_structural_errors(text: str, expected: str) -> None:
    parse = parse_lesson(text, PATH)
    assert parse.lesson is None
    assert any(m.startswith(PATH + expected) for m in messages(parse)), messages(parse)


def test_bom_and_crlf_are_tolerated_and_keep_line_numbers() -> None:
    clean = parse_lesson(lesson_text(), PATH).lesson
    windows = parse_lesson(b"\xef\xbb\xbf" + lesson_text().replace("\n", "\r\n").encode(), PATH)
    assert windows.problems == ()
    assert windows.lesson is not None and clean is not None
    assert [s.line for s in windows.lesson.sections] == [s.line for s in clean.sections]
    assert windows.lesson.meta.title == clean.meta.title
    assert "\r" not in windows.lesson.body


def test_undecodable_bytes_are_located_errors_not_a_crash() -> None:
    data = lesson_text().encode().replace(b"Intro.", b"Intro \xe9t\xe9.")
    parse = parse_lesson(data, PATH)
    assert parse.lesson is None
    line = lesson_text().split("\n").index("Intro.") + 1
    (problem,) = parse.problems
    assert problem.line == line and problem.is_error
    assert "not valid UTF-8" in problem.message


def test_utf16_file_is_an_error() -> None:
    parse = parse_lesson(lesson_text().encode("utf-16"), PATH)
    assert parse.lesson is None
    assert "UTF-16" in parse.problems[0].message


def test_mojibake_is_repaired_with_a_warning() -> None:
    broken = lesson_text().encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")
    parse = parse_lesson(broken, PATH)
    assert parse.lesson is not None
    assert parse.lesson.meta.icon == "📦"
    assert parse.lesson.section("10.1").title == "Première section"
    assert parse.lesson.repaired_encoding
    (warning,) = parse.problems
    assert warning.severity is Severity.WARNING and "mojibake" in warning.message


@pytest.mark.skipif(not SEED.exists(), reason="the course export is not available")
def test_course_export_loads_with_real_title_icon_and_accents() -> None:
    parse = parse_lesson(SEED.read_bytes(), str(SEED))
    lesson = parse.lesson
    assert lesson is not None
    assert lesson.meta.title == "Docker Hub et Registries"
    assert lesson.meta.icon == "📦"
    assert lesson.section("10.6").title == "Registries privés"
    assert "créer" in lesson.body
    assert [p.severity for p in parse.problems] == [Severity.WARNING]
    assert str(parse.problems[0]).startswith(f"{SEED}:")
    assert lesson.id == "000-e266ad50935fb685"


def test_sections_code_blocks_and_tables() -> None:
    lesson = parse_lesson(lesson_text(), PATH).lesson
    assert lesson is not None
    assert [(s.number, s.title, s.anchor) for s in lesson.sections] == [
        ("10.1", "Première section", "10-1-premiere-section"),
        ("10.2", "Nommage des images", "10-2-nommage-des-images"),
    ]
    first = lesson.sections[0]
    assert lesson_text().split("\n")[first.line - 1] == "## 10.1 Première section"
    assert "### Sous-partie" in first.text and "docker pull nginx" in first.text
    assert "Annexe" not in lesson.sections[1].text  # an unnumbered level-2 heading ends the section
    (block,) = lesson.code_blocks
    assert (block.language, block.section) == ("bash", "10.1")
    assert lesson_text().split("\n")[block.line - 1] == "```bash"
    assert block.text == "# a comment, not a heading\ndocker pull nginx"
    (table,) = lesson.tables
    assert table.header == ("Registry", "Hôte")
    assert table.rows == (("Docker Hub", "docker.io"), ("GHCR", "ghcr.io"), ("Quay", ""))
    assert table.section == "10.2"


def test_section_warnings() -> None:
    body = "\n## 9.1 Mauvais numéro\n\n## 10.1 Bon\n\n## 10.1 Doublon\n\n```sh\nunclosed\n"
    parse = parse_lesson(FRONT + body, PATH)
    assert parse.lesson is not None
    found = messages(parse, Severity.WARNING)
    assert any("section 9.1 does not start with the lesson's order 10" in m for m in found)
    assert any("duplicate section number 10.1" in m for m in found)
    assert any("never closed" in m for m in found)
    assert parse_lesson(FRONT + "\nno sections\n", PATH).problems[0].message.startswith("no numbered section")


def test_commands_and_references_of_a_lesson() -> None:
    body = """
## 10.1 Pousser

```bash
docker tag myapp:v1.0.0 localhost:5000/myapp:v1.0.0
docker push $REGISTRY/myapp:v1
docker push MyApp:v1
```

```text
docker push not-a-shell-block
```
"""
    parse = parse_lesson(FRONT + body, PATH)
    lesson = parse.lesson
    assert lesson is not None
    assert [c.argv[1] for c in lesson.commands] == ["tag", "push", "push"]
    assert [r.canonical for r in lesson.references] == [
        "docker.io/library/myapp:v1.0.0",
        "localhost:5000/myapp:v1.0.0",
    ]
    assert lesson.commands[0].written == ("myapp:v1.0.0", "localhost:5000/myapp:v1.0.0")
    assert lesson.commands[0].line == 16 and lesson.commands[0].section == "10.1"
    (warning,) = parse.problems
    assert warning.line == 18 and warning.severity is Severity.WARNING
    assert "'MyApp:v1' is not a valid image reference" in warning.message


def commands(text: str, language: str = "bash") -> list[tuple[str, ...]]:
    block = CodeBlock(language, text, 1, "10.1")
    from bot.core.docker_commands import extract_commands

    found, _ = extract_commands(block, PATH)
    return [c.argv for c in found]


def written(text: str) -> list[tuple[str, ...]]:
    from bot.core.docker_commands import extract_commands

    found, _ = extract_commands(CodeBlock("bash", text, 1, ""), PATH)
    return [c.written for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("docker run -d -p 5000:5000 --name registry registry:2", [("registry:2",)]),
        (
            "docker run -d \\\n  -p 5000:5000 \\\n  --restart always \\\n"
            "  -v /data:/var/lib/registry \\\n  registry:2",
            [("registry:2",)],
        ),
        ("docker run --rm -e K=V -it --entrypoint htpasswd httpd:2 -Bbn u p > auth/htpasswd", [("httpd:2",)]),
        ("docker run -dp 8080:80 --name=web -v=x:y nginx:alpine nginx -g 'daemon off;'", [("nginx:alpine",)]),
        ("docker container run --network host -w /app node:20 npm test", [("node:20",)]),
        ("docker build -t a/b:1 --tag=a/b:latest -f Dockerfile .", [("a/b:1", "a/b:latest")]),
        ("docker buildx build --platform linux/amd64 -t ghcr.io/u/app:1 .", [("ghcr.io/u/app:1",)]),
        ("docker tag src:1 dst/x:2  # comment with docker push y", [("src:1", "dst/x:2")]),
        ("docker image push --all-tags user/app", [("user/app",)]),
        ("docker pull --platform linux/arm64 alpine:3.19", [("alpine:3.19",)]),
        ("docker rmi a:1 b:2", [("a:1", "b:2")]),
        ("docker login ghcr.io -u me --password-stdin", [()]),
        ("docker push $USERNAME/$APP:${VERSION}", [()]),
    ],
)
def test_reference_words(text: str, expected: list[tuple[str, ...]]) -> None:
    assert written(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('sudo docker push "$USER/app:1"', [("docker", "push", "$USER/app:1")]),
        ("DOCKER_BUILDKIT=1 docker build -t x .", [("docker", "build", "-t", "x", ".")]),
        (
            "aws ecr get-login-password | \\\n docker login --username AWS --password-stdin h.example.com",
            [("docker", "login", "--username", "AWS", "--password-stdin", "h.example.com")],
        ),
        (
            'echo "$T" | docker login ghcr.io && docker push ghcr.io/a/b',
            [
                ("docker", "login", "ghcr.io"),
                ("docker", "push", "ghcr.io/a/b"),
            ],
        ),
        (
            'docker run -v "$(pwd)/auth:/auth" registry:2',
            [("docker", "run", "-v", "$(pwd)/auth:/auth", "registry:2")],
        ),
        ("docker build -t app:commit-#1 .", [("docker", "build", "-t", "app:commit-#1", ".")]),
        ("# docker push commented", []),
        (
            "cat > f << 'EOF'\ndocker push inside-heredoc\nEOF\ndocker pull after",
            [("docker", "pull", "after")],
        ),
        ("docker push 'unclosed", []),
        ("echo docker push x", []),
    ],
)
def test_argv_like_a_shell(text: str, expected: list[tuple[str, ...]]) -> None:
    assert commands(text) == expected


def test_console_blocks_only_read_prompt_lines() -> None:
    text = "$ docker push a/b:1\nThe push refers to repository [docker.io/a/b]\n$ docker pull c"
    assert commands(text, "console") == [("docker", "push", "a/b:1"), ("docker", "pull", "c")]


def test_logical_lines_keep_the_first_line_number() -> None:
    assert list(logical_lines("a \\\n  b\n\nc", 10)) == [(10, "a b"), (13, "c")]
    assert simple_commands("x; docker ps; y") == [("docker", "ps")]


def test_default_lesson_id() -> None:
    assert default_lesson_id("content/10-registries.md") == "10-registries"
    assert default_lesson_id("/x/000_E266ad.txt") == "000-e266ad"


def test_resolve_lesson_set_reports_duplicate_ids_and_orders() -> None:
    first = parse_lesson(lesson_text(), "content/a.md")
    same_id = parse_lesson(
        lesson_text(FRONT.replace("order: 10", "order: 11").replace("---\n", "---\nid: a\n", 1)),
        "content/b.md",
    )
    same_order = parse_lesson(lesson_text(), "content/c.md")
    kept, problems = resolve_lesson_set([first, same_id, same_order])
    assert [k.path for k in kept] == ["content/a.md"]
    assert [str(p) for p in problems] == [
        "content/b.md:2: error: duplicate lesson id 'a' (also content/a.md)",
        "content/c.md:4: error: duplicate lesson order 10 (also content/a.md)",
    ]


def test_unknown_prerequisite_is_a_warning() -> None:
    front = FRONT.replace("---\n", "---\nprerequisites: [09-images]\n", 1)
    kept, problems = resolve_lesson_set([parse_lesson(lesson_text(front), "content/a.md")])
    assert len(kept) == 1
    assert [str(p) for p in problems] == [
        "content/a.md:2: warning: prerequisite '09-images' is not a known lesson id"
    ]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: "---\n" + t))
def test_parse_lesson_never_raises(data: bytes | str) -> None:
    parse = parse_lesson(data, PATH)
    assert parse.lesson is not None or parse.has_errors


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("docker pushtag$\\\"'|&;#()<>\n -=:/")), max_size=80))
def test_command_extraction_never_raises(text: str) -> None:
    commands(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab$:/ \t'\"\\")), max_size=40))
def test_split_words_agrees_with_posix_shlex(text: str) -> None:
    try:
        expected: list[str] | None = shlex.split(text, comments=False, posix=True)
    except ValueError:
        expected = None
    assert split_words(text) == expected


_CHUNKS = ["## 10.1 Titre", "## 10.2 Autre", "## Sans numéro", "# Titre", "```bash", "```", "~~~", "texte",
           "| a | b |", "|---|---|", "| 1 | 2 |", "docker push a/b:1", ""]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_CHUNKS), max_size=25))
def test_markdown_structure_points_at_real_lines(chunks: list[str]) -> None:
    body = "\n".join(chunks)
    structure = parse_markdown(body, 5, PATH)
    lines = body.split("\n")
    for section in structure.sections:
        assert lines[section.line - 5] == f"## {section.number} {section.title}"
    for block in structure.code_blocks:
        assert lines[block.line - 5].startswith(("```", "~~~"))
    for table in structure.tables:
        assert lines[table.line - 5].startswith("|") and len(table.header) == 2
    assert [s.line for s in structure.sections] == sorted(s.line for s in structure.sections)
