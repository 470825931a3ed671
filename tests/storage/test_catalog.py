"""The content catalog: files on disk, broken variants side by side, reload keeping previous versions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.catalog import KEEPING_PREVIOUS, ContentCatalog, lesson_files, load_catalog

LESSON = """---
title: "Leçon {n}"
description: "d"
order: {n}
duration: "10 min"
icon: "📦"
xpReward: 50
objectives:
  - "Objectif A"
  - "Objectif B"
---

## {n}.1 Première

```bash
docker tag app:1 localhost:5000/app:1
```

## {n}.2 Seconde
"""

BANK = """schema_version: 1
lesson: {lesson}
questions:
  - id: {qid}
    type: short_answer
    section: "{n}.1"
    objective: 0
    difficulty: 1
    prompt: "Nom cible ?"
    accept:
      mode: image_reference
      values: ["{value}"]
    explanation: "Parce que."
"""


def lesson(n: int) -> str:
    return LESSON.format(n=n)


def bank(n: int, lesson_id: str, qid: str, value: str = "localhost:5000/app:1") -> str:
    return BANK.format(n=n, lesson=lesson_id, qid=qid, value=value)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path) -> Iterator[None]:
    """Problems name files relative to the working directory: work in tmp_path."""
    before = Path.cwd()
    os.chdir(tmp_path)
    yield
    os.chdir(before)


@pytest.fixture()
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    content, quizzes = tmp_path / "content", tmp_path / "quizzes"
    content.mkdir()
    quizzes.mkdir()
    return content, quizzes


def write(path: Path, text: str | bytes) -> None:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_which_files_are_lessons(dirs: tuple[Path, Path]) -> None:
    content, _ = dirs
    write(content / "01-a.md", lesson(1))
    write(content / "02-export.txt", b"\xef\xbb\xbf" + lesson(2).encode())
    write(content / "notes.txt", "just notes\n")
    (content / "errors").mkdir()
    write(content / "errors" / "e.md", "not a lesson")
    assert [p.name for p in lesson_files(content)] == ["01-a.md", "02-export.txt"]
    snapshot = load_catalog(content)
    assert [lsn.id for lsn in snapshot.lessons] == ["01-a", "02-export"]
    assert snapshot.problems == ()


def test_loads_lessons_and_banks(dirs: tuple[Path, Path]) -> None:
    content, quizzes = dirs
    write(content / "02-b.md", lesson(2))
    write(content / "01-a.md", lesson(1))
    write(quizzes / "01-a.yaml", bank(1, "01-a", "qa"))
    snapshot = load_catalog(content, quizzes)
    assert snapshot.problems == ()
    assert [lsn.meta.order for lsn in snapshot.lessons] == [1, 2]
    assert [q.id for q in snapshot.questions_for("01-a")] == ["qa"]
    assert snapshot.question("qa") is not None and snapshot.lesson("02-b") is not None
    assert snapshot.lessons[0].path == "content/01-a.md"


def test_broken_variants_each_give_a_located_error_and_the_rest_loads(dirs: tuple[Path, Path]) -> None:
    content, quizzes = dirs
    write(content / "01-good.md", lesson(1))
    write(content / "02-bad-yaml.md", lesson(2).replace('title: "Leçon 2"', 'title: "Leçon 2'))
    write(content / "03-missing.md", lesson(3).replace("xpReward: 50\n", ""))
    write(content / "04-wrong-type.md", lesson(4).replace("xpReward: 50", "xpReward: deux cents"))
    write(content / "05-dup.md", lesson(5).replace("---\n", "---\nid: 01-good\n", 1))
    write(content / "06-bytes.md", lesson(6).encode().replace("Première".encode(), b"Premi\xe8re"))
    write(content / "07-good.md", lesson(7))
    write(quizzes / "01-good.yaml", bank(1, "01-good", "q1"))
    write(quizzes / "07-bad-ref.yaml", bank(7, "07-good", "q7", value="localhost:5000/App:1"))
    snapshot = load_catalog(content, quizzes)
    found = {str(p) for p in snapshot.errors}
    expected_prefixes = [
        "content/02-bad-yaml.md:3: error: invalid YAML",
        "content/03-missing.md:1: error: missing required key 'xpReward'",
        "content/04-wrong-type.md:7: error: xpReward must be a positive integer, got 'deux cents'",
        "content/05-dup.md:2: error: duplicate lesson id '01-good' (also content/01-good.md)",
        "content/06-bytes.md:13: error: undecodable bytes",
        "quizzes/07-bad-ref.yaml:12: error: accept value 'localhost:5000/App:1' is not a valid image",
    ]
    for prefix in expected_prefixes:
        assert any(m.startswith(prefix) for m in found), (prefix, sorted(found))
    assert len(found) == len(expected_prefixes)
    assert [lsn.id for lsn in snapshot.lessons] == ["01-good", "07-good"]
    assert [q.id for q in snapshot.questions] == ["q1"]


def test_duplicate_order_rejects_the_later_file(dirs: tuple[Path, Path]) -> None:
    content, _ = dirs
    write(content / "a.md", lesson(1))
    write(content / "b.md", lesson(1))
    snapshot = load_catalog(content)
    assert [lsn.id for lsn in snapshot.lessons] == ["a"]
    assert [str(p) for p in snapshot.errors] == [
        "content/b.md:4: error: duplicate lesson order 1 (also content/a.md)"
    ]


def test_bank_for_an_unknown_lesson_is_an_error(dirs: tuple[Path, Path]) -> None:
    content, quizzes = dirs
    write(quizzes / "x.yaml", bank(1, "missing", "q"))
    snapshot = load_catalog(content, quizzes)
    assert snapshot.banks == ()
    assert str(snapshot.errors[0]).startswith(
        "quizzes/x.yaml:2: error: lesson 'missing' is not a known lesson id"
    )


def test_reload_keeps_the_previous_version_of_a_broken_file(dirs: tuple[Path, Path]) -> None:
    content, quizzes = dirs
    write(content / "01-a.md", lesson(1))
    write(content / "02-b.md", lesson(2))
    write(quizzes / "01-a.yaml", bank(1, "01-a", "qa"))
    catalog = ContentCatalog(content, quizzes)
    first = catalog.reload()
    assert first.problems == ()

    write(
        content / "01-a.md", lesson(1).replace("Leçon 1", "Leçon un").replace("xpReward: 50", "xpReward: -5")
    )
    write(content / "02-b.md", lesson(2).replace("Leçon 2", "Leçon deux"))
    write(quizzes / "01-a.yaml", bank(1, "01-a", "qa").replace("difficulty: 1", "difficulty: 9"))
    second = catalog.reload()
    assert catalog.snapshot is second
    assert [lsn.meta.title for lsn in second.lessons] == ["Leçon 1", "Leçon deux"]  # a kept, b updated
    assert [q.difficulty for q in second.questions] == [1]
    messages = [str(p) for p in second.problems]
    assert "content/01-a.md:7: error: xpReward must be a positive integer, got -5" in messages
    assert f"content/01-a.md: warning: {KEEPING_PREVIOUS}" in messages
    assert any(m.startswith("quizzes/01-a.yaml:8: error: difficulty") for m in messages)
    assert f"quizzes/01-a.yaml: warning: {KEEPING_PREVIOUS}" in messages

    write(content / "01-a.md", lesson(1).replace("Leçon 1", "Leçon un"))
    write(quizzes / "01-a.yaml", bank(1, "01-a", "qa").replace("difficulty: 1", "difficulty: 3"))
    third = catalog.reload()
    assert third.problems == ()
    assert [lsn.meta.title for lsn in third.lessons] == ["Leçon un", "Leçon deux"]
    assert [q.difficulty for q in third.questions] == [3]


def test_reload_new_duplicate_does_not_displace_the_live_lesson(dirs: tuple[Path, Path]) -> None:
    content, _ = dirs
    write(content / "b.md", lesson(1).replace("---\n", "---\nid: shared\n", 1))
    catalog = ContentCatalog(content)
    catalog.reload()
    write(content / "a.md", lesson(2).replace("---\n", "---\nid: shared\n", 1))  # sorts first, arrives later
    snapshot = catalog.reload()
    assert [lsn.path for lsn in snapshot.lessons] == ["content/b.md"]
    assert [str(p) for p in snapshot.errors] == [
        "content/a.md:2: error: duplicate lesson id 'shared' (also content/b.md)"
    ]


def test_reload_drops_deleted_files_and_never_touches_the_old_snapshot(dirs: tuple[Path, Path]) -> None:
    content, _ = dirs
    write(content / "01-a.md", lesson(1))
    write(content / "02-b.md", lesson(2))
    catalog = ContentCatalog(content)
    before = catalog.reload()
    (content / "02-b.md").unlink()
    after = catalog.reload()
    assert [lsn.id for lsn in after.lessons] == ["01-a"]
    assert [lsn.id for lsn in before.lessons] == ["01-a", "02-b"]


def test_missing_directories_load_nothing(tmp_path: Path) -> None:
    snapshot = load_catalog(tmp_path / "nope", tmp_path / "neither")
    assert snapshot.lessons == () and snapshot.banks == () and snapshot.problems == ()
